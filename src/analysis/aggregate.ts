/**
 * From a batch's summary to the report's per-decision figures: estimates with their intervals.
 * Breakdowns follow each executed instance's slowest track — the one that set its execution
 * time — so they sum to its latency. Quantiles come from the summary's sketch (within 0.5%).
 *
 * When a run holds several instances of a decision (a surge), they share queues and links and are
 * not independent: runs are the samples then, and means and rates take cluster-robust standard
 * errors over runs (the linearised ratio estimator), and quantile intervals widen by the design
 * effect.
 */
import type { Scenario } from '../model/scenario.js';
import type { BranchDecision, CriticalPath, ReportDecision, StructureResult } from '../model/report.js';
import { offsetOf } from '../model/scenarioChecks.js';
import { CAUSES, CORE_CAUSES } from '../engine/runResult.js';
import type { InstanceKey, LatencySketch } from './sketch.js';
import { Z975, t975, wilson, type Interval } from './stats.js';
import type { BatchSummary, BranchTally, DecisionSummary, PairSummary } from './summary.js';

const US = 1e6;

export interface WantedPaths {
  structure: string;
  key: string;
  median: InstanceKey;
  slowest: InstanceKey;
}

/** For each structure and decision, an instance at the median and the slowest: their runs are re-simulated for critical paths. */
export function wantedPaths(summary: BatchSummary): WantedPaths[] {
  const out: WantedPaths[] = [];
  summary.tallies.forEach((row, s) => row.forEach((t, k) => {
    if (!t.sketch || !t.slowest) return;
    out.push({
      structure: summary.structures[s]!,
      key: summary.keys[k]!,
      median: t.sketch.instanceAtRank(Math.floor((t.executed - 1) / 2) + 1),
      slowest: { run: t.slowest.run, occurrence: t.slowest.occurrence },
    });
  }));
  return out;
}

export type CriticalPaths = Map<string, { median: CriticalPath | null; slowest: CriticalPath | null }>;
export const pathKey = (structure: string, key: string) => `${structure}|${key}`;

/** The report's decisions, in scenario order, each with every structure and the paired comparisons. */
export function reportDecisions(scenario: Scenario, summary: BatchSummary, paths: CriticalPaths): ReportDecision[] {
  const out: ReportDecision[] = [];
  const runs = summary.runs;
  // Correctness is reported where it can differ from timeliness: a scenario whose tracks have a life.
  const tracked = isTracked(scenario);
  // Waiting for assets is listed where a scenario has them: other reports keep their bytes.
  const supplied = (scenario.assets?.length ?? 0) > 0;
  for (const inj of scenario.injects) {
    const base = inj.contingency ? 0 : offsetOf(inj.at, scenario.start);
    for (const d of inj.decisions) {
      const key = `${inj.id}/${d.id}`;
      const k = summary.keys.indexOf(key);
      const rel = (m: typeof d.deadline) => (m === undefined ? null : round('offset' in m ? m.offset : offsetOf(m, scenario.start) - base));
      out.push({
        inject: inj.id,
        decision: d.id,
        kind: d.kind,
        title: inj.title,
        deadline_s: rel(d.deadline),
        expires_s: rel(d.expires),
        success: d.success,
        failure: d.failure,
        structures: Object.fromEntries(summary.structures.map((s, i) => {
          const t = summary.tallies[i]![k]!;
          const r = structureResult(t, runs, paths.get(pathKey(s, key)) ?? { median: null, slowest: null }, supplied);
          return [s, tracked ? { ...r, truth: truthResult(t, t.runsDemanded, d.retracts !== undefined) } : r];
        })),
        paired: summary.pairList.map(([a, b], c) => paired(summary.structures[a]!, summary.structures[b]!, summary.pairs[c]![k]!)),
      });
    }
  }
  return out;
}

