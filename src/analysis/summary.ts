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
 * mean at its censoring time — its expiry, or the scenario's end for a decision that cannot
 * expire (a horizon every structure shares) — and the paired comparison
 * uses that restricted time over every run in which both structures faced the decision.
 */
import { CAUSES, CORE_CAUSES, causeOf, type DecisionOutcome, type Mechanism, type RunResult } from '../engine/runResult.js';
import type { Phase } from '../engine/plan.js';
import { AssetSummary, type AssetSummaryJson } from './assetSummary.js';
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

/** A cause's place in CAUSES (the same as CAUSES.indexOf(causeOf(...)), without the search). */
const causeIndex = (phase: Phase, mechanism: Mechanism): number => {
  const m = MECHANISM_INDEX[mechanism];
  // Supply and endurance causes (after the core seven) count as themselves in any phase.
  return m >= CORE_CAUSES ? m : phase === 'escalation' ? ESCALATION : phase === 'coordination' ? COORDINATION : m;
};
const ESCALATION = CAUSES.indexOf('escalation');
const COORDINATION = CAUSES.indexOf('coordination');
const MECHANISM_INDEX = Object.fromEntries((['detection', 'transmission', 'queueing', 'processing', 'after-hours', 'supply', 'fatigue', 'handover'] as const)
  .map((m) => [m, CAUSES.indexOf(causeOf('assess', m))])) as Record<Mechanism, number>;

/**
 * Per run, before it is folded in. Every sum is exact — whole microseconds in doubles (exact below
 * 2^53 µs, 285 years), squares in BigInt — so a run's instances can be added in any order: as
 * they settle (a streamed batch) or in the order they were demanded (a whole run's result), with
 * the same bytes.
 */
class RunScratch {
  instances = 0;
  deadlines = 0;
  onTime = 0;
  late = 0;
  missed = 0;
  executed = 0;
  censored = 0;
  sumQ = 0;
  /**
   * Σq² exactly: each q (whole µs) split as a·2^20 + b, the three partial sums kept in doubles
   * while they are exact (below 2^52) and carried into BigInt before they are not — BigInt per
   * instance would cost more than the rest of the fold.
   */
  q2hi = 0;
  q2mid = 0;
  q2lo = 0;
  sumQ2 = 0n;
  sumR = 0;
  shortfalls = 0;
  /** Whole microseconds of the slowest track's time, by cause (and last, supply) and by node. */
  readonly causes = new Float64Array(CAUSES.length);
  /**
   * By node, in the order first met: names and sums side by side, searched in a line. A decision's
   * slowest track meets a handful of nodes, where a Map's hashing cost more than the search.
   */
  readonly nodeNames: string[] = [];
  readonly nodeSums: number[] = [];
  nodeCount = 0;
  readonly truth = new TruthScratch();

  addToNode(node: string, us: number): void {
    const names = this.nodeNames;
    for (let i = 0; i < this.nodeCount; i++) {
      if (names[i] === node) {
        this.nodeSums[i]! += us;
        return;
      }
    }
    names[this.nodeCount] = node;
    this.nodeSums[this.nodeCount++] = us;
  }

  addSquare(q: number): void {
    if (q >= 2 ** 46) {
      const b = BigInt(q);
      this.sumQ2 += b * b;
      return;
    }
    const a = Math.floor(q / 2 ** 20);
    const b = q - a * 2 ** 20;
    // a < 2^26 and b < 2^20: each product is exact, and a sum is carried out before 2^52.
    this.q2hi += a * a;
    this.q2mid += a * b;
    this.q2lo += b * b;
    if (this.q2hi >= 2 ** 52 || this.q2mid >= 2 ** 52 || this.q2lo >= 2 ** 52) this.carry();
  }

  /** Σq² so far, all of it in the BigInt. */
  squares(): bigint {
    this.carry();
    return this.sumQ2;
  }

  private carry(): void {
    this.sumQ2 += (BigInt(this.q2hi) << 40n) + (BigInt(this.q2mid) << 21n) + BigInt(this.q2lo);
    this.q2hi = this.q2mid = this.q2lo = 0;
  }

  reset(): void {
    this.instances = this.deadlines = this.onTime = this.late = this.missed = this.executed = this.censored = 0;
    this.sumQ = this.sumR = this.shortfalls = 0;
    this.q2hi = this.q2mid = this.q2lo = 0;
    this.sumQ2 = 0n;
    this.truth.reset();
    this.causes.fill(0);
    this.nodeCount = 0;
  }
}

/** A run's correctness counts, before they are folded in (time to retract in whole µs). */
class TruthScratch {
  erroneous = 0;
  falseAlarms = 0;
  timelyCorrect = 0;
  retracted = 0;
  retractions = 0;
  retractionsExecuted = 0;
  sumT = 0;
  /** Σt² in µs², exact: a run's retractions may pass 2^53 in doubles. */
  sumT2 = 0n;
  reset(): void {
    this.erroneous = this.falseAlarms = this.timelyCorrect = this.retracted = this.retractions = this.retractionsExecuted = this.sumT = 0;
    this.sumT2 = 0n;
  }
}

