/**
 * One-at-a-time sensitivity: every ranged input of a scenario and its structures (ranges.ts) is
 * put at its low and at its high value, each as an arm of a batch run on the same runs as the
 * base inputs (common random numbers), and compared with the base run by run.
 *
 * Per decision it gives each input's effect on each structure's latency (arm − base) and on the
 * difference between structures: per run, (candidate@arm − baseline@arm) − (candidate − baseline),
 * folded as a contrast in the batch summary so its t-interval is over the same runs, not a
 * conservative sum of two intervals. Where an end of a range flips the verdict between two
 * structures (faster / slower / no difference), bisection on the factor finds the smallest change
 * that does, each step a batch with the input at the midpoint as an arm.
 *
 * An arm whose input belongs to one structure simulates only that structure: the others are the
 * base's columns, exactly (same seed, same runs, same inputs), so a structure's own input costs
 * half as much and its effect on the other structures is exactly zero.
 */
import { InputError } from '../model/inputError.js';
import { setValue, valueAtFactor } from '../model/ranges.js';
import { studyInputs, studyOverrides, studySets, studyValue, type StudyInput } from '../model/studyInputs.js';
import {
  SENSITIVITY_VERSION, type Sensitivity, type SensitivityDecision, type SensitivityFlip, type SensitivityInput,
  type SensitivitySide, type SensitivityVerdict,
} from '../model/sensitivity.js';
import { paired } from './aggregate.js';
import { BASE_ARM, decisionKeys, displayPath, prepareBatch, toolVersion, type BatchArm, type BatchOptions, type Column, type PreparedBatch } from './batch.js';
import { defaultWorkers, simulateRunsParallel } from './parallel.js';
import type { BatchSummary, Contrast, PairSummary } from './summary.js';
import type { Plan } from '../engine/plan.js';

/**
 * The inputs the scenario can feel: a node's numbers only if some decision's flow works or
 * detects there, or it relays (a route may pass through it); a link's only between two such
 * nodes, or a track-sharing link from one. Since #9 the bundled structures hold the ROK, the
 * Diet and the other national bodies alike, and a US–Japan launch never reaches them: moving
 * their numbers changes nothing, exactly (common random numbers), and would only cost time.
 */
function reachable(b: PreparedBatch, inputs: StudyInput[]): StudyInput[] {
  const reach = new Map<string, { nodes: Set<string>; links: Set<string> }>();
  b.columns.forEach((c, i) => {
    if (!reach.has(c.structure.value.id)) reach.set(c.structure.value.id, reachOf(b.plans[i]!));
  });
  // An input set in several structures at once is kept if any of them can reach it.
  return inputs.filter((r) => {
    const m = /^(nodes|links)\[([^\]]+)\]/.exec(r.path);
    if (!m) return true;
    return r.targets.some((t) => {
      const at = reach.get(t);
      return !at || (m[1] === 'nodes' ? at.nodes.has(m[2]!) : at.links.has(m[2]!));
    });
  });
}

function reachOf(plan: Plan): { nodes: Set<string>; links: Set<string> } {
  const nodes = new Set<string>();
  for (const f of plan.flows.values()) {
    for (const t of f.tracks) {
      for (const { def } of t.steps.values()) {
        if (def.op === 'send') { nodes.add(def.from); nodes.add(def.to); } else nodes.add(def.node);
      }
    }
  }
  for (const inj of plan.injects.values()) {
    for (const p of [inj, ...(inj.cases ?? []).map((c) => c.plan)]) for (const d of p.def.detection) nodes.add(d.node);
  }
  for (const [id, n] of plan.nodes) if ('relay' in n.def.processing) nodes.add(id);
  const links = new Set(plan.links.filter((l) => (nodes.has(l.from) && nodes.has(l.to)) || (l.sharesTracks && (nodes.has(l.from) || nodes.has(l.to)))).map((l) => l.id));
  return { nodes, links };
}

