/**
 * How much of a critical path's time rests on numbers of each confidence, in words: shown beside
 * every verdict, so a reader sees whether "faster" stands on sourced numbers or on assumptions
 * of confidence U.
 */
import type { Report } from '../model/report.js';

type Seconds = { H: number; M: number; L: number; U: number };
const LABEL = { H: 'sourced', M: 'M', L: 'L', U: 'U' } as const;

export const CONFIDENCE_NOTE = 'Rests on: the median instance\'s critical path, its time split by the confidence of the number behind each span (sourced, M, L, U; the node for processing, queueing and after-hours, the weakest link for transmission, the inject for detection).';

/** Shares in whole percent, largest remainder so they add up to 100. */
export function confidenceShares(s: Seconds): Seconds {
  const total = s.H + s.M + s.L + s.U;
  const keys = ['H', 'M', 'L', 'U'] as const;
  if (total <= 0) return { H: 0, M: 0, L: 0, U: 0 };
  const raw = keys.map((k) => (s[k] / total) * 100);
  const floor = raw.map(Math.floor);
  let left = 100 - floor.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - floor[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (left-- > 0) floor[i]!++;
  return { H: floor[0]!, M: floor[1]!, L: floor[2]!, U: floor[3]! };
}

/** `sourced 10% · L 45% · U 45%` (confidences with no time left out). */
export function confidenceLine(s: Seconds): string {
  const shares = confidenceShares(s);
  const parts = (['H', 'M', 'L', 'U'] as const).filter((k) => shares[k] > 0).map((k) => `${LABEL[k]} ${shares[k]}%`);
  return parts.length ? parts.join(' · ') : 'no time';
}

/** The median path's split for one structure of a decision, if the report has it. */
export function restsOn(d: Report['decisions'][number], id: string): string | undefined {
  const c = d.structures[id]?.criticalPath.median?.confidence_s;
  return c ? confidenceLine(c) : undefined;
}