/**
 * Correct or erroneous, beside timely (issue 8): per decision, over runs, exact integers. An
 * instance is timely-and-correct when executed on time (or, with no deadline, at all) on a true
 * track; a false alarm when executed on a false or wrongly predicting track; retracted when such
 * a false alarm was withdrawn by an executed retraction. A retraction's time to retract counts
 * from the moment the error became knowable. Per run sums (k·d, k², d²) give cluster-robust
 * intervals when a run holds several instances, as for the on-time rate.
 */
export class TruthSummary {
  erroneous = 0;
  falseAlarms = 0;
  timelyCorrect = 0;
  retracted = 0;
  retractions = 0;
  retractionsExecuted = 0;
  /** Σ over runs of k·instances and k² for timely-and-correct and false alarms; retracted·falseAlarms, retracted², falseAlarms². */
  runTcI = 0;
  runTc2 = 0;
  runFaI = 0;
  runFa2 = 0;
  runRtFa = 0;
  runRt2 = 0;
  /** Σ (executed retractions per run)². */
  runRx2 = 0;
  /** Time to retract in µs: Σt, Σt² over instances; over runs Σy², Σxy with y = Σt, x = executed retractions. */
  sumT = 0n;
  sumT2 = 0n;
  runT2 = 0n;
  runTX = 0n;

  fold(r: TruthScratch, instances: number): void {
    this.erroneous += r.erroneous;
    this.falseAlarms += r.falseAlarms;
    this.timelyCorrect += r.timelyCorrect;
    this.retracted += r.retracted;
    this.retractions += r.retractions;
    this.retractionsExecuted += r.retractionsExecuted;
    this.runTcI += r.timelyCorrect * instances;
    this.runTc2 += r.timelyCorrect * r.timelyCorrect;
    this.runFaI += r.falseAlarms * instances;
    this.runFa2 += r.falseAlarms * r.falseAlarms;
    this.runRtFa += r.retracted * r.falseAlarms;
    this.runRt2 += r.retracted * r.retracted;
    this.runRx2 += r.retractionsExecuted * r.retractionsExecuted;
    const y = BigInt(r.sumT);
    this.runT2 += y * y;
    this.runTX += y * BigInt(r.retractionsExecuted);
    this.sumT += y;
    this.sumT2 += r.sumT2;
  }

  merge(o: TruthSummary): void {
    this.erroneous += o.erroneous;
    this.falseAlarms += o.falseAlarms;
    this.timelyCorrect += o.timelyCorrect;
    this.retracted += o.retracted;
    this.retractions += o.retractions;
    this.retractionsExecuted += o.retractionsExecuted;
    this.runTcI += o.runTcI;
    this.runTc2 += o.runTc2;
    this.runFaI += o.runFaI;
    this.runFa2 += o.runFa2;
    this.runRtFa += o.runRtFa;
    this.runRt2 += o.runRt2;
    this.runRx2 += o.runRx2;
    this.sumT += o.sumT;
    this.sumT2 += o.sumT2;
    this.runT2 += o.runT2;
    this.runTX += o.runTX;
  }

  toJSON(): TruthSummaryJson {
    return {
      counts: [this.erroneous, this.falseAlarms, this.timelyCorrect, this.retracted, this.retractions, this.retractionsExecuted,
        this.runTcI, this.runTc2, this.runFaI, this.runFa2, this.runRtFa, this.runRt2, this.runRx2],
      retractTime: [String(this.sumT), String(this.sumT2), String(this.runT2), String(this.runTX)],
    };
  }

  static fromJSON(j: TruthSummaryJson | undefined): TruthSummary {
    const t = new TruthSummary();
    if (!j) return t;
    [t.erroneous, t.falseAlarms, t.timelyCorrect, t.retracted, t.retractions, t.retractionsExecuted,
      t.runTcI, t.runTc2, t.runFaI, t.runFa2, t.runRtFa, t.runRt2, t.runRx2] = j.counts;
    [t.sumT, t.sumT2, t.runT2, t.runTX] = j.retractTime.map((v) => BigInt(v)) as [bigint, bigint, bigint, bigint];
    return t;
  }
}

export interface TruthSummaryJson {
  counts: [number, number, number, number, number, number, number, number, number, number, number, number, number];
  retractTime: [string, string, string, string];
}

/**
 * The figures of one decision in one column that every tally of it keeps — counts, mean latency,
 * on-time rate, restricted mean, right or wrong — with the per-run sums their cluster-robust
 * intervals need. Folded from a run's scratch and merged as exact integers, so in any order.
 */