/** Arms per batch: wide enough to share the base's runs, narrow enough to move the progress bar. */
export const ARMS_PER_BATCH = 24;
/** Bisection stops when the bracket is this narrow in factor (or the values at its ends are adjacent). */
export const DEFAULT_TOLERANCE = 0.01;
const MAX_STEPS = 16;

export interface SensitivityOptions extends Pick<BatchOptions, 'scenario' | 'structures' | 'seed' | 'runs' | 'choices' | 'variants' | 'interpreter' | 'onNote'> {
  workers?: number;
  tolerance?: number;
  /** Column-runs done over the total of the current phase (the one-at-a-time pass, then each bisection round). */
  onProgress?: (phase: string, done: number, total: number) => void;
}

const VERDICTS: readonly SensitivityVerdict[] = ['faster', 'slower', 'no difference beyond noise'];

/** One point to simulate: an input at a factor. */
interface Point {
  input: number;
  factor: number;
}

/** A point's results: per decision, per structure the change, per candidate the difference and its change. */
interface PointResult {
  structures: { change_s: number | null; ci95_s: [number, number] | null }[][];
  differences: { change_s: number | null; ci95_s: [number, number] | null; difference_s: number | null; difference_ci95_s: [number, number] | null; verdict: SensitivityVerdict }[][];
}