function structureResult(t: DecisionSummary, runs: number, paths: StructureResult['criticalPath'], supplied = false): StructureResult {
  const n = t.executed;
  const clustered = t.maxPerRun > 1;
  let latency: StructureResult['latency_s'] = null;
  if (n > 0) {
    const sketch = t.sketch!;
    const mean = Number(t.sumQ) / n / US;
    const sd = n > 1 ? Math.sqrt(Math.max(0, Number(BigInt(n) * t.sumQ2 - t.sumQ * t.sumQ) / (n * (n - 1)))) / US : NaN;
    let se = n > 1 ? sd / Math.sqrt(n) : NaN;
    let df = n - 1;
    // Clustered: the runs that faced the decision are the samples (runs without it add nothing
    // but degrees of freedom). From one such run the residuals are all zero: no interval.
    const clusters = t.runsDemanded;
    if (clustered) {
      se = clusters > 1 ? ratioSe(t.sumQ, BigInt(n), t.runY2, t.runXY, BigInt(t.runX2), clusters) / US : NaN;
      df = Math.max(0, clusters - 1);
    }
    const meanCi: Interval | undefined = n > 1 && Number.isFinite(se) ? [mean - t975(df) * se, mean + t975(df) * se] : undefined;
    const deff = !clustered ? 1 : !Number.isFinite(se) ? Infinity : n > 1 && sd > 0 ? (se * se) / ((sd * sd) / n) : 1;
    const q = (p: number) => round(sketch.quantile(p));
    const qi = (p: number) => roundInterval(quantileInterval(sketch, p, deff));
    latency = {
      mean_s: round(mean),
      mean_ci95_s: roundInterval(meanCi),
      mean_se_s: Number.isFinite(se) ? round(se) : null,
      mean_df: df,
      sd_s: n > 1 ? round(sd) : null,
      p50_s: q(0.5), p50_ci95_s: qi(0.5),
      p90_s: q(0.9), p90_ci95_s: qi(0.9),
      p99_s: q(0.99), p99_ci95_s: qi(0.99),
      min_s: round(sketch.min),
      max_s: round(sketch.max),
      cdf_s: Array.from({ length: 21 }, (_, i) => round(sketch.quantile(i / 20))),
    };
  }
  const rateClustered = t.maxDeadlinesPerRun > 1 && t.runsDemanded > 1;
  const rate = (k: number, kd: number, k2: number) => {
    const N = t.withDeadline;
    const p = k / N;
    if (!rateClustered) {
      return { count: k, rate: round(p, 6), se: round(Math.sqrt((p * (1 - p)) / N), 6), ci95: roundInterval(wilson(k, N), 6) };
    }
    // Ratio estimate Σk/Σd over runs: e² = Σk² − 2pΣkd + p²Σd² (integer sums, exact).
    const e2 = Math.max(0, k2 - 2 * p * kd + p * p * t.runD2);
    const G = t.runsDemanded;
    const se = Math.sqrt((G / (G - 1)) * e2) / N;
    const half = t975(G - 1) * se;
    // None or all: every run's residual is zero and so is the interval's width, as if 0 of N
    // were certain. Say at least what the same count would say unclustered (Wilson).
    const ci: Interval | undefined = k === 0 || k === N ? wilson(k, N) : [Math.max(0, p - half), Math.min(1, p + half)];
    return { count: k, rate: round(p, 6), se: round(se, 6), ci95: roundInterval(ci, 6) };
  };
  let restricted: StructureResult['restricted_s'] = null;
  if (t.instances > 0) {
    const mean = Number(t.sumR) / t.instances / US;
    const G = t.runsDemanded;
    const se = G > 1 ? ratioSe(t.sumR, BigInt(t.instances), t.runR2, t.runRX, BigInt(t.runI2), G) / US : NaN;
    const half = t975(G - 1) * se;
    restricted = { mean_s: round(mean), ci95_s: Number.isFinite(half) ? roundInterval([mean - half, mean + half]) : null, censored: t.censored };
  }
  const per = (x: bigint) => (n > 0 ? round(Number(x) / n / US) : 0);
  return {
    instances: t.instances,
    executed: n,
    latency_s: latency,
    restricted_s: restricted,
    outcomes: t.withDeadline === 0 ? null : {
      onTime: rate(t.onTime, t.runKD, t.runK2), late: rate(t.late, t.runLateD, t.runLate2), missed: rate(t.missed, t.runMissedD, t.runMissed2),
    },
    clusters: { runs, maxPerRun: t.maxPerRun },
    // Beyond the core seven: supply in every report of a scenario with assets, endurance causes only
    // where they took time — reports without them stay as they were.
    byCause_s: Object.fromEntries(CAUSES.flatMap((c, i) => (i < CORE_CAUSES || t.byCause[i]! !== 0n || (c === 'supply' && supplied)
      ? [[c, per(t.byCause[i]!)]] : []))) as StructureResult['byCause_s'],
    byNode_s: Object.fromEntries([...t.byNode].sort(([a], [b]) => byCodePoint(a, b)).map(([k, v]) => [k, per(v)])),
    decidedBy: Object.fromEntries([...t.decidedBy].sort(([a], [b]) => byCodePoint(a, b)).map(([nation, m]) => [
      nation,
      Object.fromEntries([...m].sort(([a], [b]) => byCodePoint(a, b)).map(([node, k]) => [node, round(k / n, 6)])),
    ])),
    criticalPath: paths,
    ...(supplied ? { shortfalls: t.shortfalls } : {}),
  };
}