class DecisionTally {
  /** Runs in which the decision was demanded. */
  runsDemanded = 0;
  instances = 0;
  withDeadline = 0;
  onTime = 0;
  executed = 0;
  /** Instances not executed (censored in the restricted mean). */
  censored = 0;
  /** Most executed instances in one run. */
  maxPerRun = 0;
  /** Executed latencies in µs: Σq and Σq² over instances; over runs, Σy², Σxy, Σx² with y = Σq, x = executed. */
  sumQ = 0n;
  sumQ2 = 0n;
  runY2 = 0n;
  runXY = 0n;
  runX2 = 0;
  /** On time over runs (d = instances with a deadline, k = on time): Σd², Σkd, Σk². */
  runD2 = 0;
  runKD = 0;
  runK2 = 0;
  /** Restricted time (executed: latency; not: censored at expiry or run end) in µs, over instances and runs. */
  sumR = 0n;
  runR2 = 0n;
  runRX = 0n;
  runI2 = 0;
  truth = new TruthSummary();

  /** Adds a run that demanded the decision (the scratch is read, not cleared). */
  fold(r: RunScratch): void {
    this.runsDemanded++;
    this.instances += r.instances;
    this.withDeadline += r.deadlines;
    this.onTime += r.onTime;
    this.executed += r.executed;
    this.censored += r.censored;
    this.maxPerRun = Math.max(this.maxPerRun, r.executed);
    const y = BigInt(r.sumQ);
    this.sumQ += y;
    this.sumQ2 += r.squares();
    this.runY2 += y * y;
    this.runXY += y * BigInt(r.executed);
    this.runX2 += r.executed * r.executed;
    this.runD2 += r.deadlines * r.deadlines;
    this.runKD += r.onTime * r.deadlines;
    this.runK2 += r.onTime * r.onTime;
    const rr = BigInt(r.sumR);
    this.sumR += rr;
    this.runR2 += rr * rr;
    this.runRX += rr * BigInt(r.instances);
    this.runI2 += r.instances * r.instances;
    this.truth.fold(r.truth, r.instances);
  }

  merge(o: DecisionTally): void {
    this.runsDemanded += o.runsDemanded;
    this.instances += o.instances;
    this.withDeadline += o.withDeadline;
    this.onTime += o.onTime;
    this.executed += o.executed;
    this.censored += o.censored;
    this.maxPerRun = Math.max(this.maxPerRun, o.maxPerRun);
    this.sumQ += o.sumQ;
    this.sumQ2 += o.sumQ2;
    this.runY2 += o.runY2;
    this.runXY += o.runXY;
    this.runX2 += o.runX2;
    this.runD2 += o.runD2;
    this.runKD += o.runKD;
    this.runK2 += o.runK2;
    this.sumR += o.sumR;
    this.runR2 += o.runR2;
    this.runRX += o.runRX;
    this.runI2 += o.runI2;
    this.truth.merge(o.truth);
  }

  /** Counts every tally must keep in agreement (a damaged file's, caught before it reaches a report). */
  protected countsAgree(runs: number): boolean {
    return this.executed + this.censored === this.instances && this.withDeadline <= this.instances
      && this.runsDemanded <= runs && this.maxPerRun <= this.executed;
  }
}

/** Everything a report says of one decision in one column: its tally, and the distribution and breakdowns of its latency. */
export class DecisionSummary extends DecisionTally {
  late = 0;
  missed = 0;
  /** Most instances with a deadline in one run. */
  maxDeadlinesPerRun = 0;
  sketch: LatencySketch | undefined;
  slowest: Slowest | undefined;
  /** Late and missed over runs, as on time (see DecisionTally): Σkd, Σk². */
  runLateD = 0;
  runLate2 = 0;
  runMissedD = 0;
  runMissed2 = 0;
  /** By cause, and last: supply (waiting for an asset; listed only where a scenario has assets). */
  readonly byCause: bigint[] = CAUSES.map(() => 0n);
  /** Instances that failed for want of an asset (missed). */
  shortfalls = 0;
  readonly byNode = new Map<string, bigint>();
  readonly decidedBy = new Map<string, Map<string, number>>();
  private readonly run = new RunScratch();