export async function runSensitivity(opts: SensitivityOptions): Promise<Sensitivity> {
  const workers = opts.workers ?? defaultWorkers();
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance > 0 && tolerance < 1)) throw new InputError(`expected a tolerance between 0 and 1, got ${String(tolerance)}`, '--tolerance');
  const batchOpts: BatchOptions = {
    scenario: opts.scenario, seed: opts.seed, runs: opts.runs, choices: opts.choices ?? {}, variants: opts.variants ?? [],
    ...(opts.structures ? { structures: opts.structures } : {}), ...(opts.interpreter ? { interpreter: opts.interpreter } : {}),
  };
  // The base, prepared (and so checked) before anything runs; its inputs are what the arms move.
  const base = prepareBatch(opts.onNote ? { ...batchOpts, onNote: opts.onNote } : batchOpts);
  const ids = base.structures.map((s) => s.value.id);
  const inputs = reachable(base, studyInputs(base.scenario.value, base.structures.map((s) => s.value)));
  if (inputs.length === 0) {
    throw new InputError('has no ranged inputs (every number is zero or fixed by the scenario); nothing to move — see c2sim ranges', displayPath(base.scenario.file));
  }
  const keys = decisionKeys(base.scenario);
  const kinds = base.scenario.value.injects.flatMap((i) => i.decisions.map((d) => d.kind));

  let batches = 0;
  let baseResult: BaseResult | undefined;
  const cache = new Map<string, PointResult>();
  const pointKey = (p: Point) => `${p.input}|${p.factor}`;

  /** Simulates points not yet simulated, in batches of arms, and caches their results. */
  const simulatePoints = async (points: Point[], phase: string) => {
    const todo = points.filter((p, i) => !cache.has(pointKey(p)) && points.findIndex((q) => pointKey(q) === pointKey(p)) === i);
    const chunks: Point[][] = [];
    for (let i = 0; i < todo.length; i += ARMS_PER_BATCH) chunks.push(todo.slice(i, i + ARMS_PER_BATCH));
    if (chunks.length === 0 && !baseResult) chunks.push([]);
    const prepared = chunks.map((chunk) => narrow(prepareBatch({ ...batchOpts, arms: chunk.map((p, a) => armOf(inputs[p.input]!, p.factor, a)), armsMayRestateDecisions: true }), ids));
    const total = prepared.reduce((n, b) => n + b.batch.columns.length * b.batch.runs, 0);
    let before = 0;
    for (let c = 0; c < chunks.length; c++) {
      const { batch, layout } = prepared[c]!;
      const summary = await simulateRunsParallel(batch, batch.firstRun, batch.firstRun + batch.runs, workers,
        opts.onProgress && ((runs) => opts.onProgress!(phase, before + runs * batch.columns.length, total)));
      before += batch.columns.length * batch.runs;
      batches++;
      baseResult ??= readBase(summary, ids, keys);
      chunks[c]!.forEach((p, a) => cache.set(pointKey(p), readPoint(summary, layout, a, ids, keys)));
    }
  };

  // The one-at-a-time pass: every input at its low and its high.
  const ends: Point[] = inputs.flatMap((r, i) => [{ input: i, factor: r.factors[0] }, { input: i, factor: r.factors[1] }]);
  await simulatePoints(ends, 'inputs');
  const oneAtATime = cache.size;
  const b0 = baseResult!;

  // Bisection: every (input, end, decision, candidate) whose end flips the verdict, all advanced
  // together, a round at a time, so each round's midpoints share batches.
  interface Search { input: number; side: 'low' | 'high'; k: number; c: number; from: SensitivityVerdict; lo: number; hi: number; to: SensitivityVerdict; steps: number; done: boolean }
  const searches: Search[] = [];
  inputs.forEach((r, i) => (['low', 'high'] as const).forEach((side, s) => {
    const end = cache.get(pointKey({ input: i, factor: r.factors[s]! }))!;
    keys.forEach((_, k) => ids.slice(1).forEach((_, c) => {
      const from = b0.differences[k]![c]!.verdict;
      const to = end.differences[k]![c]!.verdict;
      // Structures identical at base in every run (a decision neither reform touches) are
      // separated by any change to one of them: a flip there says nothing, so none is sought.
      if (!b0.differences[k]![c]!.identical && VERDICTS.includes(from) && VERDICTS.includes(to) && from !== to) {
        // An on/off input has nothing between its ends: the flip is the switch itself.
        searches.push({ input: i, side, k, c, from, lo: 1, hi: r.factors[s]!, to, steps: 0, done: r.kind === 'presence' });
      }
    }));
  }));
  const narrowEnough = (s: Search) => {
    const r = inputs[s.input]!;
    if (r.kind === 'presence') return true;
    if (Math.abs(s.hi - s.lo) <= tolerance || s.steps >= MAX_STEPS) return true;
    const a = valueAtFactor(r.ranged!, s.lo);
    const b = valueAtFactor(r.ranged!, s.hi);
    const m = valueAtFactor(r.ranged!, (s.lo + s.hi) / 2);
    // No value between the ends (a count one step apart, or rounding): the bracket is as narrow as the input allows.
    return setValue(m) === setValue(a) || setValue(m) === setValue(b);
  };
  for (const s of searches) s.done = narrowEnough(s);
  for (let round = 1; searches.some((s) => !s.done); round++) {
    const active = searches.filter((s) => !s.done);
    await simulatePoints(active.map((s) => ({ input: s.input, factor: mid(s) })), `bisection ${round}`);
    for (const s of active) {
      const m = mid(s);
      const v = cache.get(pointKey({ input: s.input, factor: m }))!.differences[s.k]![s.c]!.verdict;
      s.steps++;
      // Flipped (to any other verdict): the threshold is nearer the base.
      if (v !== s.from) { s.hi = m; s.to = v; } else s.lo = m;
      s.done = narrowEnough(s);
    }
  }

  const decisions: SensitivityDecision[] = keys.map((key, k) => {
    const [inject, decision] = key.split('/') as [string, string];
    const rows: SensitivityInput[] = inputs.map((r, i) => {
      const side = (s: 0 | 1): SensitivitySide => {
        const factor = r.factors[s];
        const res = cache.get(pointKey({ input: i, factor }))!;
        return {
          factor, value: studyValue(r, factor), set: studySets(r, factor).join('; '),
          structures: Object.fromEntries(ids.map((id, j) => [id, res.structures[k]![j]!])),
          differences: ids.slice(1).map((id, c) => ({ baseline: ids[0]!, candidate: id, ...res.differences[k]![c]! })),
        };
      };
      const low = side(0);
      const high = side(1);
      const lead = (x: SensitivitySide) => (ids.length > 1 ? x.differences[0]!.change_s : x.structures[ids[0]!]!.change_s) ?? 0;
      return {
        target: r.targets.join('+'), ...(r.targets.length > 1 ? { targets: r.targets } : {}),
        path: r.path, kind: r.kind, confidence: r.confidence, from: r.from,
        swing_s: round3(Math.abs(lead(high) - lead(low))), low, high,
      };
    });
    // A stable sort: equal swings keep the inputs' order, so the ranking is the same every time.
    const ranked = rows.map((row, i) => ({ row, i })).sort((a, b) => b.row.swing_s - a.row.swing_s || a.i - b.i).map((x) => x.row);
    const flips: SensitivityFlip[] = searches.filter((s) => s.k === k).map((s) => {
      const r = inputs[s.input]!;
      return {
        target: r.targets.join('+'), ...(r.targets.length > 1 ? { targets: r.targets } : {}),
        path: r.path, baseline: ids[0]!, candidate: ids[s.c + 1]!, side: s.side, from: s.from, to: s.to,
        factor: s.hi, value: studyValue(r, s.hi), set: studySets(r, s.hi).join('; '), bracket: [s.lo, s.hi] as [number, number], steps: s.steps,
        ...(r.kind === 'presence' ? { onOff: true as const } : {}),
      };
    }).sort((a, b) => Math.abs(a.factor - 1) - Math.abs(b.factor - 1));
    return {
      inject, decision, kind: kinds[k]!,
      base: {
        structures: Object.fromEntries(ids.map((id, j) => [id, { restricted_s: b0.restricted[k]![j]! }])),
        differences: ids.slice(1).map((id, c) => ({ baseline: ids[0]!, candidate: id, ...b0.differences[k]![c]! })),
      },
      inputs: ranked,
      flips,
    };
  });

  return {
    sensitivityVersion: SENSITIVITY_VERSION,
    tool: { name: 'c2sim', version: toolVersion() },
    scenario: { id: base.scenario.value.id, file: displayPath(base.scenario.file), sha256: base.scenario.sha256 },
    structures: ids,
    seed: base.seed,
    runs: base.runs,
    options: {
      choices: Object.fromEntries(Object.entries(base.choices).sort(([a], [b]) => a.localeCompare(b))),
      variants: base.variants.map((v) => v.value.id),
      tolerance,
    },
    points: { inputs: inputs.length, oneAtATime, bisection: cache.size - oneAtATime, batches },
    decisions,
    notes: [
      'One at a time: each ranged input (c2sim ranges) at its low and at its high value, the others at base, every point on the same runs as the base (same seed, common random numbers). An input the same in several structures and outside their reform (target a+b) moves in all of them at once; a reform\'s own inputs move in the structure that has them.',
      'A delegation that is an assumption (confidence M, L or U) is an on/off input: present at base and at its high end, absent at its low end.',
      'Changes are paired over runs: per run, the difference in restricted mean time to execution (a miss counts at its censoring time), with 95% t-intervals. The change in a difference between structures is the per-run contrast (candidate@input − baseline@input) − (candidate − baseline).',
      'A flip is an end of a range at which the verdict between two structures (faster, slower, no difference beyond noise) differs from the base; bisection on the factor, each step a batch on the same runs, finds the smallest change that flips it, within the tolerance. An on/off input has nothing between its ends, so no bisection: its flip is the switch itself. Verdicts carry sampling noise: near a threshold more runs sharpen it.',
    ],
  };
}