/**
 * A share k/N with its 95% interval: Wilson when each run holds at most one of the denominator's
 * units, else the cluster-robust ratio estimate over runs (Σk², Σkd, Σd² are exact integer sums).
 */
function share(k: number, N: number, runs: number, sums: { k2: number; kd: number; d2: number }): NonNullable<StructureResult['outcomes']>['onTime'] {
  const p = N > 0 ? k / N : 0;
  if (N === 0) return { count: 0, rate: 0, se: 0, ci95: null };
  // Σd² exceeds Σd exactly when some run holds two or more.
  if (sums.d2 <= N || runs < 2) {
    return { count: k, rate: round(p, 6), se: round(Math.sqrt((p * (1 - p)) / N), 6), ci95: roundInterval(wilson(k, N), 6) };
  }
  const e2 = Math.max(0, sums.k2 - 2 * p * sums.kd + p * p * sums.d2);
  const se = Math.sqrt((runs / (runs - 1)) * e2) / N;
  const half = t975(runs - 1) * se;
  // None or all: the clustered interval has zero width (see rate in structureResult).
  const ci: Interval | undefined = k === 0 || k === N ? wilson(k, N) : [Math.max(0, p - half), Math.min(1, p + half)];
  return { count: k, rate: round(p, 6), se: round(se, 6), ci95: roundInterval(ci, 6) };
}

/** Timely-and-correct, false alarms, retractions and time to retract (issue 8). */
function truthResult(t: DecisionSummary, runs: number, isRetraction: boolean): NonNullable<StructureResult['truth']> {
  const x = t.truth;
  let retractions: NonNullable<StructureResult['truth']>['retractions'] = null;
  if (isRetraction) {
    const n = x.retractionsExecuted;
    let time: NonNullable<NonNullable<NonNullable<StructureResult['truth']>['retractions']>['timeToRetract_s']> | null = null;
    if (n > 0) {
      const mean = Number(x.sumT) / n / US;
      let se = n > 1 ? Math.sqrt(Math.max(0, Number(BigInt(n) * x.sumT2 - x.sumT * x.sumT) / (n * (n - 1)))) / US / Math.sqrt(n) : NaN;
      let df = n - 1;
      if (x.runRx2 > n && runs > 1) {
        se = ratioSe(x.sumT, BigInt(n), x.runT2, x.runTX, BigInt(x.runRx2), runs) / US;
        df = runs - 1;
      }
      const half = t975(df) * se;
      time = { mean_s: round(mean), ci95_s: Number.isFinite(half) ? roundInterval([mean - half, mean + half]) : null, se_s: Number.isFinite(se) ? round(se) : null, df };
    }
    retractions = { instances: x.retractions, executed: n, timeToRetract_s: time };
  }
  return {
    erroneous: x.erroneous,
    timelyCorrect: share(x.timelyCorrect, t.instances, runs, { k2: x.runTc2, kd: x.runTcI, d2: t.runI2 }),
    falseAlarms: share(x.falseAlarms, t.instances, runs, { k2: x.runFa2, kd: x.runFaI, d2: t.runI2 }),
    retracted: x.falseAlarms === 0 ? null : share(x.retracted, x.falseAlarms, runs, { k2: x.runRt2, kd: x.runRtFa, d2: x.runFa2 }),
    retractions,
  };
}