  /**
   * One instance of the current run. `horizon` (seconds after the start) restricts its time to
   * execution: an instance not executed counts at it, an executed one at most at it.
   */
  addInstance(d: DecisionOutcome, runIndex: number, horizon: number): void {
    const r = this.run;
    r.instances++;
    this.addTruth(d);
    if (d.deadlineAt !== undefined) {
      r.deadlines++;
      if (d.outcome === 'on-time') r.onTime++;
      else if (d.outcome === 'late') r.late++;
      else if (d.outcome === 'missed') r.missed++;
    }
    const cap = Math.round(Math.max(0, horizon - d.detectedAt) * US);
    if (d.latency === undefined) {
      if (d.shortfall) r.shortfalls++;
      r.censored++;
      r.sumR += cap;
      return;
    }
    const q = Math.round(d.latency * US);
    r.executed++;
    r.sumQ += q;
    r.addSquare(q);
    r.sumR += Math.min(q, cap);
    (this.sketch ??= new LatencySketch()).add(d.latency, runIndex, d.occurrence);
    const top = this.slowest;
    if (!top || d.latency > top.latency || (d.latency === top.latency && (runIndex > top.run || (runIndex === top.run && d.occurrence > top.occurrence)))) {
      this.slowest = { latency: d.latency, run: runIndex, occurrence: d.occurrence };
    }
    let slowest = d.tracks[0]!;
    for (const t of d.tracks) if ((t.doneAt ?? -Infinity) > (slowest.doneAt ?? -Infinity)) slowest = t;
    // Runs of segments at one node (a step's queueing and processing) touch the node's sum once.
    let node = '';
    let atNode = 0;
    for (const seg of slowest.segments) {
      const dt = Math.round((seg.end - seg.start) * US);
      r.causes[causeIndex(seg.phase, seg.mechanism)]! += dt;
      if (seg.node !== node) {
        if (node !== '') r.addToNode(node, atNode);
        node = seg.node;
        atNode = 0;
      }
      atNode += dt;
    }
    if (node !== '') r.addToNode(node, atNode);
    for (const t of d.tracks) {
      if (!t.decidedBy) continue;
      let m = this.decidedBy.get(t.nation);
      if (!m) this.decidedBy.set(t.nation, (m = new Map()));
      m.set(t.decidedBy, (m.get(t.decidedBy) ?? 0) + 1);
    }
  }

  private addTruth(d: DecisionOutcome): void {
    const t = this.run.truth;
    const executed = d.executedAt !== undefined;
    if (d.truth !== undefined) {
      t.erroneous++;
      if (executed) t.falseAlarms++;
      if (executed && d.retractedAt !== undefined) t.retracted++;
    } else if (d.outcome === 'on-time' || d.outcome === 'done') {
      t.timelyCorrect++;
    }
    if (d.retracts) {
      t.retractions++;
      if (executed && d.errorKnowableAt !== undefined) {
        t.retractionsExecuted++;
        const q = Math.round(Math.max(0, d.executedAt! - d.errorKnowableAt) * US);
        t.sumT += q;
        t.sumT2 += big(q) * big(q);
      }
    }
  }

  /** This run's restricted mean in µs (undefined when the decision was not demanded). */
  runRestrictedMean(): number | undefined {
    return this.run.instances > 0 ? this.run.sumR / this.run.instances : undefined;
  }

  runCensored(): number {
    return this.run.censored;
  }

  /**
   * Folds the current run in and clears it; and into `branches[i][key]`, this decision's tally in
   * each branch the run drew (chance), if any.
   */
  endRun(branches: readonly (readonly BranchTally[])[] = NO_BRANCHES, key = 0): void {
    const r = this.run;
    if (r.instances === 0) return;
    for (const row of branches) row[key]!.fold(r);
    this.fold(r);
    r.reset();
  }

  override fold(r: RunScratch): void {
    super.fold(r);
    this.late += r.late;
    this.missed += r.missed;
    this.maxDeadlinesPerRun = Math.max(this.maxDeadlinesPerRun, r.deadlines);
    this.runLateD += r.late * r.deadlines;
    this.runLate2 += r.late * r.late;
    this.runMissedD += r.missed * r.deadlines;
    this.runMissed2 += r.missed * r.missed;
    for (let i = 0; i < CAUSES.length; i++) if (r.causes[i]! !== 0) this.byCause[i]! += BigInt(r.causes[i]!);
    this.shortfalls += r.shortfalls;
    for (let i = 0; i < r.nodeCount; i++) {
      const node = r.nodeNames[i]!;
      this.byNode.set(node, (this.byNode.get(node) ?? 0n) + BigInt(r.nodeSums[i]!));
    }
  }