const mid = (s: { lo: number; hi: number }) => Math.round(((s.lo + s.hi) / 2) * 1e6) / 1e6;
const round3 = (x: number) => {
  const r = Math.round(x * 1000) / 1000;
  return Object.is(r, -0) ? 0 : r;
};

/** An arm putting an input at a factor (in every structure it is set in): named by its place in the batch. */
function armOf(r: StudyInput, factor: number, a: number): BatchArm {
  return { id: `p${a}`, overrides: studyOverrides(r, factor) };
}

/** Where each arm's structures are: a column of the arm, or the base's column when the arm leaves it alone. */
interface Layout {
  /** colOf[arm][structure] */
  colOf: number[][];
  /** Pair index of [structure at base, structure in arm], per arm and structure; of [baseline in arm, candidate in arm], per arm and candidate. */
  effect: number[][];
  within: number[][];
  /** Contrast index per arm and candidate. */
  contrast: number[][];
}

/**
 * Drops the arm columns an arm does not change (they would repeat the base's exactly) and pairs
 * what a sensitivity study reads: base pairs, each structure against itself in each arm, the
 * candidates against the baseline within each arm, and the contrasts between the two.
 */
function narrow(b: PreparedBatch, ids: string[]): { batch: PreparedBatch; layout: Layout } {
  const S = ids.length;
  const columns: Column[] = b.columns.slice(0, S);
  const plans = b.plans.slice(0, S);
  const pairs: [number, number][] = ids.slice(1).map((_, c) => [0, c + 1]);
  const contrasts: Contrast[] = [];
  const layout: Layout = { colOf: [], effect: [], within: [], contrast: [] };
  b.arms.forEach((arm, a) => {
    const targets = new Set(arm.overrides.map((o) => o.target));
    const colOf = ids.map((id, s) => {
      if (!targets.has('scenario') && !targets.has(id)) return s;
      const from = S + a * S + s;
      if (b.columns[from]!.arm !== arm.id || b.columns[from]!.arm === BASE_ARM) throw new Error('sensitivity: unexpected column layout');
      columns.push(b.columns[from]!);
      plans.push(b.plans[from]!);
      return columns.length - 1;
    });
    layout.colOf.push(colOf);
    layout.effect.push(ids.map((_, s) => pairs.push([s, colOf[s]!]) - 1));
    layout.within.push(ids.slice(1).map((_, c) => pairs.push([colOf[0]!, colOf[c + 1]!]) - 1));
    layout.contrast.push(ids.slice(1).map((_, c) => contrasts.push([0, c + 1, colOf[0]!, colOf[c + 1]!]) - 1));
  });
  return { batch: { ...b, columns, plans, pairs, contrasts }, layout };
}

