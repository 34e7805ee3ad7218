/**
 * What a batch keeps of its runs: fixed-size, mergeable summaries, per structure and decision,
 * and per decision for each candidate against the baseline. Nothing grows with the number of runs.
 *
 * Why the arithmetic is exact: a batch split over workers, or sharded over machines, must give
 * the same bytes as one process. Floating-point sums depend on their order; so each run's figures
 * are reduced in the run (one process, a fixed order), rounded to whole microseconds, and added
 * across runs as integers (BigInt sums; counts stay far below 2^53). Maxima break ties by run
 * and occurrence, and quantiles come from a sketch whose bins add. Every merge is commutative
 * and associative, exactly.
 *
 * Misses are censored, not dropped: an instance that was not executed counts in the restricted
 * mean at its censoring time — its expiry, or the end of the run — and the paired comparison
 * uses that restricted time over every run in which both structures faced the decision.
 */
import { CAUSES, causeOf, type DecisionOutcome, type RunResult } from '../engine/runResult.js';
import { LatencySketch, type SketchJson } from './sketch.js';

const US = 1e6;
const big = (x: number): bigint => BigInt(Math.round(x));

/** The slowest executed instance: latency, then run, then occurrence (a total order, so merges agree). */
export interface Slowest {
  latency: number;
  run: number;
  occurrence: number;
}

const slower = (a: Slowest, b: Slowest) =>
  a.latency > b.latency || (a.latency === b.latency && (a.run > b.run || (a.run === b.run && a.occurrence > b.occurrence)));

/** Per run, before it is folded in (a run's own sums are exact in doubles: whole microseconds). */
class RunScratch {
  instances = 0;
  deadlines = 0;
  onTime = 0;
  late = 0;
  missed = 0;
  executed = 0;
  censored = 0;
  sumQ = 0;
  sumQ2 = 0;
  sumR = 0;
  readonly causes = new Float64Array(CAUSES.length);
  readonly nodes = new Map<string, number>();
  reset(): void {
    this.instances = this.deadlines = this.onTime = this.late = this.missed = this.executed = this.censored = 0;
    this.sumQ = this.sumQ2 = this.sumR = 0;
    this.causes.fill(0);
    this.nodes.clear();
  }
}

export class DecisionSummary {
  instances = 0;
  withDeadline = 0;
  onTime = 0;
  late = 0;
  missed = 0;
  executed = 0;
  /** Instances not executed (censored in the restricted mean). */
  censored = 0;
  /** Runs in which the decision was demanded. */
  runsDemanded = 0;
  /** Most executed instances, and most instances with a deadline, in one run. */
  maxPerRun = 0;
  maxDeadlinesPerRun = 0;
  sketch: LatencySketch | undefined;
  slowest: Slowest | undefined;
  /** Executed latencies in µs: Σq and Σq² over instances; over runs, Σy², Σxy, Σx² with y = Σq, x = executed. */
  sumQ = 0n;
  sumQ2 = 0n;
  runY2 = 0n;
  runXY = 0n;
  runX2 = 0;
  /** Outcomes over runs (d = instances with a deadline, k = each outcome's count): Σd², Σkd, Σk². */
  runD2 = 0;
  runKD = [0, 0, 0];
  runK2 = [0, 0, 0];
  /** Restricted time (executed: latency; not: censored at expiry or run end) in µs, over instances and runs. */
  sumR = 0n;
  runR2 = 0n;
  runRX = 0n;
  runI2 = 0;
  readonly byCause: bigint[] = CAUSES.map(() => 0n);
  readonly byNode = new Map<string, bigint>();
  readonly decidedBy = new Map<string, Map<string, number>>();
  private readonly run = new RunScratch();

  /** One instance of the current run. `censorAt` is when a missed instance stopped counting. */
  addInstance(d: DecisionOutcome, runIndex: number, censorAt: number): void {
    const r = this.run;
    r.instances++;
    if (d.deadlineAt !== undefined) {
      r.deadlines++;
      if (d.outcome === 'on-time') r.onTime++;
      else if (d.outcome === 'late') r.late++;
      else if (d.outcome === 'missed') r.missed++;
    }
    if (d.latency === undefined) {
      r.censored++;
      r.sumR += Math.round(Math.max(0, censorAt - d.detectedAt) * US);
      return;
    }
    const q = Math.round(d.latency * US);
    r.executed++;
    r.sumQ += q;
    r.sumQ2 += q * q;
    r.sumR += q;
    (this.sketch ??= new LatencySketch()).add(d.latency, runIndex, d.occurrence);
    const s = { latency: d.latency, run: runIndex, occurrence: d.occurrence };
    if (!this.slowest || slower(s, this.slowest)) this.slowest = s;
    let slowest = d.tracks[0]!;
    for (const t of d.tracks) if ((t.doneAt ?? -Infinity) > (slowest.doneAt ?? -Infinity)) slowest = t;
    for (const seg of slowest.segments) {
      const dt = seg.end - seg.start;
      r.causes[CAUSES.indexOf(causeOf(seg.phase, seg.mechanism))]! += dt;
      r.nodes.set(seg.node, (r.nodes.get(seg.node) ?? 0) + dt);
    }
    for (const t of d.tracks) {
      if (!t.decidedBy) continue;
      let m = this.decidedBy.get(t.nation);
      if (!m) this.decidedBy.set(t.nation, (m = new Map()));
      m.set(t.decidedBy, (m.get(t.decidedBy) ?? 0) + 1);
    }
  }

