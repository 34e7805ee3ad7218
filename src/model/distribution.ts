/**
 * Time distributions, written the way analysts elicit them (a median and a 90th percentile, or
 * a min/mode/max). All are sampled by inverse CDF from one uniform draw, so a larger parameter
 * gives a larger sample for the same draw — that coupling is what makes paired runs sharp.
 */
import { z } from 'zod';
import { duration } from './fields.js';

const fixed = z.strictObject({ dist: z.literal('fixed'), value: duration });
const uniform = z.strictObject({ dist: z.literal('uniform'), min: duration, max: duration });
const triangular = z.strictObject({ dist: z.literal('triangular'), min: duration, mode: duration, max: duration });
const lognormal = z.strictObject({
  dist: z.literal('lognormal'),
  median: duration,
  p90: duration,
  max: duration.optional().meta({ description: 'Optional cap: samples above it are set to it' }),
});
const exponential = z.strictObject({ dist: z.literal('exponential'), mean: duration });

export const distribution = z
  .union([
    duration,
    z.discriminatedUnion('dist', [fixed, uniform, triangular, lognormal, exponential]),
  ], { error: 'expected a duration (e.g. 45s) or a distribution such as {dist: lognormal, median: 2m, p90: 5m}' })
  .transform((d): Distribution => (typeof d === 'number' ? { dist: 'fixed', value: d } : d))
  .superRefine((d, ctx) => {
    const bad = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path });
    switch (d.dist) {
      case 'uniform':
        if (d.max < d.min) bad(`max (${d.max}s) is below min (${d.min}s); expected min <= max`, ['max']);
        break;
      case 'triangular':
        if (!(d.min <= d.mode && d.mode <= d.max)) bad(`expected min <= mode <= max, got ${d.min}s, ${d.mode}s, ${d.max}s`, ['mode']);
        break;
      case 'lognormal':
        if (d.median <= 0) bad('median must be above zero', ['median']);
        else if (d.p90 <= d.median) bad(`p90 (${d.p90}s) must be above the median (${d.median}s)`, ['p90']);
        if (d.max !== undefined && d.max < d.median) bad(`max (${d.max}s) is below the median (${d.median}s)`, ['max']);
        break;
      default:
        break;
    }
  })
  .meta({ description: 'A duration (fixed), or {dist: uniform|triangular|lognormal|exponential, …} in seconds or duration strings' });

export type Distribution =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'lognormal'; median: number; p90: number; max?: number | undefined }
  | { dist: 'exponential'; mean: number };

/** Mean of a distribution: used for routing weights and for reading data files back. */
export function meanOf(d: Distribution): number {
  switch (d.dist) {
    case 'fixed': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'triangular': return (d.min + d.mode + d.max) / 3;
    case 'lognormal': {
      const sigma = Math.log(d.p90 / d.median) / Z90;
      return d.median * Math.exp((sigma * sigma) / 2);
    }
    case 'exponential': return d.mean;
  }
}

/** z such that Φ(z) = 0.9. */
export const Z90 = 1.2815515655446004;
