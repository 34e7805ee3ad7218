/**
 * Folding runs into the report's per-decision figures, one run at a time (a batch of 10,000 runs
 * keeps only latencies and sums, never the runs themselves). Breakdowns follow each executed
 * instance's slowest track — the one that set its execution time — so they sum to its latency.
 */
import type { Scenario } from '../model/scenario.js';
import type { CriticalPath, ReportDecision, StructureResult } from '../model/report.js';
import { offsetOf } from '../model/scenarioChecks.js';
import { CAUSES, causeOf, type Cause, type DecisionOutcome, type RunResult } from '../engine/runResult.js';
import { meanInterval, quantileInterval, quantileSorted, ratioEstimate, sampleSd, t975, wilson, type Interval } from './stats.js';

export interface InstanceRef {
  run: number;
  occurrence: number;
  latency: number;
}

class DecisionTally {
  readonly latencies: number[] = [];
  /** Which run and occurrence each latency came from, to find the median and slowest instances. */
  private readonly runOf: number[] = [];
  private readonly occurrenceOf: number[] = [];
  readonly paths: { median: CriticalPath | null; slowest: CriticalPath | null } = { median: null, slowest: null };
  instances = 0;
  withDeadline = 0;
  onTime = 0;
  late = 0;
  missed = 0;
  readonly byCause = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
  readonly byNode = new Map<string, number>();
  readonly decidedBy = new Map<string, Map<string, number>>();
  /** Per run: sum and count of latencies, for the paired comparison. */
  readonly runSum: Float64Array;
  readonly runCount: Uint32Array;
  /** Per run: instances with a deadline, and how each ended (rates are estimated over runs). */
  private readonly runDeadlines: Uint32Array;
  private readonly runOnTime: Uint32Array;
  private readonly runLate: Uint32Array;
  private readonly runMissed: Uint32Array;

  constructor(private readonly runs: number) {
    this.runSum = new Float64Array(runs);
    this.runCount = new Uint32Array(runs);
    this.runDeadlines = new Uint32Array(runs);
    this.runOnTime = new Uint32Array(runs);
    this.runLate = new Uint32Array(runs);
    this.runMissed = new Uint32Array(runs);
  }

  add(run: number, d: DecisionOutcome): void {
    this.instances++;
    if (d.deadlineAt !== undefined) {
      this.withDeadline++;
      this.runDeadlines[run] = this.runDeadlines[run]! + 1;
      if (d.outcome === 'on-time') { this.onTime++; this.runOnTime[run] = this.runOnTime[run]! + 1; }
      else if (d.outcome === 'late') { this.late++; this.runLate[run] = this.runLate[run]! + 1; }
      else if (d.outcome === 'missed') { this.missed++; this.runMissed[run] = this.runMissed[run]! + 1; }
    }
    if (d.latency === undefined) return;
    this.latencies.push(d.latency);
    this.runOf.push(run);
    this.occurrenceOf.push(d.occurrence);
    this.runSum[run] = this.runSum[run]! + d.latency;
    this.runCount[run] = this.runCount[run]! + 1;
    let slowest = d.tracks[0]!;
    for (const t of d.tracks) if ((t.doneAt ?? -Infinity) > (slowest.doneAt ?? -Infinity)) slowest = t;
    for (const s of slowest.segments) {
      const dt = s.end - s.start;
      this.byCause[causeOf(s.phase, s.mechanism)] += dt;
      this.byNode.set(s.node, (this.byNode.get(s.node) ?? 0) + dt);
    }
    for (const t of d.tracks) {
      if (!t.decidedBy) continue;
      if (!this.decidedBy.has(t.nation)) this.decidedBy.set(t.nation, new Map());
      const m = this.decidedBy.get(t.nation)!;
      m.set(t.decidedBy, (m.get(t.decidedBy) ?? 0) + 1);
    }
  }