  /** This run's restricted mean in µs (undefined when the decision was not demanded). */
  runRestrictedMean(): number | undefined {
    return this.run.instances > 0 ? this.run.sumR / this.run.instances : undefined;
  }

  runCensored(): number {
    return this.run.censored;
  }

  /** Folds the current run in and clears it. */
  endRun(): void {
    const r = this.run;
    if (r.instances === 0) return;
    this.runsDemanded++;
    this.instances += r.instances;
    this.withDeadline += r.deadlines;
    this.onTime += r.onTime;
    this.late += r.late;
    this.missed += r.missed;
    this.executed += r.executed;
    this.censored += r.censored;
    this.maxPerRun = Math.max(this.maxPerRun, r.executed);
    this.maxDeadlinesPerRun = Math.max(this.maxDeadlinesPerRun, r.deadlines);
    const y = BigInt(r.sumQ);
    this.sumQ += y;
    this.sumQ2 += big(r.sumQ2);
    this.runY2 += y * y;
    this.runXY += y * BigInt(r.executed);
    this.runX2 += r.executed * r.executed;
    this.runD2 += r.deadlines * r.deadlines;
    const ks = [r.onTime, r.late, r.missed];
    for (let i = 0; i < 3; i++) {
      this.runKD[i]! += ks[i]! * r.deadlines;
      this.runK2[i]! += ks[i]! * ks[i]!;
    }
    const rr = BigInt(r.sumR);
    this.sumR += rr;
    this.runR2 += rr * rr;
    this.runRX += rr * BigInt(r.instances);
    this.runI2 += r.instances * r.instances;
    for (let i = 0; i < CAUSES.length; i++) if (r.causes[i]! !== 0) this.byCause[i]! += big(r.causes[i]! * US);
    for (const [node, s] of r.nodes) this.byNode.set(node, (this.byNode.get(node) ?? 0n) + big(s * US));
    r.reset();
  }

  merge(o: DecisionSummary): void {
    this.instances += o.instances;
    this.withDeadline += o.withDeadline;
    this.onTime += o.onTime;
    this.late += o.late;
    this.missed += o.missed;
    this.executed += o.executed;
    this.censored += o.censored;
    this.runsDemanded += o.runsDemanded;
    this.maxPerRun = Math.max(this.maxPerRun, o.maxPerRun);
    this.maxDeadlinesPerRun = Math.max(this.maxDeadlinesPerRun, o.maxDeadlinesPerRun);
    if (o.sketch) {
      if (this.sketch) this.sketch.merge(o.sketch);
      else this.sketch = LatencySketch.fromJSON(o.sketch.toJSON());
    }
    if (o.slowest && (!this.slowest || slower(o.slowest, this.slowest))) this.slowest = { ...o.slowest };
    this.sumQ += o.sumQ;
    this.sumQ2 += o.sumQ2;
    this.runY2 += o.runY2;
    this.runXY += o.runXY;
    this.runX2 += o.runX2;
    this.runD2 += o.runD2;
    for (let i = 0; i < 3; i++) {
      this.runKD[i]! += o.runKD[i]!;
      this.runK2[i]! += o.runK2[i]!;
    }
    this.sumR += o.sumR;
    this.runR2 += o.runR2;
    this.runRX += o.runRX;
    this.runI2 += o.runI2;
    for (let i = 0; i < CAUSES.length; i++) this.byCause[i]! += o.byCause[i]!;
    for (const [node, s] of o.byNode) this.byNode.set(node, (this.byNode.get(node) ?? 0n) + s);
    for (const [nation, m] of o.decidedBy) {
      let mine = this.decidedBy.get(nation);
      if (!mine) this.decidedBy.set(nation, (mine = new Map()));
      for (const [node, k] of m) mine.set(node, (mine.get(node) ?? 0) + k);
    }
  }