/** Whether the scenario gives tracks a life: correctness is reported where it can differ from timeliness. */
function isTracked(scenario: Scenario): boolean {
  return scenario.injects.some((i) => i.track !== undefined || i.decisions.some((d) => d.retracts !== undefined));
}

/**
 * Results within one branch drawn by chance (issue 8): for each decision demanded in it, every
 * column's mean latency, restricted mean, on-time rate (and right or wrong) with 95% intervals
 * over the branch's runs, and the paired differences within the branch (both columns drew it in
 * the same runs: common random numbers). Decisions not demanded in the branch are left out.
 */
export function branchDecisions(scenario: Scenario, summary: BatchSummary, branch: string): BranchDecision[] {
  const b = summary.byBranch.get(branch);
  if (!b) return [];
  const tracked = isTracked(scenario);
  const out: BranchDecision[] = [];
  for (const inj of scenario.injects) {
    for (const d of inj.decisions) {
      const k = summary.keys.indexOf(`${inj.id}/${d.id}`);
      if (b.tallies.every((row) => row[k]!.instances === 0)) continue;
      out.push({
        inject: inj.id,
        decision: d.id,
        structures: Object.fromEntries(summary.structures.map((s, i) => [s, branchResult(b.tallies[i]![k]!, tracked)])),
        paired: summary.pairList.map(([x, y], c) => paired(summary.structures[x]!, summary.structures[y]!, b.pairs[c]![k]!)),
      });
    }
  }
  return out;
}

function branchResult(t: BranchTally, tracked: boolean): BranchDecision['structures'][string] {
  const n = t.executed;
  const G = t.runsDemanded;
  let mean: number | null = null;
  let meanCi: Interval | undefined;
  if (n > 0) {
    const m = Number(t.sumQ) / n / US;
    mean = m;
    let se = n > 1 ? Math.sqrt(Math.max(0, Number(BigInt(n) * t.sumQ2 - t.sumQ * t.sumQ) / (n * (n - 1)))) / US / Math.sqrt(n) : NaN;
    let df = n - 1;
    // Several executed in one run: runs are the samples (as for the whole batch).
    if (t.maxPerRun > 1) {
      se = G > 1 ? ratioSe(t.sumQ, BigInt(n), t.runY2, t.runXY, BigInt(t.runX2), G) / US : NaN;
      df = G - 1;
    }
    if (Number.isFinite(se) && df >= 1) meanCi = [m - t975(df) * se, m + t975(df) * se];
  }
  let restricted: BranchDecision['structures'][string]['restricted_s'] = null;
  if (t.instances > 0) {
    const m = Number(t.sumR) / t.instances / US;
    const half = G > 1 ? t975(G - 1) * ratioSe(t.sumR, BigInt(t.instances), t.runR2, t.runRX, BigInt(t.runI2), G) / US : NaN;
    restricted = { mean_s: round(m), ci95_s: Number.isFinite(half) ? roundInterval([m - half, m + half]) : null, censored: t.censored };
  }
  const x = t.truth;
  return {
    runs: G,
    instances: t.instances,
    executed: n,
    mean_s: mean === null ? null : round(mean),
    mean_ci95_s: roundInterval(meanCi),
    restricted_s: restricted,
    onTime: t.withDeadline === 0 ? null : share(t.onTime, t.withDeadline, G, { k2: t.runK2, kd: t.runKD, d2: t.runD2 }),
    ...(tracked ? {
      truth: {
        timelyCorrect: share(x.timelyCorrect, t.instances, G, { k2: x.runTc2, kd: x.runTcI, d2: t.runI2 }),
        falseAlarms: share(x.falseAlarms, t.instances, G, { k2: x.runFa2, kd: x.runFaI, d2: t.runI2 }),
      },
    } : {}),
  };
}

