/** Drawing from distributions by inverse CDF: one uniform in, one duration out, monotone in u. */
import { Z90, type Distribution } from '../model/distribution.js';

export function sample(d: Distribution, u: number): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + u * (d.max - d.min);
    case 'triangular': {
      const { min, mode, max } = d;
      if (max === min) return min;
      const f = (mode - min) / (max - min);
      return u < f ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
    case 'lognormal': {
      const sigma = Math.log(d.p90 / d.median) / Z90;
      const x = d.median * Math.exp(sigma * normalQuantile(u));
      return d.max !== undefined ? Math.min(x, d.max) : x;
    }
    case 'exponential':
      return -d.mean * Math.log(1 - u);
  }
}

// Acklam's coefficients, once per process rather than once per draw.
const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9), clamped away from 0 and 1. */
export function normalQuantile(p: number): number {
  const q0 = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  const lo = 0.02425;
  if (q0 < lo) {
    const q = Math.sqrt(-2 * Math.log(q0));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (q0 > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - q0));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = q0 - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