  /** The median and slowest executed instances (ties broken by run, then occurrence). */
  extremes(): { median: InstanceRef; slowest: InstanceRef } | undefined {
    const n = this.latencies.length;
    if (n === 0) return undefined;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      this.latencies[a]! - this.latencies[b]! || this.runOf[a]! - this.runOf[b]! || this.occurrenceOf[a]! - this.occurrenceOf[b]!);
    const ref = (i: number): InstanceRef => ({ run: this.runOf[i]!, occurrence: this.occurrenceOf[i]!, latency: this.latencies[i]! });
    return { median: ref(order[Math.floor((n - 1) / 2)]!), slowest: ref(order[n - 1]!) };
  }

  /** The run's mean latency for this decision, NaN when it executed no instance. */
  runMean(run: number): number {
    return this.runCount[run]! > 0 ? this.runSum[run]! / this.runCount[run]! : NaN;
  }

  result(): StructureResult {
    const n = this.latencies.length;
    const sorted = Float64Array.from(this.latencies).sort();
    const maxPerRun = maxOf(this.runCount);
    // Several instances in one run share queues and links: then runs, not instances, are the
    // independent samples, and the intervals come from cluster-robust estimates.
    const clustered = maxPerRun > 1;
    const m = n > 0 ? meanInterval(sorted) : undefined;
    const sd = n > 1 ? sampleSd(sorted, m!.mean) : NaN;
    let se = n > 1 ? sd / Math.sqrt(n) : NaN;
    let df = n - 1;
    if (clustered && this.runs > 1) {
      const r = ratioEstimate(this.runSum, this.runCount);
      se = r.se;
      df = r.df;
    }
    const meanCi: Interval | undefined = n > 1 && Number.isFinite(se) ? [m!.mean - t975(df) * se, m!.mean + t975(df) * se] : undefined;
    const deff = clustered && n > 1 && sd > 0 ? (se * se) / ((sd * sd) / n) : 1;
    const per = (x: number) => (n > 0 ? round(x / n) : 0);
    const q = (p: number) => round(quantileSorted(sorted, p));
    const qi = (p: number) => roundInterval(quantileInterval(sorted, p, deff));
    const rateClustered = maxOf(this.runDeadlines) > 1 && this.runs > 1;
    const rate = (k: number, perRun: Uint32Array) => {
      const p = k / this.withDeadline;
      if (!rateClustered) {
        return { count: k, rate: round(p, 6), se: round(Math.sqrt((p * (1 - p)) / this.withDeadline), 6), ci95: roundInterval(wilson(k, this.withDeadline), 6) };
      }
      const r = ratioEstimate(perRun, this.runDeadlines);
      const half = t975(r.df) * r.se;
      return { count: k, rate: round(p, 6), se: round(r.se, 6), ci95: roundInterval([Math.max(0, p - half), Math.min(1, p + half)], 6) };
    };
    return {
      instances: this.instances,
      executed: n,
      latency_s: n === 0 ? null : {
        mean_s: round(m!.mean),
        mean_ci95_s: roundInterval(meanCi),
        mean_se_s: Number.isFinite(se) ? round(se) : null,
        mean_df: df,
        sd_s: n > 1 ? round(sd) : null,
        p50_s: q(0.5), p50_ci95_s: qi(0.5),
        p90_s: q(0.9), p90_ci95_s: qi(0.9),
        p99_s: q(0.99), p99_ci95_s: qi(0.99),
        min_s: round(sorted[0]!),
        max_s: round(sorted[n - 1]!),
        cdf_s: Array.from({ length: 21 }, (_, i) => round(quantileSorted(sorted, i / 20))),
      },
      outcomes: this.withDeadline === 0 ? null : {
        onTime: rate(this.onTime, this.runOnTime), late: rate(this.late, this.runLate), missed: rate(this.missed, this.runMissed),
      },
      clusters: { runs: this.runs, maxPerRun },
      byCause_s: Object.fromEntries(CAUSES.map((c) => [c, per(this.byCause[c])])) as StructureResult['byCause_s'],
      byNode_s: Object.fromEntries([...this.byNode].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, per(v)])),
      decidedBy: Object.fromEntries([...this.decidedBy].sort(([a], [b]) => a.localeCompare(b)).map(([nation, m]) => [
        nation,
        Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([node, k]) => [node, round(k / n, 6)])),
      ])),
      criticalPath: this.paths,
    };
  }
}