  override merge(o: DecisionSummary): void {
    super.merge(o);
    this.late += o.late;
    this.missed += o.missed;
    this.maxDeadlinesPerRun = Math.max(this.maxDeadlinesPerRun, o.maxDeadlinesPerRun);
    this.runLateD += o.runLateD;
    this.runLate2 += o.runLate2;
    this.runMissedD += o.runMissedD;
    this.runMissed2 += o.runMissed2;
    if (o.sketch) {
      if (this.sketch) this.sketch.merge(o.sketch);
      else this.sketch = LatencySketch.fromJSON(o.sketch.toJSON());
    }
    if (o.slowest && (!this.slowest || slower(o.slowest, this.slowest))) this.slowest = { ...o.slowest };
    for (let i = 0; i < CAUSES.length; i++) this.byCause[i]! += o.byCause[i]!;
    this.shortfalls += o.shortfalls;
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
    const ok = this.countsAgree(runs) && this.onTime + this.late + this.missed <= this.withDeadline
      && (this.sketch?.n ?? 0) === this.executed && binned === this.executed
      && (this.executed > 0) === (this.slowest !== undefined) && this.shortfalls <= this.censored
      && this.byCause.length === CAUSES.length;
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
      rates: [this.runD2, this.runKD, this.runLateD, this.runMissedD, this.runK2, this.runLate2, this.runMissed2],
      restricted: [String(this.sumR), String(this.runR2), String(this.runRX)],
      runI2: this.runI2,
      // Trailing causes beyond the core seven that took no time are left out: parts without supply or endurance keep their bytes.
      byCause: causesUsed(this.byCause).map(String),
      byNode: sorted(this.byNode).map(([k, v]) => [k, String(v)]),
      decidedBy: sorted(this.decidedBy).map(([n, m]) => [n, sorted(m)]),
      truth: this.truth.toJSON(),
      ...(this.shortfalls > 0 ? { shortfalls: this.shortfalls } : {}),
    };
  }

  static fromJSON(j: DecisionSummaryJson): DecisionSummary {
    const s = new DecisionSummary();
    [s.instances, s.withDeadline, s.onTime, s.late, s.missed, s.executed, s.censored, s.runsDemanded, s.maxPerRun, s.maxDeadlinesPerRun] = j.counts;
    s.sketch = j.sketch ? LatencySketch.fromJSON(j.sketch) : undefined;
    s.slowest = j.slowest ?? undefined;
    [s.sumQ, s.sumQ2, s.runY2, s.runXY] = [BigInt(j.latency[0]), BigInt(j.latency[1]), BigInt(j.latency[2]), BigInt(j.latency[3])];
    s.runX2 = j.runX2;
    [s.runD2, s.runKD, s.runLateD, s.runMissedD, s.runK2, s.runLate2, s.runMissed2] = j.rates;
    [s.sumR, s.runR2, s.runRX] = [BigInt(j.restricted[0]), BigInt(j.restricted[1]), BigInt(j.restricted[2])];
    s.runI2 = j.runI2;
    j.byCause.forEach((v, i) => { s.byCause[i] = BigInt(v); });
    for (const [k, v] of j.byNode) s.byNode.set(k, BigInt(v));
    for (const [n, m] of j.decidedBy) s.decidedBy.set(n, new Map(m));
    s.truth = TruthSummary.fromJSON(j.truth);
    s.shortfalls = j.shortfalls ?? 0;
    return s;
  }
}

/** The causes up to the last that took time, and at least the core seven. */
function causesUsed(byCause: readonly bigint[]): readonly bigint[] {
  let n = byCause.length;
  while (n > CORE_CAUSES && byCause[n - 1] === 0n) n--;
  return byCause.slice(0, n);
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
  /** Correct or erroneous, and retractions (absent in parts written before them: zeros). */
  truth?: TruthSummaryJson;
  /** Instances failed for want of an asset (absent: none). */
  shortfalls?: number;
}

const NO_BRANCHES: readonly (readonly BranchTally[])[] = [];

/**
 * One decision in one column, over the runs that drew one branch (chance, issue 8): the figures a
 * report gives per branch — mean latency, on-time rate, restricted mean, right or wrong — with
 * the per-run sums their cluster-robust intervals need. No sketch and no breakdown: a branch
 * costs a few dozen integers, however many runs. Exact and order-free, like DecisionSummary.
 */
export class BranchTally extends DecisionTally {
  /** Counts that must agree with each other (a damaged file's). */
  checked(runs: number): this {
    const ok = this.countsAgree(runs) && this.onTime <= this.withDeadline && (this.instances === 0) === (this.runsDemanded === 0);
    if (!ok) throw new Error('summary: the counts of a branch do not agree with each other');
    return this;
  }

  toJSON(): BranchTallyJson {
    return {
      counts: [this.runsDemanded, this.instances, this.withDeadline, this.onTime, this.executed, this.censored, this.maxPerRun,
        this.runX2, this.runD2, this.runKD, this.runK2, this.runI2],
      sums: [this.sumQ, this.sumQ2, this.runY2, this.runXY, this.sumR, this.runR2, this.runRX].map(String) as BranchTallyJson['sums'],
      truth: this.truth.toJSON(),
    };
  }

  static fromJSON(j: BranchTallyJson): BranchTally {
    const t = new BranchTally();
    [t.runsDemanded, t.instances, t.withDeadline, t.onTime, t.executed, t.censored, t.maxPerRun,
      t.runX2, t.runD2, t.runKD, t.runK2, t.runI2] = j.counts;
    [t.sumQ, t.sumQ2, t.runY2, t.runXY, t.sumR, t.runR2, t.runRX] = j.sums.map((v) => BigInt(v)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    t.truth = TruthSummary.fromJSON(j.truth);
    return t;
  }
}

export interface BranchTallyJson {
  counts: [number, number, number, number, number, number, number, number, number, number, number, number];
  sums: [string, string, string, string, string, string, string];
  truth: TruthSummaryJson;
}

/** One branch: every column's tally per decision, and the pairs compared within the branch. */
export class BranchSummary {
  /** tallies[column][key] */
  readonly tallies: BranchTally[][];
  /** pairs[pair][key]: only runs in which both columns drew this branch. */
  readonly pairs: PairSummary[][];

