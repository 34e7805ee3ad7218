/**
 * HSEEP ratings (P/S/M/U) for the scenario's objectives, made reproducible: from the share of an
 * objective's demanded decisions executed on time (decisions without a deadline count when
 * executed). Thresholds: P ≥ 90%, S ≥ 75%, M ≥ 50%, U below — stated in every report that uses them.
 */
import type { Report } from '../model/report.js';
import { byCodePoint } from './aggregate.js';

export type Rating = 'P' | 'S' | 'M' | 'U';
export const RATING_TEXT: Record<Rating, string> = {
  P: 'Performed without challenges',
  S: 'Performed with some challenges',
  M: 'Performed with major challenges',
  U: 'Unable to be performed',
};
export const RATING_RULE = 'P: at least 90% of the objective\'s demanded decisions on time; S: at least 75%; M: at least 50%; U: below 50% (decisions without a deadline count when executed).';

export interface ObjectiveRating {
  rating: Rating | null;
  onTime: number;
  demanded: number;
  /** Where the time went across the objective's decisions (mean seconds per executed instance). */
  costliestNode?: { name: string; seconds: number };
  costliestCause?: { name: string; seconds: number };
}

export function rate(share: number): Rating {
  return share >= 0.9 ? 'P' : share >= 0.75 ? 'S' : share >= 0.5 ? 'M' : 'U';
}

export function rateObjectives(report: Report): { id: string; title: string; capability: string; structures: Record<string, ObjectiveRating> }[] {
  return report.objectives.map((o) => {
    const structures: Record<string, ObjectiveRating> = {};
    for (const s of report.structures) {
      let onTime = 0;
      let demanded = 0;
      let executed = 0;
      const nodes = new Map<string, number>();
      const causes = new Map<string, number>();
      for (const key of o.decisions) {
        const d = report.decisions.find((x) => `${x.inject}/${x.decision}` === key);
        const r = d?.structures[s.id];
        if (!r || r.instances === 0) continue;
        demanded += r.instances;
        onTime += r.outcomes ? r.outcomes.onTime.count : r.executed;
        executed += r.executed;
        for (const [k, v] of Object.entries(r.byNode_s)) nodes.set(k, (nodes.get(k) ?? 0) + v * r.executed);
        for (const [k, v] of Object.entries(r.byCause_s)) causes.set(k, (causes.get(k) ?? 0) + v * r.executed);
      }
      const top = (m: Map<string, number>) => {
        const [name, total] = [...m].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0] ?? [];
        return name === undefined || executed === 0 ? undefined : { name, seconds: total! / executed };
      };
      const node = top(nodes);
      const cause = top(causes);
      structures[s.id] = {
        rating: demanded === 0 ? null : rate(onTime / demanded),
        onTime,
        demanded,
        ...(node ? { costliestNode: node } : {}),
        ...(cause ? { costliestCause: cause } : {}),
      };
    }
    return { id: o.id, title: o.title, capability: o.capability, structures };
  });
}
