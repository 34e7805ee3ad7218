/**
 * Seeded Monte Carlo batches: every structure simulates the same runs (same seed, same run
 * indices, so the same crisis draws), and the runs fold into one report. Run i depends only on
 * (seed, i, inputs): a batch from firstRun 37 with one run reproduces run 37 of any batch.
 */
import { readFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { InputError } from '../model/inputError.js';
import {
  loadScenario, loadStructure, loadVariant, packageRoot, withOverrides,
  type LoadedScenario, type LoadedStructure, type LoadedVariant,
} from '../model/load.js';
import { oneOf } from '../model/issue.js';
import type { Override } from '../model/override.js';
import { variantOverrides } from '../model/variant.js';
import { causeOf, type DecisionOutcome } from '../engine/runResult.js';
import { REPORT_SCHEMA_VERSION, type CriticalPath, type Report } from '../model/report.js';
import { compilePlan, type Plan } from '../engine/plan.js';
import type { RunResult } from '../engine/runResult.js';
import { simulate, type Interpreter } from '../engine/simulation.js';
import { Aggregator } from './aggregate.js';

export const MAX_RUNS = 1_000_000;
export const DEFAULT_RUNS = 200;
export const DEFAULT_SEED = '1';

export interface BatchOptions {
  /** A loaded scenario, a bundled scenario name, or a path. */
  scenario: LoadedScenario | string;
  /** Structures to compare, first is the baseline; defaults to the scenario's `structures`. */
  structures?: Array<LoadedStructure | string>;
  seed?: number | string;
  runs?: number;
  /** Index of the first run (to reproduce run N alone: firstRun N, runs 1). */
  firstRun?: number;
  /** Decision point id → option id; unnamed points take their default. */
  choices?: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
  /** Every run's full result, as it completes (for scripts that want more than the report). */
  onRun?: (result: RunResult) => void;
  /** What-if variants (bundled names, paths, or loaded), applied before `overrides`. */
  variants?: Array<LoadedVariant | string>;
  /** What-if overrides (`--set`), e.g. parseSet('jfhq.nodes[jjoc].capacity=3'). */
  overrides?: Override[];
  /** Which statechart interpreter runs the batch: `compiled` (default) or the `xstate` reference. */
  interpreter?: Interpreter;
}

export function runBatch(opts: BatchOptions): Report {
  const variants = (opts.variants ?? []).map((v) => (typeof v === 'string' ? loadVariant(v) : v));
  const { scenario, structures } = applyWhatIf(
    typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario,
    opts.structures,
    [...variants.flatMap((v) => variantOverrides(v.value)), ...(opts.overrides ?? [])],
  );
  const ids = structures.map((s) => s.value.id);
  const runs = checkCount(opts.runs ?? DEFAULT_RUNS, '--runs', 1, MAX_RUNS);
  const firstRun = checkCount(opts.firstRun ?? 0, '--first-run', 0, Number.MAX_SAFE_INTEGER - runs);
  const seed = checkSeed(opts.seed ?? DEFAULT_SEED);
  const choices = opts.choices ?? {};
  const plans: Plan[] = structures.map((s) => compilePlan(scenario, s));

  const agg = new Aggregator(scenario.value, ids, runs, firstRun);
  const total = runs * plans.length;
  for (let i = 0; i < runs; i++) {
    for (let p = 0; p < plans.length; p++) {
      const result = simulate(plans[p]!, { seed, runIndex: firstRun + i, choices, interpreter: opts.interpreter });
      agg.add(result);
      opts.onRun?.(result);
      opts.onProgress?.(i * plans.length + p + 1, total);
    }
  }
  attachCriticalPaths(agg, plans, seed, choices);
  return assembleReport({ scenario, structures, seed, runs, firstRun, choices, variants }, agg);
}

/**
 * The critical paths of the median and slowest instances: found by re-simulating just the runs
 * that hold them (a run depends only on seed, index and inputs), so batches keep no per-run detail.
 */
export function attachCriticalPaths(agg: Aggregator, plans: Plan[], seed: string, choices: Record<string, string>): void {
  const wanted = agg.extremes();
  const runsByPlan = new Map<string, Map<number, RunResult>>();
  for (const w of wanted) {
    const plan = plans.find((p) => p.structure.id === w.structure)!;
    for (const which of ['median', 'slowest'] as const) {
      const ref = w[which];
      let cache = runsByPlan.get(w.structure);
      if (!cache) runsByPlan.set(w.structure, (cache = new Map()));
      let result = cache.get(ref.run);
      if (!result) cache.set(ref.run, (result = simulate(plan, { seed, runIndex: ref.run, choices })));
      const d = result.decisions.find((x) => `${x.inject}/${x.decision}` === w.key && x.occurrence === ref.occurrence)!;
      agg.setCriticalPath(w.structure, w.key, which, criticalPathOf(d, ref.run));
    }
  }
}

function criticalPathOf(d: DecisionOutcome, run: number): CriticalPath {
  let slowest = d.tracks[0]!;
  for (const t of d.tracks) if ((t.doneAt ?? -Infinity) > (slowest.doneAt ?? -Infinity)) slowest = t;
  const steps: CriticalPath['steps'] = [];
  for (const seg of slowest.segments) {
    const cause = causeOf(seg.phase, seg.mechanism);
    const last = steps[steps.length - 1];
    const seconds = seg.end - seg.start;
    if (last && last.step === seg.step && last.cause === cause) last.seconds += seconds;
    else steps.push({ step: seg.step, node: seg.node, cause, seconds });
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { run, occurrence: d.occurrence, latency_s: r3(d.latency!), nation: slowest.nation, steps: steps.map((x) => ({ ...x, seconds: r3(x.seconds) })) };
}

/** Variants and overrides, applied to the scenario and the structures they name. */
export function applyWhatIf(
  scenario: LoadedScenario,
  structureRefs: Array<LoadedStructure | string> | undefined,
  overrides: Override[],
): { scenario: LoadedScenario; structures: LoadedStructure[] } {
  const structures = resolveStructures(scenario, structureRefs);
  const targets = ['scenario', ...structures.map((s) => s.value.id)];
  // A variant may speak of structures this run leaves out (skipped); --set must name one it has.
  for (const o of overrides) {
    if (o.from === '--set' && !targets.includes(o.target)) {
      throw new InputError(`"${o.target}" is not in this run; ${oneOf(o.target, targets)} (a structure id, or scenario)`, `--set ${o.target}.${o.path}`);
    }
  }
  const pick = (target: string) => overrides.filter((o) => o.target === target);
  return {
    scenario: withOverrides(scenario, pick('scenario')),
    structures: structures.map((s) => withOverrides(s, pick(s.value.id))),
  };
}

/** The report around aggregated runs: shared by batches and by play sessions (one run each). */
export function assembleReport(
  inputs: {
    scenario: LoadedScenario; structures: LoadedStructure[]; seed: string; runs: number; firstRun: number;
    choices: Record<string, string>; variants?: LoadedVariant[];
  },
  agg: Aggregator,
): Report {
  const { scenario, structures, seed, runs, firstRun, choices } = inputs;
  const overrides = [
    ...scenario.overrides.map((o) => ({ ...o, target: 'scenario' })),
    ...structures.flatMap((s) => s.overrides.map((o) => ({ ...o, target: s.value.id }))),
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'c2sim', version: toolVersion() },
    scenario: { id: scenario.value.id, name: scenario.value.title, file: displayPath(scenario.file), sha256: scenario.sha256 },
    structures: structures.map((s) => ({ id: s.value.id, name: s.value.name, file: displayPath(s.file), sha256: s.sha256 })),
    seed,
    runs,
    firstRun,
    options: {
      choices: Object.fromEntries(Object.entries(choices).sort(([a], [b]) => a.localeCompare(b))),
      variants: (inputs.variants ?? []).map((v) => ({ id: v.value.id, file: displayPath(v.file), sha256: v.sha256 })),
      overrides: overrides.map((o) => ({ target: o.target, path: o.path, value: o.value, from: o.from })),
    },
    objectives: scenario.value.objectives.map((o) => ({ id: o.id, title: o.title, capability: o.capability, decisions: o.decisions })),
    decisions: agg.decisions(),
    notes: [
      'Latency is from first detection to execution (the executor has its orders), in seconds, over executed instances; missed instances count in outcomes.missed only.',
      'byCause_s and byNode_s follow each executed instance\'s slowest track and sum to the mean latency. Escalation and coordination count whole phases; the other causes are mechanisms.',
      'Intervals are 95%: t for means and paired differences, order statistics for quantiles, Wilson for rates. paired compares each candidate with the first structure over the same runs (common random numbers), counting only runs in which both executed the decision: read it beside outcomes.missed.',
    ],
  };
}

/** The structures to compare (default: the scenario's), loaded, each named once. */
export function resolveStructures(scenario: LoadedScenario, refs?: Array<LoadedStructure | string>): LoadedStructure[] {
  const list = refs ?? scenario.value.structures;
  if (list.length === 0) throw new InputError('expected at least one structure', '--structures');
  const structures = list.map((s) => (typeof s === 'string' ? loadStructure(s) : s));
  const ids = structures.map((s) => s.value.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new InputError(`structure "${dup}" is named twice; expected each structure once`, '--structures');
  return structures;
}

export function checkCount(value: number, flag: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`expected a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${String(value)}`, flag);
  }
  return value;
}

export function checkSeed(seed: number | string): string {
  const s = String(seed);
  if (!/^\d{1,15}$/.test(s)) throw new InputError(`expected a seed of up to 15 digits (e.g. --seed 42), got "${s}"`, '--seed');
  return String(Number(s));
}

let version: string | undefined;
export function toolVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** Bundled files by their path in the package; the user's files as they named them. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(packageRoot(), file);
  return rel.startsWith('..') ? file : rel;
}
