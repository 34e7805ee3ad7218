/** The debrief of one played run: per decision, each structure's latency and outcome, and the difference. */
import { formatDuration, readableDuration } from '../model/duration.js';
import type { Report, StructureResult } from '../model/report.js';
import { wrapKeepingIndent, wrapLine } from './lineWrap.js';
import { NodeNamer } from './nodeNames.js';
import { bottleneckSentence } from './assetText.js';

export interface DebriefRow {
  key: string;
  heading: string;
  lines: string[];
}

function costliest(r: StructureResult): string {
  const [node] = Object.entries(r.byNode_s).sort((a, b) => b[1] - a[1])[0] ?? [];
  const [cause] = Object.entries(r.byCause_s).sort((a, b) => b[1] - a[1])[0] ?? [];
  return node ? `most time: ${node}, ${cause}` : '';
}

/** Right or wrong, after the outcome: a false alarm and whether it was withdrawn; a retraction's time. */
function truthText(r: StructureResult): string {
  const t = r.truth;
  if (!t || r.instances === 0) return '';
  const x = t.retractions;
  if (x) return x.timeToRetract_s ? ` · withdrew ${formatDuration(x.timeToRetract_s.mean_s)} after the error was knowable` : '';
  if (t.falseAlarms.count === 0) return '';
  const withdrawn = t.retracted?.count ?? 0;
  if (r.instances === 1) return withdrawn ? ' · a false alarm, withdrawn' : ' · a false alarm';
  return ` · ${t.falseAlarms.count} false alarm${t.falseAlarms.count === 1 ? '' : 's'} (${withdrawn} withdrawn)`;
}

function outcomeText(r: StructureResult): string {
  return baseOutcome(r) + truthText(r);
}

function baseOutcome(r: StructureResult): string {
  if (r.instances === 0) return 'not demanded';
  const lat = r.latency_s;
  if (r.instances === 1) {
    if (!lat) return r.shortfalls ? 'missed: no rounds or sorties' : 'missed';
    const o = r.outcomes;
    const verdict = !o ? 'done' : o.onTime.count === 1 ? 'on time' : 'late';
    return `${formatDuration(lat.mean_s)} ${verdict}`;
  }
  const o = r.outcomes;
  const want = r.shortfalls ? ` (${r.shortfalls} for want of assets)` : '';
  const counts = o ? ` · ${o.onTime.count} on time, ${o.late.count} late, ${o.missed.count} missed${want}` : '';
  return `${r.instances}×, mean ${lat ? formatDuration(lat.mean_s) : '—'}${counts}`;
}

