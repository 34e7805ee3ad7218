/**
 * Statistics for Monte Carlo output. Every estimate carries a 95% interval: t-intervals for means
 * (and for paired differences), distribution-free order-statistic intervals for quantiles,
 * Wilson intervals for rates. Deterministic: no resampling, so no extra randomness to seed.
 */

export const Z975 = 1.959963984540054;

export type Interval = [number, number];

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

export function sampleSd(xs: ArrayLike<number>, m = mean(xs)): number {
  if (xs.length < 2) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Student-t 0.975 quantiles for 1–30 degrees of freedom (exact to 9 digits). */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
  2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
  2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.06865761, 2.063898562,
  2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];

/** Student-t 0.975 quantile: the table up to 30 df, the Cornish–Fisher expansion beyond (error < 1e-6). */
export function t975(df: number): number {
  if (df >= 1 && df <= 30 && Number.isInteger(df)) return T975[df - 1]!;
  const z = Z975;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return z
    + (z3 + z) / (4 * df)
    + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2)
    + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
    + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4);
}

/** 95% t-interval for the mean; undefined with fewer than two values. */
export function meanInterval(xs: ArrayLike<number>): { mean: number; ci95: Interval | undefined } {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, ci95: undefined };
  const half = t975(xs.length - 1) * sampleSd(xs, m) / Math.sqrt(xs.length);
  return { mean: m, ci95: [m - half, m + half] };
}

/** Quantile of sorted values (linear interpolation between order statistics, R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Distribution-free 95% interval for the p-quantile: order statistics whose ranks bracket n·p
 * by the normal approximation to the binomial. Undefined when the sample is too small for the
 * interval to fall inside it (e.g. p99 from 50 runs).
 */
export function quantileInterval(sorted: ArrayLike<number>, p: number, designEffect = 1): Interval | undefined {
  const n = sorted.length;
  // Correlated samples (several instances per run) carry less information: widen by √deff.
  const half = Z975 * Math.sqrt(n * p * (1 - p) * Math.max(1, designEffect));
  const lo = Math.floor(n * p - half);
  const hi = Math.ceil(n * p + half);
  if (lo < 1 || hi > n) return undefined;
  return [sorted[lo - 1]!, sorted[hi - 1]!];
}

/** Wilson score 95% interval for a proportion k/n. */
export function wilson(k: number, n: number): Interval | undefined {
  if (n === 0) return undefined;
  const p = k / n;
  const z2 = Z975 * Z975;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z975 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Cluster-robust ratio estimate Σy / Σx over clusters (runs), with its standard error: the
 * linearisation (CR1) estimator. With several instances per run — a surge of contacts sharing
 * queues and links — instances are not independent; runs are.
 */
export function ratioEstimate(y: ArrayLike<number>, x: ArrayLike<number>): { value: number; se: number; df: number } {
  const n = y.length;
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) { sy += y[i]!; sx += x[i]!; }
  const value = sy / sx;
  let e2 = 0;
  for (let i = 0; i < n; i++) e2 += (y[i]! - value * x[i]!) ** 2;
  const se = n > 1 ? Math.sqrt((n / (n - 1)) * e2) / sx : NaN;
  return { value, se, df: n - 1 };
}