/**
 * Cluster-robust (CR1) standard error of the ratio Y/X over `runs` clusters, from exact sums:
 * X²·Σ(y − v·x)² = X²Σy² − 2XYΣxy + Y²Σx², computed in integers so nothing cancels.
 */
function ratioSe(Y: bigint, X: bigint, sumY2: bigint, sumXY: bigint, sumX2: bigint, runs: number): number {
  const num = X * X * sumY2 - 2n * X * Y * sumXY + Y * Y * sumX2;
  const x = Number(X);
  const e2 = Math.max(0, Number(num) / (x * x));
  return Math.sqrt((runs / (runs - 1)) * e2) / x;
}

/**
 * Distribution-free 95% interval for the p-quantile: the order statistics whose ranks bracket n·p
 * by the normal approximation to the binomial, read from the sketch. Undefined when the sample is
 * too small for the interval to fall inside it (e.g. p99 from 50 runs).
 */
function quantileInterval(s: LatencySketch, p: number, designEffect: number): Interval | undefined {
  const n = s.n;
  // Correlated samples (several instances per run) carry less information: widen by √deff.
  const half = Z975 * Math.sqrt(n * p * (1 - p) * Math.max(1, designEffect));
  const lo = Math.floor(n * p - half);
  const hi = Math.ceil(n * p + half);
  if (lo < 1 || hi > n) return undefined;
  return [s.valueAtRank(lo), s.valueAtRank(hi)];
}

/**
 * Candidate − baseline: per run, the difference of restricted mean times (a miss counts at its
 * censoring time), over every run in which both faced the decision; a t-interval over those runs.
 */
export function paired(baseline: string, candidate: string, p: PairSummary): ReportDecision['paired'][number] {
  const common = {
    baseline, candidate, pairs: p.pairs, onlyBaseline: p.onlyBaseline, onlyCandidate: p.onlyCandidate,
    censored: { baseline: p.censoredBaseline, candidate: p.censoredCandidate },
  };
  const P = p.pairs;
  if (P < 2) {
    const verdict = P === 0 && p.onlyBaseline + p.onlyCandidate > 0 ? 'not demanded in both' : 'too few pairs';
    return { ...common, meanDifference_s: P === 1 ? round(Number(p.sumD) / US) : null, ci95_s: null, verdict };
  }
  const mean = Number(p.sumD) / P / US;
  const variance = Math.max(0, Number(BigInt(P) * p.sumD2 - p.sumD * p.sumD) / (P * (P - 1))) / (US * US);
  const half = t975(P - 1) * Math.sqrt(variance / P);
  const lo = mean - half;
  const hi = mean + half;
  // All-equal differences (an unchanged decision) have a zero-width interval at zero.
  const verdict = hi < 0 ? 'faster' : lo > 0 ? 'slower' : 'no difference beyond noise';
  return { ...common, meanDifference_s: round(mean), ci95_s: roundInterval([lo, hi]), verdict };
}

/** Code-point order: localeCompare follows the process's locale, and reports must not. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function roundInterval(i: Interval | undefined, digits = 3): [number, number] | null {
  return i ? [round(i[0], digits), round(i[1], digits)] : null;
}