  constructor(columns: number, keys: number, pairs: number) {
    this.tallies = Array.from({ length: columns }, () => Array.from({ length: keys }, () => new BranchTally()));
    this.pairs = Array.from({ length: pairs }, () => Array.from({ length: keys }, () => new PairSummary()));
  }

  merge(o: BranchSummary): void {
    this.tallies.forEach((row, s) => row.forEach((t, k) => t.merge(o.tallies[s]![k]!)));
    this.pairs.forEach((row, c) => row.forEach((p, k) => p.merge(o.pairs[c]![k]!)));
  }

  toJSON(): BranchSummaryJson {
    return { tallies: this.tallies.map((row) => row.map((t) => t.toJSON())), pairs: this.pairs.map((row) => row.map((p) => p.toJSON())) };
  }
}

export interface BranchSummaryJson {
  tallies: BranchTallyJson[][];
  pairs: PairSummaryJson[][];
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
    this.addValues(a.runRestrictedMean(), b.runRestrictedMean(), a.runCensored(), b.runCensored());
  }

  /**
   * A contrast: (d − c) − (b − a) per run, e.g. how much an arm changes the difference between
   * two structures. Paired only in runs where all four faced the decision.
   */
  addContrast(a: DecisionSummary, b: DecisionSummary, c: DecisionSummary, d: DecisionSummary): void {
    const [ma, mb, mc, md] = [a.runRestrictedMean(), b.runRestrictedMean(), c.runRestrictedMean(), d.runRestrictedMean()];
    const x = ma === undefined || mb === undefined ? undefined : mb - ma;
    const y = mc === undefined || md === undefined ? undefined : md - mc;
    this.addValues(x, y, a.runCensored() + b.runCensored(), c.runCensored() + d.runCensored());
  }