export class Aggregator {
  private readonly tallies = new Map<string, Map<string, DecisionTally>>();

  constructor(
    private readonly scenario: Scenario,
    private readonly structures: string[],
    private readonly runs: number,
    private readonly firstRun: number,
  ) {
    for (const s of structures) this.tallies.set(s, new Map());
  }

  add(result: RunResult): void {
    const run = result.runIndex - this.firstRun;
    const byKey = this.tallies.get(result.structure)!;
    for (const d of result.decisions) {
      const key = `${d.inject}/${d.decision}`;
      let t = byKey.get(key);
      if (!t) byKey.set(key, (t = new DecisionTally(this.runs)));
      t.add(run, d);
    }
  }

  /** For each structure and decision, the runs whose instances are the median and the slowest. */
  extremes(): { structure: string; key: string; median: InstanceRef; slowest: InstanceRef }[] {
    const out: { structure: string; key: string; median: InstanceRef; slowest: InstanceRef }[] = [];
    for (const [structure, byKey] of this.tallies) {
      for (const [key, t] of byKey) {
        const e = t.extremes();
        if (e) out.push({ structure, key, ...e, median: { ...e.median, run: e.median.run + this.firstRun }, slowest: { ...e.slowest, run: e.slowest.run + this.firstRun } });
      }
    }
    return out;
  }

  setCriticalPath(structure: string, key: string, which: 'median' | 'slowest', path: CriticalPath): void {
    this.tallies.get(structure)!.get(key)!.paths[which] = path;
  }

  decisions(): ReportDecision[] {
    const out: ReportDecision[] = [];
    for (const inj of this.scenario.injects) {
      const base = inj.contingency ? 0 : offsetOf(inj.at, this.scenario.start);
      for (const d of inj.decisions) {
        const key = `${inj.id}/${d.id}`;
        const rel = (m: typeof d.deadline) => (m === undefined ? null : round('offset' in m ? m.offset : offsetOf(m, this.scenario.start) - base));
        const tallies = this.structures.map((s) => this.tallies.get(s)!.get(key) ?? new DecisionTally(this.runs));
        out.push({
          inject: inj.id,
          decision: d.id,
          kind: d.kind,
          title: inj.title,
          deadline_s: rel(d.deadline),
          expires_s: rel(d.expires),
          success: d.success,
          failure: d.failure,
          structures: Object.fromEntries(this.structures.map((s, i) => [s, tallies[i]!.result()])),
          paired: this.structures.slice(1).map((candidate, i) => paired(this.structures[0]!, candidate, tallies[0]!, tallies[i + 1]!, this.runs)),
        });
      }
    }
    return out;
  }
}

/** Candidate − baseline over runs where both executed the decision: common random numbers make this tight. */
function paired(baseline: string, candidate: string, a: DecisionTally, b: DecisionTally, runs: number): ReportDecision['paired'][number] {
  const diffs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const x = a.runMean(r);
    const y = b.runMean(r);
    if (!Number.isNaN(x) && !Number.isNaN(y)) diffs.push(y - x);
  }
  if (diffs.length < 2) {
    return { baseline, candidate, pairs: diffs.length, meanDifference_s: diffs.length ? round(diffs[0]!) : null, ci95_s: null, verdict: 'too few pairs' };
  }
  const { mean, ci95 } = meanInterval(diffs);
  const [lo, hi] = ci95!;
  // All-equal differences (an unchanged decision) have a zero-width interval at zero.
  const verdict = hi < 0 ? 'faster' : lo > 0 ? 'slower' : 'no difference beyond noise';
  return { baseline, candidate, pairs: diffs.length, meanDifference_s: round(mean), ci95_s: roundInterval(ci95), verdict };
}

/** Largest value (a loop: spreading a million-run array into Math.max overflows the stack). */
function maxOf(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > m) m = xs[i]!;
  return m;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function roundInterval(i: Interval | undefined, digits = 3): [number, number] | null {
  return i ? [round(i[0], digits), round(i[1], digits)] : null;
}
