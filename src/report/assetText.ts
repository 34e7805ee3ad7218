/**
 * Magazines and sortie pools in words, for every report format: per asset and structure what was
 * drawn, how often a decision waited or failed for want of it, and when it ran dry (the share
 * of runs dry by the end and by each week, and the restricted mean day — a run that never ran
 * dry counts at the scenario's end, censored, as latencies do); and per structure whether
 * assets or staff held decisions up more (time waiting for assets against time in staff queues).
 */
import { formatDuration } from '../model/duration.js';
import type { Report } from '../model/report.js';
import { wrapLine } from './textWidth.js';

type AssetFigures = NonNullable<Report['assets']>[number]['structures'][string];

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
const DAY = 86400;

/** What causes of delay are called in prose (the report's cause `supply`). */
export const SUPPLY_PROSE = 'waiting for munitions or drone sorties';

/** Per run: seconds waiting for assets and in staff queues, summed over decisions; decisions failed for want of an asset, and missed otherwise. */
export interface Bottleneck {
  supply_s: number;
  queueing_s: number;
  shortfalls: number;
  missedOtherwise: number;
  verdict: 'assets' | 'staff' | 'neither';
}

export function bottleneck(report: Report, id: string): Bottleneck {
  let supply = 0;
  let queueing = 0;
  let shortfalls = 0;
  let missed = 0;
  for (const d of report.decisions) {
    const r = d.structures[id];
    if (!r) continue;
    supply += (r.byCause_s.supply ?? 0) * r.executed;
    queueing += r.byCause_s.queueing * r.executed;
    shortfalls += r.shortfalls ?? 0;
    missed += r.outcomes?.missed.count ?? 0;
  }
  const runs = report.runs;
  const s = { supply_s: supply / runs, queueing_s: queueing / runs, shortfalls: shortfalls / runs, missedOtherwise: Math.max(0, missed - shortfalls) / runs };
  // Time lost and decisions lost both count: assets are the bottleneck when they cost more of either without costing less of the other.
  const assets = s.supply_s > s.queueing_s || s.shortfalls > s.missedOtherwise;
  const staff = s.queueing_s > s.supply_s || s.missedOtherwise > s.shortfalls;
  return { ...s, verdict: assets && !staff ? 'assets' : staff && !assets ? 'staff' : s.supply_s + s.shortfalls === 0 && s.queueing_s + s.missedOtherwise === 0 ? 'neither' : assets ? 'assets' : 'staff' };
}

/** One sentence per structure: which held decisions up more. */
export function bottleneckSentence(report: Report, id: string): string {
  const b = bottleneck(report, id);
  const what = b.verdict === 'assets' ? 'munitions and sorties, not staff, are the bottleneck' : b.verdict === 'staff' ? 'staff, not munitions, are the bottleneck' : 'nothing waited';
  return `${id}: per run ${formatDuration(Math.round(b.supply_s))} waiting for assets vs ${formatDuration(Math.round(b.queueing_s))} in staff queues; ${num(b.shortfalls)} decision${b.shortfalls === 1 ? '' : 's'} failed for want of an asset, ${num(b.missedOtherwise)} missed otherwise: ${what}.`;
}

/** When it ran dry: the share of runs and the restricted mean day (with its interval). */
export function dryText(f: AssetFigures): string {
  const t = f.timeToDry_s;
  const day = (s: number) => (s / DAY).toFixed(1);
  const ci = f.dry.ci95 ? ` [${pct(f.dry.ci95[0])}, ${pct(f.dry.ci95[1])}]` : '';
  if (f.dry.count === 0) return `never ran dry before the scenario's end${ci ? ` (${pct(0)}${ci} of runs)` : ''}`;
  const mean = `day ${day(t.restrictedMean_s)}${t.ci95_s ? ` [${day(t.ci95_s[0])}, ${day(t.ci95_s[1])}]` : ''}`;
  return `dry in ${pct(f.dry.share)}${ci} of runs; restricted mean ${mean}${t.censored > 0 ? `, ${t.censored} never dry counted at the end` : ''}`;
}

/** The share dry by the end of each week (or each day, for a scenario of a week or less). */
export function dryByWeek(f: AssetFigures): string {
  const step = f.dryByDay.length > 7 ? 7 : 1;
  const picks = f.dryByDay.filter((x, i) => (i + 1) % step === 0 || i === f.dryByDay.length - 1);
  return picks.map((x) => `d${x.day} ${pct(x.share)}`).join(' · ');
}

/** The terminal section (≤80 columns): nothing when the report has no assets. */
export function assetLines(report: Report): string[] {
  if (!report.assets?.length) return [];
  const ids = report.structures.map((s) => s.id);
  const w = Math.max(8, ...ids.map((i) => i.length + 3));
  const lines: string[] = ['MAGAZINES AND SORTIE POOLS (per run: mean; intervals 95%)'];
  const put = (line: string, indent: string) => lines.push(...wrapLine(line, indent));
  const under = ' '.repeat(w);
  for (const a of report.assets) {
    put(`${a.id} · ${a.name} · ${a.nation} ${a.node} · ${a.initial} at start`, '    ');
    for (const id of ids) {
      const f = a.structures[id];
      if (!f) continue;
      put(`  ${id}`.padEnd(w) + `drew ${num(f.drawn)} · ${num(f.waits)} waited · ${num(f.shortfalls)} failed for want · ${num(f.endLevel)} left`, under + '  ');
      put(under + dryText(f), under + '  ');
      if (f.dry.count > 0) put(`${under}dry by: ${dryByWeek(f)}`, under + '  ');
    }
  }
  lines.push('Bottleneck (time waiting for assets vs in staff queues; decisions lost):');
  for (const id of ids) put(`  ${bottleneckSentence(report, id)}`, '    ');
  return lines;
}

/** Markdown: a table of every asset and structure, then the bottleneck per structure. `text` escapes input text, `code` sets ids. */
export function assetMarkdown(report: Report, text: (s: string) => string, code: (s: string) => string): string[] {
  if (!report.assets?.length) return [];
  const out = ['## Magazines and sortie pools', '',
    '| Asset | Structure | Drawn per run | Waited | Failed for want | Ran dry (share of runs, restricted mean day) | Dry by |', '|---|---|---|---|---|---|---|'];
  for (const a of report.assets) {
    for (const [id, f] of Object.entries(a.structures)) {
      out.push(`| ${text(a.name)} (${code(a.id)}, ${text(a.nation)} ${code(a.node)}, ${a.initial} at start) | ${code(id)} | ${num(f.drawn)} | ${num(f.waits)} | ${num(f.shortfalls)} | ${dryText(f)} | ${f.dry.count > 0 ? dryByWeek(f) : '—'} |`);
    }
  }
  out.push('', ...report.structures.map((s) => `- ${text(bottleneckSentence(report, s.id))}`), '',
    'A magazine or pool runs dry when none is on hand, or too few for a use that needs them; a run in which it never did counts at the scenario\'s end (censored), so the restricted mean day is a lower bound where runs are censored. Intervals are 95% (Wilson for shares, t over runs for the day).', '');
  return out;
}
