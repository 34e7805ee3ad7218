/**
 * The summary tables as CSV for pandas, R and spreadsheets (RFC 4180: CRLF line ends, a header
 * row). Numbers are written as plain numbers, never quoted; every text cell is quoted, its
 * quotes doubled, and — since text may come from input files — a text cell that a spreadsheet
 * would read as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe, as OWASP's CSV-injection guidance says. A missing figure is an empty cell.
 */
import type { Comparison } from '../model/comparison.js';
import type { Report, StructureResult } from '../model/report.js';
import type { Sensitivity } from '../model/sensitivity.js';

type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A seed is digits (at most 15, so exact as a number): a number column, not text to quote. */
const seedCell = (seed: string): Cell => (/^\d{1,15}$/.test(seed) ? Number(seed) : seed);

export function csvTable(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The cause and node that took the most time, with their shares of the total. */
function most(byX: Record<string, number>): [string | null, number | null] {
  const total = Object.values(byX).reduce((a, b) => a + b, 0);
  const top = Object.entries(byX).sort((a, b) => b[1] - a[1])[0];
  // Rounded as the report's rates are (six places): a share, not seventeen digits of float noise.
  return top && total > 0 ? [top[0], Math.round((top[1] / total) * 1e6) / 1e6] : [null, null];
}

/** Columns of `run --csv`, in order (README documents each). */
export const REPORT_CSV_COLUMNS = [
  'scenario', 'seed', 'runs', 'first_run', 'inject', 'decision', 'kind', 'title', 'deadline_s', 'expires_s', 'structure',
  'instances', 'executed', 'p50_s', 'p50_lo_s', 'p50_hi_s', 'p90_s', 'p90_lo_s', 'p90_hi_s', 'mean_s', 'mean_lo_s', 'mean_hi_s',
  'restricted_mean_s', 'censored', 'on_time_rate', 'on_time_lo', 'on_time_hi', 'late_rate', 'missed_rate',
  'top_cause', 'top_cause_share', 'top_node', 'top_node_share',
  'baseline', 'difference_s', 'difference_lo_s', 'difference_hi_s', 'pairs', 'verdict',
] as const;

/** One row per decision × structure, with the figures of the summary table and their intervals. */
export function reportCsv(report: Report): string {
  return csvTable([...REPORT_CSV_COLUMNS], reportRows(report));
}

/** Columns of `sweep --csv`: the point, its --set arguments and variant, then those of `run --csv`. */
export const SWEEP_CSV_COLUMNS = ['point', 'set', 'variant', ...REPORT_CSV_COLUMNS] as const;

/** One row per point × decision × structure; `set` holds the point's --set arguments, joined by "; ". */
export function sweepCsv(points: { set: string[]; variants: string[]; report: Report }[], fixedVariants = 0): string {
  return csvTable([...SWEEP_CSV_COLUMNS], points.flatMap((p, i) => reportRows(p.report).map((r) => [
    i + 1, p.set.join('; '), p.report.options.variants.slice(fixedVariants).map((v) => v.id).join('; '), ...r,
  ])));
}

function reportRows(report: Report): Cell[][] {
  const rows: Cell[][] = [];
  for (const d of report.decisions) {
    for (const s of report.structures) {
      const r: StructureResult | undefined = d.structures[s.id];
      if (!r) continue;
      const lat = r.latency_s;
      const [cause, causeShare] = most(r.byCause_s);
      const [node, nodeShare] = most(r.byNode_s);
      const pair = d.paired.find((p) => p.candidate === s.id);
      rows.push([
        report.scenario.id, seedCell(report.seed), report.runs, report.firstRun, d.inject, d.decision, d.kind, d.title, d.deadline_s, d.expires_s, s.id,
        r.instances, r.executed, lat?.p50_s, lat?.p50_ci95_s?.[0], lat?.p50_ci95_s?.[1], lat?.p90_s, lat?.p90_ci95_s?.[0], lat?.p90_ci95_s?.[1],
        lat?.mean_s, lat?.mean_ci95_s?.[0], lat?.mean_ci95_s?.[1],
        r.restricted_s?.mean_s, r.restricted_s?.censored, r.outcomes?.onTime.rate, r.outcomes?.onTime.ci95?.[0], r.outcomes?.onTime.ci95?.[1],
        r.outcomes?.late.rate, r.outcomes?.missed.rate,
        lat ? cause : null, lat ? causeShare : null, lat ? node : null, lat ? nodeShare : null,
        pair?.baseline, pair?.meanDifference_s, pair?.ci95_s?.[0], pair?.ci95_s?.[1], pair?.pairs, pair?.verdict,
      ]);
    }
  }
  return rows;
}

/** Columns of `compare --csv`, in order (README documents each). */
export const COMPARISON_CSV_COLUMNS = [
  'scenario', 'a_file', 'a_seed', 'a_runs', 'b_file', 'b_seed', 'b_runs', 'decision', 'kind', 'structure',
  'a_executed', 'b_executed', 'a_mean_s', 'b_mean_s', 'a_p50_s', 'b_p50_s', 'a_p90_s', 'b_p90_s',
  'difference_s', 'difference_lo_s', 'difference_hi_s', 'verdict',
  'a_on_time_rate', 'b_on_time_rate', 'on_time_difference', 'on_time_lo', 'on_time_hi', 'on_time_verdict',
] as const;

/** One row per decision × structure: a → b, the difference with its interval, and the verdicts. */
export function comparisonCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  for (const d of c.decisions) {
    for (const [id, s] of Object.entries(d.structures)) {
      rows.push([
        c.a.scenario, c.a.file, seedCell(c.a.seed), c.a.runs, c.b.file, seedCell(c.b.seed), c.b.runs, d.key, d.kind, id,
        s.a.executed, s.b.executed, s.a.mean_s, s.b.mean_s, s.a.p50_s, s.b.p50_s, s.a.p90_s, s.b.p90_s,
        s.meanDifference_s, s.ci95_s?.[0], s.ci95_s?.[1], s.verdict,
        s.a.onTimeRate, s.b.onTimeRate, s.onTimeDifference, s.onTime_ci95?.[0], s.onTime_ci95?.[1], s.onTimeVerdict,
      ]);
    }
  }
  return csvTable([...COMPARISON_CSV_COLUMNS], rows);
}

