/**
 * From a batch's asset summaries to the report's figures: per magazine or sortie pool and
 * structure, the means per run, the share of runs dry by the scenario's end and by each day
 * (Wilson intervals), and the restricted mean time to running dry (a run that never ran dry
 * counts at the scenario's end, censored; a t-interval over runs).
 */
import type { Scenario } from '../model/scenario.js';
import type { Report } from '../model/report.js';
import { t975, wilson, type Interval } from './stats.js';
import type { AssetSummary } from './assetSummary.js';
import type { BatchSummary } from './summary.js';

const US = 1e6;
const DAY = 86400;

export function assetResults(scenario: Scenario, summary: BatchSummary): NonNullable<Report['assets']> {
  const defs = scenario.assets ?? [];
  const days = Math.max(1, Math.ceil(scenario.duration / DAY));
  return summary.assets!.ids.map((id, i) => {
    const a = defs.find((x) => x.id === id);
    return {
      id,
      name: a?.name ?? id,
      kind: a?.kind ?? 'magazine',
      nation: a?.nation ?? '',
      node: a?.node ?? '',
      initial: a?.initial ?? 0,
      structures: Object.fromEntries(summary.structures.map((s, k) => [s, figures(summary.assets!.byStructure[k]![i]!, days, scenario.duration)])),
    };
  });
}

function figures(a: AssetSummary, days: number, horizon: number): NonNullable<Report['assets']>[number]['structures'][string] {
  const n = a.runs;
  const per = (x: number) => (n > 0 ? r3(x / n) : 0);
  const share = (k: number) => ({ share: n > 0 ? r6(k / n) : 0, ci95: interval(wilson(k, n), 6) });
  let cum = 0;
  const dryByDay = Array.from({ length: days }, (_, d) => {
    cum += a.dryByDay.get(d) ?? 0;
    return { day: d + 1, ...share(cum) };
  });
  const mean = n > 0 ? Number(a.sumDry) / n / US : horizon;
  const variance = n > 1 ? Math.max(0, Number(BigInt(n) * a.sumDry2 - a.sumDry * a.sumDry) / (n * (n - 1))) / (US * US) : NaN;
  const half = t975(n - 1) * Math.sqrt(variance / n);
  return {
    drawn: per(a.drawn),
    uses: per(a.uses),
    waits: per(a.waits),
    shortfalls: per(a.shortfalls),
    endLevel: per(a.endLevel),
    dry: { count: a.dry, ...share(a.dry) },
    dryByDay,
    timeToDry_s: { restrictedMean_s: r3(mean), ci95_s: Number.isFinite(half) ? interval([mean - half, mean + half], 3) : null, censored: n - a.dry },
  };
}

function r3(x: number): number {
  return round(x, 3);
}
function r6(x: number): number {
  return round(x, 6);
}
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
function interval(i: Interval | undefined, digits: number): [number, number] | null {
  return i ? [round(i[0], digits), round(i[1], digits)] : null;
}
