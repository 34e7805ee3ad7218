/** The run summary for a terminal: one block per decision, each structure on its own line. */
import { CONFIDENCE_NOTE, restsOn } from './confidenceText.js';
import { formatDuration, SHORT_DURATION_WIDTH, shortDuration } from '../model/duration.js';
import type { Report, StructureResult } from '../model/report.js';
import { lineOrTwo, wrapLine } from './textWidth.js';
import { hasTruth, TRUTH_NOTE, truthLines } from './truthText.js';
import { assetLines } from './assetText.js';
import { BRANCH_NOTE, branchTableLines } from './branchText.js';
import { plural } from './plural.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

function topCause(r: StructureResult): string {
  const total = Object.values(r.byCause_s).reduce((a, b) => a + b, 0);
  if (total <= 0) return '';
  const [cause, s] = Object.entries(r.byCause_s).sort((a, b) => b[1] - a[1])[0]!;
  const [node, ns] = Object.entries(r.byNode_s).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return `${cause} ${pct(s / total)} · ${node} ${pct(ns / total)}`;
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/**
 * The latency distribution as a 10-character histogram on a scale shared by the structures of
 * one decision, so their shapes and positions can be compared at a glance.
 */
export function sparkline(cdf: number[], xmax: number, width = 10): string {
  const bins = new Array<number>(width).fill(0);
  for (let i = 0; i < cdf.length - 1; i++) {
    const mid = (cdf[i]! + cdf[i + 1]!) / 2;
    bins[Math.min(width - 1, Math.floor((mid / (xmax || 1)) * width))]! += 1;
  }
  const peak = Math.max(...bins);
  return bins.map((b) => BLOCKS[b === 0 ? 0 : Math.max(1, Math.round((b / peak) * 8))]).join('');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

export function summaryTable(report: Report): string {
  const lines: string[] = [];
  const ids = report.structures.map((s) => s.id);
  lines.push(report.scenario.name);
  lines.push(`${report.scenario.id} · seed ${report.seed} · ${plural(report.runs, 'run')}${report.firstRun ? ` from run ${report.firstRun}` : ''} · ${ids.map((id, i) => (i === 0 && ids.length > 1 ? `${id} (baseline)` : id)).join(', ')}`);
  const choices = Object.entries(report.options.choices);
  if (choices.length) lines.push(`choices: ${choices.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  // Branches drawn per run: the share of runs in each, element by element.
  const drawn = new Map<string, string[]>();
  for (const b of report.branches ?? []) drawn.set(b.element, [...(drawn.get(b.element) ?? []), `${b.branch} ${pct(b.share)}`]);
  for (const [element, shares] of drawn) lines.push(`drawn per run: ${element}: ${shares.join(' · ')}`);
  lines.push('');
  // Times are at most SHORT_DURATION_WIDTH wide, so the columns hold whatever the times (a day and more included).
  const w = { structure: Math.max(10, ...ids.map((i) => i.length + 4)), time: SHORT_DURATION_WIDTH + 1, rate: 8, spark: 11 };
  lines.push(pad('', w.structure) + pad('P50', w.time) + pad('P90', w.time) + pad('ON TIME', w.rate) + pad('SHAPE', w.spark) + 'MOST TIME');
  const signed = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '') + formatDuration(Math.abs(x));
  for (const d of report.decisions) {
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${formatDuration(d.deadline_s)}`;
    lines.push(`${d.inject}/${d.decision} · ${d.kind} · ${deadline}`);
    const xmax = Math.max(0, ...ids.map((id) => d.structures[id]!.latency_s?.cdf_s[19] ?? 0));
    for (const id of ids) {
      const r = d.structures[id]!;
      if (r.instances === 0) {
        lines.push(pad(`  ${id}`, w.structure) + 'not demanded in these runs');
        continue;
      }
      const lat = r.latency_s;
      lines.push(
        pad(`  ${id}`, w.structure)
        + pad(lat ? shortDuration(lat.p50_s) : '—', w.time) + pad(lat ? shortDuration(lat.p90_s) : '—', w.time)
        + pad(r.outcomes ? pct(r.outcomes.onTime.rate) : '—', w.rate)
        + pad(lat ? sparkline(lat.cdf_s.slice(0, 20), xmax) : '', w.spark)
        + (lat ? topCause(r) : 'never executed'),
      );
      if (r.truth) lines.push(...truthLines(r.truth, '      ', 80));
    }
    for (const p of d.paired) {
      if (p.meanDifference_s === null || p.ci95_s === null) continue;
      const difference = `  ${p.candidate} − ${p.baseline} ${signed(p.meanDifference_s)} [${signed(p.ci95_s[0])}, ${signed(p.ci95_s[1])}], ${plural(p.pairs, 'run')}:`;
      // Too wide for one line: the verdict goes on its own, indented under the difference.
      lines.push(...lineOrTwo(difference, p.verdict, '    '));
    }
    const rests = ids.flatMap((id) => { const t = restsOn(d, id); return t ? [`${id}: ${t}`] : []; });
    if (rests.length) lines.push(`  rests on: ${rests.join('; ')}`);
    lines.push('');
  }
  const byBranch = branchTableLines(report);
  lines.push(...byBranch);
  const assets = assetLines(report);
  if (assets.length) lines.push(...assets, '');
  lines.push('Latency: first detection → execution; intervals are 95%, paired over runs.');
  lines.push('SHAPE: the latency distribution up to p95, on one scale per decision.');
  if (report.decisions.some((d) => ids.some((id) => restsOn(d, id)))) lines.push(CONFIDENCE_NOTE);
  if (hasTruth(report)) lines.push(TRUTH_NOTE);
  if (byBranch.length) lines.push(BRANCH_NOTE);
  // Long ids or wide intervals wrap rather than overflow 80 columns.
  return lines.flatMap((l) => wrapLine(l)).join('\n') + '\n';
}