  private addValues(x: number | undefined, y: number | undefined, censoredX: number, censoredY: number): void {
    if (x === undefined && y === undefined) return;
    if (x === undefined) { this.onlyCandidate++; return; }
    if (y === undefined) { this.onlyBaseline++; return; }
    this.pairs++;
    this.censoredBaseline += censoredX;
    this.censoredCandidate += censoredY;
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
  /** Runs per branch drawn by chance, keyed `<element>=<branch>` (e.g. `injects[leak]=happens`). */
  readonly branches = new Map<string, number>();
  /**
   * Results per branch, keyed as `branches`: each column's runs fall in the branches that column
   * drew (an arm that changes a chance draws its own), pairs in the runs both columns drew it.
   */
  readonly byBranch = new Map<string, BranchSummary>();
  /** contrasts[contrast][key], for each [a, b, c, d] in `contrastList`: (d − c) − (b − a) per run. Not in reports. */
  readonly contrasts: PairSummary[][];
  readonly contrastList: readonly Contrast[];
  /** Magazines and sortie pools: assets[structure][asset], with the assets' ids (absent when the scenario has none). */
  assets: { ids: string[]; byStructure: AssetSummary[][] } | undefined;
  /** Each decision's index, by inject then decision: found without building its key (the streamed hot path). */
  private readonly keyByInject = new Map<string, Map<string, number>>();

  /** `pairList` defaults to every structure against the first; `contrastList` to none. */
  constructor(
    readonly structures: readonly string[], readonly keys: readonly string[], pairList?: readonly (readonly [number, number])[],
    contrastList: readonly Contrast[] = [],
  ) {
    keys.forEach((k, i) => {
      const slash = k.indexOf('/');
      const inj = k.slice(0, slash);
      let m = this.keyByInject.get(inj);
      if (!m) this.keyByInject.set(inj, (m = new Map()));
      m.set(k.slice(slash + 1), i);
    });
    this.tallies = structures.map(() => keys.map(() => new DecisionSummary()));
    this.pairList = pairList ?? structures.slice(1).map((_, i) => [0, i + 1] as const);
    this.pairs = this.pairList.map(() => keys.map(() => new PairSummary()));
    this.contrastList = contrastList;
    this.contrasts = contrastList.map(() => keys.map(() => new PairSummary()));
  }

  /** One run: every structure's result for the same run index, in the order of `structures`. */
  /**
   * `scenarioEnd` (seconds): the horizon of decisions that cannot expire — the same in every
   * structure, so a decision left unsettled counts alike wherever it is (not at the time its own
   * structure happened to run out of events).
   */
  addRun(results: readonly RunResult[], scenarioEnd: number): void {
    results.forEach((result, s) => {
      for (const d of result.decisions) this.addOutcome(s, d, result.runIndex, scenarioEnd);
    });
    this.closeRun(results, scenarioEnd);
  }

  /**
   * One decision instance of the current run in structure column `s`, in any order (a streamed
   * batch adds instances as they settle; see RunScratch).
   */
  addOutcome(s: number, d: DecisionOutcome, runIndex: number, scenarioEnd: number): void {
    const k = this.keyByInject.get(d.inject)?.get(d.decision);
    if (k === undefined) throw new Error(`summary: decision ${d.inject}/${d.decision} is not in the scenario`);
    this.tallies[s]![k]!.addInstance(d, runIndex, d.expiresAt ?? Math.max(scenarioEnd, d.detectedAt));
  }

  /** Ends the current run, once every structure's instances are in: pairs, contrasts, branches, assets (dry times censored at `scenarioEnd`). */
  closeRun(results: readonly Pick<RunResult, 'runIndex' | 'branches' | 'assets'>[], scenarioEnd: number): void {
    this.pairList.forEach(([a, b], c) => {
      for (let k = 0; k < this.keys.length; k++) this.pairs[c]![k]!.add(this.tallies[a]![k]!, this.tallies[b]![k]!);
    });
    this.contrastList.forEach(([a, b, c, d], i) => {
      const t = this.tallies;
      for (let k = 0; k < this.keys.length; k++) this.contrasts[i]![k]!.addContrast(t[a]![k]!, t[b]![k]!, t[c]![k]!, t[d]![k]!);
    });
    const drawn = this.pairByBranch(results);
    this.tallies.forEach((row, s) => {
      const rows = drawn?.[s]?.map((b) => b.tallies[s]!) ?? NO_BRANCHES;
      for (let k = 0; k < row.length; k++) row[k]!.endRun(rows, k);
    });
    if (results[0]?.assets) {
      this.assets ??= { ids: results[0].assets.map((a) => a.id), byStructure: this.structures.map(() => results[0]!.assets!.map(() => new AssetSummary())) };
      const ids = this.assets.ids;
      results.forEach((r, s) => {
        // An arm may change an asset's numbers, not which assets there are (one row per asset).
        if (r.assets?.length !== ids.length || r.assets.some((a, i) => a.id !== ids[i])) throw new Error(`summary: ${this.structures[s]} has other assets than ${this.structures[0]}; an arm may change assets, not add or remove them`);
        r.assets.forEach((a, i) => this.assets!.byStructure[s]![i]!.add(a, scenarioEnd));
      });
    }
    this.addBranches(results);
    this.runs++;
  }

  /**
   * The branches each column drew in this run (none drawn: undefined), with the pairs of the run
   * added within every branch both columns of a pair drew. Before endRun: pairs read the run's
   * restricted means.
   */
  private pairByBranch(results: readonly Pick<RunResult, 'branches'>[]): BranchSummary[][] | undefined {
    if (results.every((r) => isEmpty(r.branches))) return undefined;
    const keys = results.map((r) => Object.entries(r.branches).map(([element, branch]) => `${element}=${branch}`));
    const drawn = keys.map((ks) => ks.map((key) => {
      let b = this.byBranch.get(key);
      if (!b) this.byBranch.set(key, (b = new BranchSummary(this.structures.length, this.keys.length, this.pairList.length)));
      return b;
    }));
    this.pairList.forEach(([a, b], c) => {
      keys[a]!.forEach((key, i) => {
        if (!keys[b]!.includes(key)) return;
        const pairs = drawn[a]![i]!.pairs[c]!;
        for (let k = 0; k < this.keys.length; k++) pairs[k]!.add(this.tallies[a]![k]!, this.tallies[b]![k]!);
      });
    });
    return drawn;
  }

  /**
   * A run's branches, the same in every structure of the batch's own inputs (common random
   * numbers): counted once. (An arm may change a chance, and so draw other branches: the shares
   * reported are the batch's own.)
   */
  private addBranches(results: readonly Pick<RunResult, 'runIndex' | 'branches'>[]): void {
    const first = results[0]?.branches ?? {};
    const text = JSON.stringify(first);
    results.forEach((r, i) => {
      if (!this.structures[i]!.includes('@') && JSON.stringify(r.branches) !== text) throw new Error(`summary: run ${r.runIndex} drew different branches in different structures`);
    });
    for (const [element, branch] of Object.entries(first)) {
      const key = `${element}=${branch}`;
      this.branches.set(key, (this.branches.get(key) ?? 0) + 1);
    }
  }

  merge(o: BatchSummary): void {
    if (o.structures.join() !== this.structures.join() || o.keys.join() !== this.keys.join() || JSON.stringify(o.pairList) !== JSON.stringify(this.pairList)
      || JSON.stringify(o.contrastList) !== JSON.stringify(this.contrastList)) {
      throw new Error('summary: cannot merge summaries of different structures or decisions');
    }
    this.tallies.forEach((row, s) => row.forEach((t, k) => t.merge(o.tallies[s]![k]!)));
    this.pairs.forEach((row, c) => row.forEach((p, k) => p.merge(o.pairs[c]![k]!)));
    this.contrasts.forEach((row, c) => row.forEach((p, k) => p.merge(o.contrasts[c]![k]!)));
    for (const [k, n] of o.branches) this.branches.set(k, (this.branches.get(k) ?? 0) + n);
    if (o.assets) {
      if (!this.assets) this.assets = { ids: [...o.assets.ids], byStructure: o.assets.byStructure.map((row) => row.map(() => new AssetSummary())) };
      if (this.assets.ids.join() !== o.assets.ids.join()) throw new Error('summary: cannot merge summaries of different assets');
      this.assets.byStructure.forEach((row, s) => row.forEach((a, i) => a.merge(o.assets!.byStructure[s]![i]!)));
    }
    for (const [k, b] of o.byBranch) {
      let mine = this.byBranch.get(k);
      if (!mine) this.byBranch.set(k, (mine = new BranchSummary(this.structures.length, this.keys.length, this.pairList.length)));
      mine.merge(b);
    }
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
      branches: [...this.branches].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ...(this.assets ? { assets: { ids: [...this.assets.ids], byStructure: this.assets.byStructure.map((row) => row.map((a) => a.toJSON())) } } : {}),
      ...(this.byBranch.size > 0 ? { byBranch: [...this.byBranch].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, b]) => [k, b.toJSON()] as [string, BranchSummaryJson]) } : {}),
      ...(this.contrastList.length > 0 ? {
        contrastList: this.contrastList.map(([a, b, c, d]) => [a, b, c, d] as Contrast),
        contrasts: this.contrasts.map((row) => row.map((p) => p.toJSON())),
      } : {}),
    };
  }

  static fromJSON(j: BatchSummaryJson): BatchSummary {
    const b = new BatchSummary(j.structures, j.keys, j.pairList, j.contrastList ?? []);
    b.runs = j.runs;
    // A summary from a file (a shard's part) must fill every cell: a missing one would read as a
    // structure that never faced the decision, and the report would be wrong without a word.
    const fits = (rows: unknown[][], n: number) => rows.length === n && rows.every((row) => Array.isArray(row) && row.length === j.keys.length);
    if (!fits(j.tallies, j.structures.length) || !fits(j.pairs, b.pairList.length) || !fits(j.contrasts ?? [], b.contrastList.length)) {
      throw new Error('summary: its tallies or pairs do not match its structures and decisions');
    }
    j.tallies.forEach((row, s) => row.forEach((t, k) => { b.tallies[s]![k] = DecisionSummary.fromJSON(t).checked(j.runs); }));
    j.pairs.forEach((row, c) => row.forEach((p, k) => {
      const pair = PairSummary.fromJSON(p);
      if (pair.pairs + pair.onlyBaseline + pair.onlyCandidate > j.runs) throw new Error('summary: a comparison counts more runs than the summary holds');
      b.pairs[c]![k] = pair;
    }));
    (j.contrasts ?? []).forEach((row, c) => row.forEach((p, k) => {
      const contrast = PairSummary.fromJSON(p);
      if (contrast.pairs + contrast.onlyBaseline + contrast.onlyCandidate > j.runs) throw new Error('summary: a contrast counts more runs than the summary holds');
      b.contrasts[c]![k] = contrast;
    }));
    for (const [k, n] of j.branches ?? []) b.branches.set(k, n);
    if (j.assets) {
      if (j.assets.byStructure.length !== j.structures.length || j.assets.byStructure.some((row) => row.length !== j.assets!.ids.length)) {
        throw new Error('summary: its assets do not match its structures');
      }
      b.assets = { ids: [...j.assets.ids], byStructure: j.assets.byStructure.map((row) => row.map((a) => AssetSummary.fromJSON(a, j.runs))) };
    }
    for (const [key, x] of j.byBranch ?? []) {
      if (!fits(x.tallies, j.structures.length) || !fits(x.pairs, b.pairList.length) || b.byBranch.has(key)) {
        throw new Error('summary: its results per branch do not match its structures and decisions');
      }
      const branch = new BranchSummary(j.structures.length, j.keys.length, b.pairList.length);
      x.tallies.forEach((row, s) => row.forEach((t, k) => { branch.tallies[s]![k] = BranchTally.fromJSON(t).checked(j.runs); }));
      x.pairs.forEach((row, c) => row.forEach((p, k) => {
        const pair = PairSummary.fromJSON(p);
        if (pair.pairs + pair.onlyBaseline + pair.onlyCandidate > j.runs) throw new Error('summary: a comparison within a branch counts more runs than the summary holds');
        branch.pairs[c]![k] = pair;
      }));
      b.byBranch.set(key, branch);
    }
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
  /** Runs per drawn branch, sorted by key (absent in summaries written before chance existed). */
  branches?: [string, number][];
  /** Magazines and sortie pools per structure (absent when the scenario has none). */
  assets?: { ids: string[]; byStructure: AssetSummaryJson[][] };
  /** Results per drawn branch, sorted by key (absent when nothing was drawn). */
  byBranch?: [string, BranchSummaryJson][];
  /** Contrasts between pairs (absent when there are none, as in every report's batch). */
  contrastList?: Contrast[];
  contrasts?: PairSummaryJson[][];
}

function isEmpty(o: Record<string, string>): boolean {
  for (const _ in o) return false;
  return true;
}

/** Columns [a, b, c, d] of a contrast: (d − c) − (b − a) per run. */
export type Contrast = readonly [number, number, number, number];
