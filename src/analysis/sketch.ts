/**
 * A deterministic, mergeable quantile sketch of latencies: fixed log-spaced bins (the DDSketch
 * layout, Masson et al., VLDB 2019) with a relative accuracy of 0.5%. Every quantile it returns
 * is within 0.5% of a latency in the sample at that rank (values under 1 ms share one bin, whose
 * value is the exact minimum). Counts add, so sketches of any split of the runs merge to the same
 * sketch in any order: a batch on one core, on every core or across machines gives the same bytes.
 *
 * Each bin also keeps a representative instance — the one with the lowest (run, occurrence) —
 * so the report can re-simulate an actual instance at the median for its critical path.
 */

/** Relative accuracy: every value in a bin is within ALPHA of the bin's value. */
export const SKETCH_RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Below this (seconds), values share bin 0. */
const FLOOR_S = 1e-3;
/** Bins up to ~30 years of latency; anything longer lands in the last bin (its value is the exact max). */
const BINS = 1 + Math.ceil(Math.log(1e9 / FLOOR_S) / LOG_GAMMA);

export interface InstanceKey {
  run: number;
  occurrence: number;
}

export interface SketchJson {
  n: number;
  min: number;
  max: number;
  /** [bin, count, representative run, representative occurrence] for every non-empty bin. */
  bins: [number, number, number, number][];
}

export class LatencySketch {
  private readonly counts = new Float64Array(BINS);
  private readonly repRun = new Float64Array(BINS);
  private readonly repOcc = new Float64Array(BINS);
  n = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number, run: number, occurrence: number): void {
    const b = binOf(x);
    if (this.counts[b] === 0 || run < this.repRun[b]! || (run === this.repRun[b] && occurrence < this.repOcc[b]!)) {
      this.repRun[b] = run;
      this.repOcc[b] = occurrence;
    }
    this.counts[b]! += 1;
    this.n++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  merge(o: LatencySketch): void {
    for (let b = 0; b < BINS; b++) {
      const c = o.counts[b]!;
      if (c === 0) continue;
      if (this.counts[b] === 0 || o.repRun[b]! < this.repRun[b]! || (o.repRun[b] === this.repRun[b] && o.repOcc[b]! < this.repOcc[b]!)) {
        this.repRun[b] = o.repRun[b]!;
        this.repOcc[b] = o.repOcc[b]!;
      }
      this.counts[b]! += c;
    }
    this.n += o.n;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
  }

  /** The bin holding the k-th smallest value (1-based). */
  private binAtRank(k: number): number {
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      seen += this.counts[b]!;
      if (seen >= k) return b;
    }
    return BINS - 1;
  }

  /** The k-th smallest value (1-based), within the relative accuracy; exact at 1 and n. */
  valueAtRank(k: number): number {
    if (k <= 1) return this.min;
    if (k >= this.n) return this.max;
    const b = this.binAtRank(k);
    const v = b === 0 ? this.min : FLOOR_S * GAMMA ** (b - 1) * (2 * GAMMA / (GAMMA + 1));
    return Math.min(this.max, Math.max(this.min, v));
  }

  /** An instance whose latency is in the same bin as the k-th smallest. */
  instanceAtRank(k: number): InstanceKey {
    const b = this.binAtRank(Math.min(Math.max(k, 1), this.n));
    return { run: this.repRun[b]!, occurrence: this.repOcc[b]! };
  }

  /** The p-quantile by linear interpolation between order statistics (R type 7), as for a sorted sample. */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    const h = (this.n - 1) * p;
    const lo = Math.floor(h);
    const a = this.valueAtRank(lo + 1);
    if (h === lo) return a;
    return a + (h - lo) * (this.valueAtRank(lo + 2) - a);
  }

  toJSON(): SketchJson {
    const bins: SketchJson['bins'] = [];
    for (let b = 0; b < BINS; b++) if (this.counts[b]! > 0) bins.push([b, this.counts[b]!, this.repRun[b]!, this.repOcc[b]!]);
    return { n: this.n, min: this.min, max: this.max, bins };
  }

  static fromJSON(j: SketchJson): LatencySketch {
    const s = new LatencySketch();
    s.n = j.n;
    s.min = j.min;
    s.max = j.max;
    for (const [b, c, run, occ] of j.bins) {
      s.counts[b] = c;
      s.repRun[b] = run;
      s.repOcc[b] = occ;
    }
    return s;
  }
}

function binOf(x: number): number {
  if (!(x >= FLOOR_S)) return 0;
  return Math.min(BINS - 1, 1 + Math.floor(Math.log(x / FLOOR_S) / LOG_GAMMA));
}