  /** Counts that must agree with each other (a damaged file's, caught before it reaches a report). */
  checked(runs: number): this {
    const binned = this.sketch ? this.sketch.toJSON().bins.reduce((a, [, c]) => a + c, 0) : 0;
    const ok = this.executed + this.censored === this.instances
      && this.onTime + this.late + this.missed <= this.withDeadline && this.withDeadline <= this.instances
      && this.runsDemanded <= runs && this.maxPerRun <= this.executed
      && (this.sketch?.n ?? 0) === this.executed && binned === this.executed
      && (this.executed > 0) === (this.slowest !== undefined);
    if (!ok) throw new Error('summary: its counts do not agree with each other');
    return this;
  }

  toJSON(): DecisionSummaryJson {
    const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      counts: [this.instances, this.withDeadline, this.onTime, this.late, this.missed, this.executed, this.censored, this.runsDemanded, this.maxPerRun, this.maxDeadlinesPerRun],
      sketch: this.sketch?.toJSON() ?? null,
      slowest: this.slowest ?? null,
      latency: [String(this.sumQ), String(this.sumQ2), String(this.runY2), String(this.runXY)],
      runX2: this.runX2,
      rates: [this.runD2, this.runKD[0]!, this.runKD[1]!, this.runKD[2]!, this.runK2[0]!, this.runK2[1]!, this.runK2[2]!],
      restricted: [String(this.sumR), String(this.runR2), String(this.runRX)],
      runI2: this.runI2,
      byCause: this.byCause.map(String),
      byNode: sorted(this.byNode).map(([k, v]) => [k, String(v)]),
      decidedBy: sorted(this.decidedBy).map(([n, m]) => [n, sorted(m)]),
    };
  }

  static fromJSON(j: DecisionSummaryJson): DecisionSummary {
    const s = new DecisionSummary();
    [s.instances, s.withDeadline, s.onTime, s.late, s.missed, s.executed, s.censored, s.runsDemanded, s.maxPerRun, s.maxDeadlinesPerRun] = j.counts;
    s.sketch = j.sketch ? LatencySketch.fromJSON(j.sketch) : undefined;
    s.slowest = j.slowest ?? undefined;
    [s.sumQ, s.sumQ2, s.runY2, s.runXY] = [BigInt(j.latency[0]), BigInt(j.latency[1]), BigInt(j.latency[2]), BigInt(j.latency[3])];
    s.runX2 = j.runX2;
    s.runD2 = j.rates[0];
    s.runKD = j.rates.slice(1, 4);
    s.runK2 = j.rates.slice(4, 7);
    [s.sumR, s.runR2, s.runRX] = [BigInt(j.restricted[0]), BigInt(j.restricted[1]), BigInt(j.restricted[2])];
    s.runI2 = j.runI2;
    j.byCause.forEach((v, i) => { s.byCause[i] = BigInt(v); });
    for (const [k, v] of j.byNode) s.byNode.set(k, BigInt(v));
    for (const [n, m] of j.decidedBy) s.decidedBy.set(n, new Map(m));
    return s;
  }
}

export interface DecisionSummaryJson {
  counts: [number, number, number, number, number, number, number, number, number, number];
  sketch: SketchJson | null;
  slowest: Slowest | null;
  latency: [string, string, string, string];
  runX2: number;
  rates: [number, number, number, number, number, number, number];
  restricted: [string, string, string];
  runI2: number;
  byCause: string[];
  byNode: [string, string][];
  decidedBy: [string, [string, number][]][];
}

/** Candidate against baseline over the same runs: per run, the difference of restricted means. */
export class PairSummary {
  /** Runs in which both faced the decision; in which only the baseline, or only the candidate, did. */
  pairs = 0;
  onlyBaseline = 0;
  onlyCandidate = 0;
  /** Censored (not executed) instances in the paired runs. */
  censoredBaseline = 0;
  censoredCandidate = 0;
  /** Σd and Σd² of the per-run differences, µs. */
  sumD = 0n;
  sumD2 = 0n;

  add(a: DecisionSummary, b: DecisionSummary): void {
    const x = a.runRestrictedMean();
    const y = b.runRestrictedMean();
    if (x === undefined && y === undefined) return;
    if (x === undefined) { this.onlyCandidate++; return; }
    if (y === undefined) { this.onlyBaseline++; return; }
    this.pairs++;
    this.censoredBaseline += a.runCensored();
    this.censoredCandidate += b.runCensored();
    const d = big(y - x);
    this.sumD += d;
    this.sumD2 += d * d;
  }

  merge(o: PairSummary): void {
    this.pairs += o.pairs;
    this.onlyBaseline += o.onlyBaseline;
    this.onlyCandidate += o.onlyCandidate;
    this.censoredBaseline += o.censoredBaseline;
    this.censoredCandidate += o.censoredCandidate;
    this.sumD += o.sumD;
    this.sumD2 += o.sumD2;
  }

  toJSON(): PairSummaryJson {
    return { counts: [this.pairs, this.onlyBaseline, this.onlyCandidate, this.censoredBaseline, this.censoredCandidate], sums: [String(this.sumD), String(this.sumD2)] };
  }