export function debriefRows(report: Report): DebriefRow[] {
  const ids = report.structures.map((s) => s.id);
  const w = Math.max(...ids.map((i) => i.length)) + 2;
  return report.decisions.map((d) => {
    const lines = ids.map((id) => {
      const r = d.structures[id]!;
      const text = outcomeText(r);
      return `${id.padEnd(w)}${text.padEnd(28)} ${r.latency_s ? costliest(r) : ''}`.trimEnd();
    });
    for (const p of d.paired) {
      if (p.meanDifference_s === null) continue;
      const x = p.meanDifference_s;
      lines.push(`${p.candidate} − ${p.baseline}: ${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`);
    }
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${readableDuration(d.deadline_s)}`;
    return { key: `${d.inject}/${d.decision}`, heading: `${d.inject}/${d.decision} · ${d.kind} · ${deadline}`, lines };
  });
}

interface Tally { demanded: number; onTime: number; late: number; missed: number; withDeadline: number }

function tally(report: Report, id: string): Tally {
  const t: Tally = { demanded: 0, onTime: 0, late: 0, missed: 0, withDeadline: 0 };
  for (const d of report.decisions) {
    const r = d.structures[id];
    if (!r) continue;
    t.demanded += r.instances;
    if (!r.outcomes) continue;
    t.withDeadline += r.instances;
    t.onTime += r.outcomes.onTime.count;
    t.late += r.outcomes.late.count;
    t.missed += r.outcomes.missed.count;
  }
  return t;
}

/**
 * The answer first: which structure decided faster (in how many decisions), which had more
 * decisions on time, and the counts behind both.
 */
export function bottomLine(report: Report): string[] {
  const ids = report.structures.map((s) => s.id);
  const tallies = ids.map((id) => tally(report, id));
  const onTime = ids.map((id, i) => {
    const t = tallies[i]!;
    return `${id} ${t.onTime} of ${t.withDeadline} on time (${t.late} late, ${t.missed} missed)`;
  });
  if (ids.length < 2) return [`Bottom line: ${onTime[0]}.`, ...(falseAlarmTally(report, ids) ? [falseAlarmTally(report, ids)!] : [])];
  // Paired results compare each structure with the first; a played run shows at most two.
  const [baseline, candidate] = [ids[0]!, ids[1]!];
  let faster = 0;
  let slower = 0;
  let compared = 0;
  for (const d of report.decisions) {
    const q = d.paired.find((x) => x.candidate === candidate && x.baseline === baseline);
    if (!q || q.meanDifference_s === null) continue;
    compared++;
    if (q.meanDifference_s < 0) faster++;
    else if (q.meanDifference_s > 0) slower++;
  }
  const took = compared === 1 ? 'the one decision' : `the ${compared} decisions`;
  const speed = faster === slower
    ? `${candidate} and ${baseline} were as fast as each other (each faster in ${faster} of ${took} both took)`
    : faster > slower
      ? `${candidate} decided faster than ${baseline} (faster in ${faster} of ${took} both took, slower in ${slower})`
      : `${baseline} decided faster than ${candidate} (faster in ${slower} of ${took} both took, slower in ${faster})`;
  const a = tallies[0]!;
  const b = tallies[1]!;
  const right = b.onTime !== a.onTime
    ? `${b.onTime > a.onTime ? candidate : baseline} had more decisions on time`
    : a.missed !== b.missed
      ? `both had as many on time, and ${b.missed < a.missed ? candidate : baseline} missed fewer`
      : 'both had as many decisions on time';
  const lines = [`Bottom line: ${speed}; ${right}.`];
  lines.push(`On time: ${onTime.join('; ')}.`);
  const wrong = falseAlarmTally(report, ids);
  if (wrong) lines.push(wrong);
  lines.push(...assetTally(report));
  return lines;
}

export interface DebriefOptions {
  /**
   * Lines are wrapped to it. Default 79: an 80-column terminal without its last column, which
   * the play screen leaves free too, so a replay prints the lines the screen showed.
   */
  width?: number;
  /** Node ids to names, spelled out at first use. */
  nodeNames?: ReadonlyMap<string, string>;
}

export function debriefText(report: Report, opts: DebriefOptions = {}): string {
  const width = opts.width ?? 79;
  const namer = new NodeNamer(opts.nodeNames ?? new Map());
  const raw = [`Debrief — ${report.scenario.name} (seed ${report.seed}, run ${report.firstRun})`];
  const choices = Object.entries(report.options.choices);
  if (choices.length) raw.push(`choices: ${choices.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  // A one-run debrief: each element drawn by chance fell in one branch (a batch's: its shares).
  const drawn = (report.branches ?? []).map((b) => (report.runs === 1 ? `${b.element}=${b.branch}` : `${b.element}=${b.branch} ${Math.round(b.share * 100)}%`));
  if (drawn.length) raw.push(`drawn by chance: ${drawn.join(', ')}`);
  raw.push('', ...bottomLine(report), '');
  for (const row of debriefRows(report)) {
    for (const line of [row.heading, ...row.lines.map((l) => `  ${namer.expand(l)}`)]) {
      // Where most time went moves to a line of its own rather than break the aligned columns.
      const at = line.indexOf('most time: ');
      if (line.length > width && at > 0) raw.push(line.slice(0, at).trimEnd(), `    ${line.slice(at)}`);
      else raw.push(line);
    }
    raw.push('');
  }
  return raw.flatMap((l) => (l === '' ? [''] : l.startsWith(' ') ? wrapKeepingIndent(l, width) : wrapLine(l, width))).join('\n');
}

/** "False alarms: legacy 1 (1 withdrawn); jfhq 1 (0 withdrawn)." — when the scenario's tracks can be wrong. */
function falseAlarmTally(report: Report, ids: string[]): string | undefined {
  if (!report.decisions.some((d) => Object.values(d.structures).some((r) => r.truth))) return undefined;
  const parts = ids.map((id) => {
    let alarms = 0;
    let withdrawn = 0;
    for (const d of report.decisions) {
      const t = d.structures[id]?.truth;
      if (!t) continue;
      alarms += t.falseAlarms.count;
      withdrawn += t.retracted?.count ?? 0;
    }
    return `${id} ${alarms} (${withdrawn} withdrawn)`;
  });
  return `False alarms: ${parts.join('; ')}.`;
}

/** Magazines and sortie pools: the day each ran dry in each structure, and the bottleneck. */
function assetTally(report: Report): string[] {
  if (!report.assets?.length) return [];
  const ids = report.structures.map((s) => s.id);
  const dry = report.assets.map((a) => `${a.id} ${ids.map((id) => {
    const f = a.structures[id];
    return f && f.dry.count > 0 ? `day ${(f.timeToDry_s.restrictedMean_s / 86400).toFixed(1)}` : 'never';
  }).join(' / ')}`);
  return [`Ran dry (${ids.join(' / ')}): ${dry.join('; ')}.`, ...ids.map((id) => bottleneckSentence(report, id))];
}