interface BaseResult {
  restricted: (number | null)[][];
  differences: { difference_s: number | null; ci95_s: [number, number] | null; verdict: SensitivityVerdict; identical: boolean }[][];
}

function readBase(summary: BatchSummary, ids: string[], keys: string[]): BaseResult {
  return {
    restricted: keys.map((_, k) => ids.map((_, s) => {
      const t = summary.tallies[s]![k]!;
      return t.instances > 0 ? round3(Number(t.sumR) / t.instances / 1e6) : null;
    })),
    differences: keys.map((_, k) => ids.slice(1).map((_, c) => {
      const pair = summary.pairs[c]![k]!;
      const p = paired(ids[0]!, ids[c + 1]!, pair);
      return { difference_s: p.meanDifference_s, ci95_s: p.ci95_s, verdict: p.verdict, identical: pair.pairs > 0 && pair.sumD2 === 0n };
    })),
  };
}

function readPoint(summary: BatchSummary, layout: Layout, a: number, ids: string[], keys: string[]): PointResult {
  const stat = (p: PairSummary) => paired('', '', p);
  return {
    structures: keys.map((_, k) => ids.map((_, s) => {
      const p = stat(summary.pairs[layout.effect[a]![s]!]![k]!);
      return { change_s: p.meanDifference_s, ci95_s: p.ci95_s };
    })),
    differences: keys.map((_, k) => ids.slice(1).map((_, c) => {
      const x = stat(summary.contrasts[layout.contrast[a]![c]!]![k]!);
      const w = stat(summary.pairs[layout.within[a]![c]!]![k]!);
      return { change_s: x.meanDifference_s, ci95_s: x.ci95_s, difference_s: w.meanDifference_s, difference_ci95_s: w.ci95_s, verdict: w.verdict };
    })),
  };
}
