/** The debrief of one played run: per decision, each structure's latency and outcome, and the difference. */
import { formatDuration } from '../model/duration.js';
import type { Report, StructureResult } from '../model/report.js';

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

function outcomeText(r: StructureResult): string {
  if (r.instances === 0) return 'not demanded';
  const lat = r.latency_s;
  if (r.instances === 1) {
    if (!lat) return 'missed';
    const o = r.outcomes;
    const verdict = !o ? 'done' : o.onTime.count === 1 ? 'on time' : 'late';
    return `${formatDuration(lat.mean_s)} ${verdict}`;
  }
  const o = r.outcomes;
  const counts = o ? ` · ${o.onTime.count} on time, ${o.late.count} late, ${o.missed.count} missed` : '';
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
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${formatDuration(d.deadline_s)}`;
    return { key: `${d.inject}/${d.decision}`, heading: `${d.inject}/${d.decision} · ${d.kind} · ${deadline}`, lines };
  });
}

export function debriefText(report: Report): string {
  const out = [`Debrief — ${report.scenario.name} (seed ${report.seed}, run ${report.firstRun})`];
  const choices = Object.entries(report.options.choices);
  if (choices.length) out.push(`choices: ${choices.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  out.push('');
  for (const row of debriefRows(report)) {
    out.push(row.heading, ...row.lines.map((l) => `  ${l}`), '');
  }
  return out.join('\n');
}