  static fromJSON(j: PairSummaryJson): PairSummary {
    const p = new PairSummary();
    [p.pairs, p.onlyBaseline, p.onlyCandidate, p.censoredBaseline, p.censoredCandidate] = j.counts;
    [p.sumD, p.sumD2] = [BigInt(j.sums[0]), BigInt(j.sums[1])];
    return p;
  }
}

export interface PairSummaryJson {
  counts: [number, number, number, number, number];
  sums: [string, string];
}

/** Every structure's runs of one batch, folded; `keys` are the scenario's decisions (`inject/decision`). */
export class BatchSummary {
  /** tallies[structure][key] */
  readonly tallies: DecisionSummary[][];
  /** pairs[pair][key], for each [baseline, candidate] in `pairList`. */
  readonly pairs: PairSummary[][];
  readonly pairList: readonly (readonly [number, number])[];
  /** Runs folded in. */
  runs = 0;
  private readonly keyIndex: Map<string, number>;

  /** `pairList` defaults to every structure against the first. */
  constructor(readonly structures: readonly string[], readonly keys: readonly string[], pairList?: readonly (readonly [number, number])[]) {
    this.keyIndex = new Map(keys.map((k, i) => [k, i]));
    this.tallies = structures.map(() => keys.map(() => new DecisionSummary()));
    this.pairList = pairList ?? structures.slice(1).map((_, i) => [0, i + 1] as const);
    this.pairs = this.pairList.map(() => keys.map(() => new PairSummary()));
  }

  /** One run: every structure's result for the same run index, in the order of `structures`. */
  addRun(results: readonly RunResult[]): void {
    results.forEach((result, s) => {
      const row = this.tallies[s]!;
      for (const d of result.decisions) {
        const k = this.keyIndex.get(`${d.inject}/${d.decision}`);
        if (k === undefined) throw new Error(`summary: decision ${d.inject}/${d.decision} is not in the scenario`);
        row[k]!.addInstance(d, result.runIndex, d.expiresAt ?? result.endedAt);
      }
    });
    this.pairList.forEach(([a, b], c) => {
      for (let k = 0; k < this.keys.length; k++) this.pairs[c]![k]!.add(this.tallies[a]![k]!, this.tallies[b]![k]!);
    });
    for (const row of this.tallies) for (const t of row) t.endRun();
    this.runs++;
  }

  merge(o: BatchSummary): void {
    if (o.structures.join() !== this.structures.join() || o.keys.join() !== this.keys.join() || JSON.stringify(o.pairList) !== JSON.stringify(this.pairList)) {
      throw new Error('summary: cannot merge summaries of different structures or decisions');
    }
    this.tallies.forEach((row, s) => row.forEach((t, k) => t.merge(o.tallies[s]![k]!)));
    this.pairs.forEach((row, c) => row.forEach((p, k) => p.merge(o.pairs[c]![k]!)));
    this.runs += o.runs;
  }

  toJSON(): BatchSummaryJson {
    return {
      structures: [...this.structures],
      keys: [...this.keys],
      pairList: this.pairList.map(([a, b]) => [a, b]),
      runs: this.runs,
      tallies: this.tallies.map((row) => row.map((t) => t.toJSON())),
      pairs: this.pairs.map((row) => row.map((p) => p.toJSON())),
    };
  }

  static fromJSON(j: BatchSummaryJson): BatchSummary {
    const b = new BatchSummary(j.structures, j.keys, j.pairList);
    b.runs = j.runs;
    // A summary from a file (a shard's part) must fill every cell: a missing one would read as a
    // structure that never faced the decision, and the report would be wrong without a word.
    const fits = (rows: unknown[][], n: number) => rows.length === n && rows.every((row) => Array.isArray(row) && row.length === j.keys.length);
    if (!fits(j.tallies, j.structures.length) || !fits(j.pairs, b.pairList.length)) {
      throw new Error('summary: its tallies or pairs do not match its structures and decisions');
    }
    j.tallies.forEach((row, s) => row.forEach((t, k) => { b.tallies[s]![k] = DecisionSummary.fromJSON(t).checked(j.runs); }));
    j.pairs.forEach((row, c) => row.forEach((p, k) => {
      const pair = PairSummary.fromJSON(p);
      if (pair.pairs + pair.onlyBaseline + pair.onlyCandidate > j.runs) throw new Error('summary: a comparison counts more runs than the summary holds');
      b.pairs[c]![k] = pair;
    }));
    return b;
  }
}

export interface BatchSummaryJson {
  structures: string[];
  keys: string[];
  pairList: [number, number][];
  runs: number;
  tallies: DecisionSummaryJson[][];
  pairs: PairSummaryJson[][];
}