/** Columns of `sensitivity --csv`, in order (README documents each). */
export const SENSITIVITY_CSV_COLUMNS = [
  'scenario', 'seed', 'runs', 'inject', 'decision', 'kind', 'rank', 'target', 'path', 'input_kind', 'confidence', 'range_from', 'swing_s',
  'side', 'factor', 'value', 'set', 'measure', 'structure', 'baseline', 'change_s', 'change_lo_s', 'change_hi_s',
  'difference_s', 'difference_lo_s', 'difference_hi_s', 'verdict', 'flip_to', 'flip_factor', 'flip_lo', 'flip_hi',
] as const;

/**
 * The tornado tables in long form: per decision, input (in rank order) and end of its range, a
 * row per structure (`measure` latency: its change) and a row per difference between structures
 * (`measure` difference: the change in candidate − baseline, the difference there, its verdict,
 * and the flip found from that end, if any).
 */
export function sensitivityCsv(s: Sensitivity): string {
  const rows: Cell[][] = [];
  for (const d of s.decisions) {
    d.inputs.forEach((i, rank) => {
      for (const side of ['low', 'high'] as const) {
        const x = i[side];
        const head: Cell[] = [s.scenario.id, seedCell(s.seed), s.runs, d.inject, d.decision, d.kind, rank + 1, i.target, i.path, i.kind, i.confidence, i.from, i.swing_s, side, x.factor, x.value, x.set];
        for (const id of s.structures) {
          const c = x.structures[id]!;
          rows.push([...head, 'latency', id, null, c.change_s, c.ci95_s?.[0], c.ci95_s?.[1], null, null, null, null, null, null, null, null]);
        }
        for (const c of x.differences) {
          const f = d.flips.find((f) => f.target === i.target && f.path === i.path && f.side === side && f.candidate === c.candidate && f.baseline === c.baseline);
          rows.push([...head, 'difference', c.candidate, c.baseline, c.change_s, c.ci95_s?.[0], c.ci95_s?.[1],
            c.difference_s, c.difference_ci95_s?.[0], c.difference_ci95_s?.[1], c.verdict, f?.to, f?.factor, f?.bracket[0], f?.bracket[1]]);
        }
      }
    });
  }
  return csvTable([...SENSITIVITY_CSV_COLUMNS], rows);
}
