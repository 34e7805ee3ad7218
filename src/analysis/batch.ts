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
import { bundledStructures } from '../model/catalogue.js';
import { closest, oneOf } from '../model/issue.js';
import { overrideError, type Override } from '../model/override.js';
import { idleVariantNote } from '../model/variantEffect.js';
import { variantOverrides } from '../model/variant.js';
import { causeOf, type DecisionOutcome } from '../engine/runResult.js';
import { REPORT_SCHEMA_VERSION, type CriticalPath, type Report, type ReportDecision } from '../model/report.js';
import { compilePlan, type Plan } from '../engine/plan.js';
import type { RunResult } from '../engine/runResult.js';
import { simulate, type Interpreter } from '../engine/simulation.js';
import { branchDecisions, byCodePoint, pathKey, reportDecisions, wantedPaths, type CriticalPaths } from './aggregate.js';
import { BatchSummary, type Contrast } from './summary.js';
import { assetResults } from './assetFigures.js';
import type { Scenario } from '../model/scenario.js';
import { wilson } from './stats.js';
import { pathConfidence } from './pathConfidence.js';

import { DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS } from './limits.js';
import { toolVersion } from '../model/catalogue.js';
export { MAX_RUNS, DEFAULT_RUNS, DEFAULT_SEED } from './limits.js';

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
  /**
   * Told of a variant (of the batch or of an arm) that changes nothing in this batch's inputs,
   * so its results would be the base's without a word. Not told, the check is skipped.
   */
  onNote?: (message: string) => void;
  /** Which statechart interpreter runs the batch: `compiled` (default) or the `xstate` reference. */
  interpreter?: Interpreter;
  /**
   * What-if arms run on the same runs as the batch itself (common random numbers): each is the
   * batch's inputs with its own variants and overrides on top, compared run by run with them.
   */
  arms?: BatchArm[];
  /**
   * Lets an arm move a decision's deadline or expiry. Only for callers that read no report but
   * each column's own summary (a sensitivity study): every run result carries its column's own
   * deadline and expiry, so a column's outcomes are read against its own.
   */
  armsMayRestateDecisions?: boolean;
}

export interface BatchArm {
  /** Names the arm: its columns are `<structure>@<id>`. */
  id: string;
  variants?: Array<LoadedVariant | string>;
  overrides?: Override[];
}

/** One simulated column of a batch: a structure in an arm (the batch's own inputs are arm `base`). */
export interface Column {
  /** `<structure>` in the base arm, `<structure>@<arm>` in another. */
  id: string;
  arm: string;
  scenario: LoadedScenario;
  structure: LoadedStructure;
}

export const BASE_ARM = 'base';

/** A batch's inputs, resolved and checked, with a plan per structure: everything a run needs. */
export interface PreparedBatch {
  scenario: LoadedScenario;
  structures: LoadedStructure[];
  variants: LoadedVariant[];
  seed: string;
  runs: number;
  firstRun: number;
  choices: Record<string, string>;
  interpreter: Interpreter | undefined;
  /** The arms beyond the base, with what each changes. */
  arms: { id: string; variants: LoadedVariant[]; overrides: Override[] }[];
  /** Every simulated column, base arm first, and a plan for each. */
  columns: Column[];
  plans: Plan[];
  /** Which columns are compared run by run: [baseline, candidate] indices into `columns`. */
  pairs: [number, number][];
  /** Contrasts between pairs of columns (sensitivity studies): [a, b, c, d] is (d − c) − (b − a) per run. */
  contrasts?: Contrast[];
}

export function prepareBatch(opts: BatchOptions): PreparedBatch {
  const original = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario;
  const variants = (opts.variants ?? []).map((v) => (typeof v === 'string' ? loadVariant(v) : v));
  const baseOverrides = [...variants.flatMap((v) => variantOverrides(v.value, v)), ...(opts.overrides ?? [])];
  const { scenario, structures } = applyWhatIf(original, opts.structures, baseOverrides);
  const noteIdle = (vs: LoadedVariant[], arm?: string) => {
    if (!opts.onNote || vs.length === 0) return;
    const plain = resolveStructures(original, opts.structures);
    for (const v of vs) {
      const note = idleVariantNote(v, original, plain);
      if (note) opts.onNote(arm ? `${note} (arm ${arm})` : note);
    }
  };
  noteIdle(variants);
  const runs = checkCount(opts.runs ?? DEFAULT_RUNS, '--runs', 1, MAX_RUNS);
  const firstRun = checkCount(opts.firstRun ?? 0, '--first-run', 0, Number.MAX_SAFE_INTEGER - runs);
  const seed = checkSeed(opts.seed ?? DEFAULT_SEED);
  const choices = opts.choices ?? {};
  const columns: Column[] = structures.map((s) => ({ id: s.value.id, arm: BASE_ARM, scenario, structure: s }));
  const pairs: [number, number][] = structures.slice(1).map((_, i) => [0, i + 1]);
  const keys = decisionKeys(scenario).join('\n');
  const heads = decisionHeads(scenario);
  const arms: PreparedBatch['arms'] = [];
  for (const arm of opts.arms ?? []) {
    const flag = `--arm ${arm.id}`;
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(arm.id) || arm.id === BASE_ARM) {
      throw new InputError(`expected an arm name of lower-case letters, digits and dashes (not "${BASE_ARM}", the batch's own inputs), e.g. --arm slow=variant:degraded-pacific`, flag);
    }
    if (arms.some((a) => a.id === arm.id)) throw new InputError(`arm "${arm.id}" is named twice; expected each arm once`, flag);
    const armVariants = (arm.variants ?? []).map((v) => (typeof v === 'string' ? loadVariant(v) : v));
    const armOverrides = [...armVariants.flatMap((v) => variantOverrides(v.value, v)), ...(arm.overrides ?? [])];
    if (armOverrides.length === 0) throw new InputError('changes nothing; expected variant:NAME or set:TARGET.PATH=VALUE (several joined by ";")', flag);
    const applied = applyWhatIf(original, opts.structures, [...baseOverrides, ...armOverrides]);
    if (decisionKeys(applied.scenario).join('\n') !== keys) {
      throw new InputError('changes which decisions the scenario demands; an arm may change inputs, not the list of decisions', flag);
    }
    // The report states one kind, deadline and expiry per decision, for every column: an arm
    // that moved them would have its on-time rates read against the base's deadline.
    const changed = opts.armsMayRestateDecisions ? undefined : decisionHeads(applied.scenario).find((h, i) => h !== heads[i]);
    if (changed !== undefined) {
      const key = decisionKeys(applied.scenario)[decisionHeads(applied.scenario).indexOf(changed)]!;
      throw new InputError(`changes how decision ${key} is stated (its kind, deadline, expiry or outcomes), which the report gives once for every column; run that what-if as its own batch and compare the reports`, flag);
    }
    noteIdle(armVariants, arm.id);
    arms.push({ id: arm.id, variants: armVariants, overrides: armOverrides });
    applied.structures.forEach((s, i) => {
      pairs.push([i, columns.length]);
      columns.push({ id: `${s.value.id}@${arm.id}`, arm: arm.id, scenario: applied.scenario, structure: s });
    });
  }
  const plans = columns.map((c) => compilePlan(c.scenario, c.structure));
  return { scenario, structures, variants, seed, runs, firstRun, choices, interpreter: opts.interpreter, arms, columns, plans, pairs };
}

/** The scenario's decisions, as summaries key them. */
export function decisionKeys(scenario: LoadedScenario): string[] {
  return scenario.value.injects.flatMap((inj) => inj.decisions.map((d) => `${inj.id}/${d.id}`));
}

/** What the report states of each decision, whatever the columns (one JSON text per decision). */
function decisionHeads(scenario: LoadedScenario): string[] {
  return reportDecisions(scenario.value, new BatchSummary([], decisionKeys(scenario)), new Map())
    .map(({ structures: _s, paired: _p, ...head }) => JSON.stringify(head));
}

export function emptySummary(b: PreparedBatch): BatchSummary {
  return new BatchSummary(b.columns.map((c) => c.id), decisionKeys(b.scenario), b.pairs, b.contrasts);
}

/**
 * Simulates runs [from, to) of every structure, in this thread, into `summary`. Decisions stream
 * into the summary as they settle, so a run's memory is what is in flight, not its length;
 * with an onRun hook, whole results are built (and folded) instead — the same bytes either way,
 * since a run's instances fold in any order.
 */
export function simulateRuns(
  b: PreparedBatch, from: number, to: number, summary: BatchSummary,
  hooks: { onRun?: (r: RunResult) => void; onRunDone?: () => void; onEvents?: (n: number) => void } = {},
): BatchSummary {
  const end = b.scenario.value.duration;
  const results: RunResult[] = new Array(b.plans.length);
  for (let run = from; run < to; run++) {
    for (let p = 0; p < b.plans.length; p++) {
      const opts = { seed: b.seed, runIndex: run, choices: b.choices, interpreter: b.interpreter };
      if (hooks.onRun) {
        results[p] = simulate(b.plans[p]!, opts);
        hooks.onRun(results[p]!);
      } else {
        results[p] = simulate(b.plans[p]!, { ...opts, onSettled: (d) => summary.addOutcome(p, d, run, end) });
      }
      for (const d of results[p]!.decisions) summary.addOutcome(p, d, run, end);
      hooks.onEvents?.(results[p]!.events);
    }
    summary.closeRun(results, end);
    hooks.onRunDone?.();
  }
  return summary;
}

/** A seeded batch in this thread. For all cores, see runBatchParallel. */
export function runBatch(opts: BatchOptions): Report {
  const b = prepareBatch(opts);
  let done = 0;
  const summary = simulateRuns(b, b.firstRun, b.firstRun + b.runs, emptySummary(b), {
    onRun: opts.onRun,
    onRunDone: opts.onProgress && (() => opts.onProgress!(++done * b.plans.length, b.runs * b.plans.length)),
  });
  return finishReport(b, summary);
}

/** The report of a batch from its (merged) summary: critical paths re-simulated, provenance attached. */
export function finishReport(b: PreparedBatch, summary: BatchSummary): Report {
  if (summary.runs !== b.runs) throw new Error(`batch: summary holds ${summary.runs} runs, expected ${b.runs}`);
  const paths = criticalPaths(summary, b.plans, b.seed, b.choices);
  const report = assembleReport(b, reportDecisions(b.scenario.value, summary, paths));
  const branched = summary.branches.size > 0 ? withBranches(report, summary, b.scenario.value) : report;
  return summary.assets ? withAssets(branched, b.scenario.value, summary) : branched;
}

/** Magazines and sortie pools, before the notes (key order is the schema's). */
export function withAssets(report: Report, scenario: Scenario, summary: BatchSummary): Report {
  const { notes, ...rest } = report;
  return { ...rest, assets: assetResults(scenario, summary), notes };
}

/**
 * The share of runs in each branch drawn by chance, and the results within each branch of an
 * element that drew two or more (one branch's results are the report's own), before the notes
 * (key order is the schema's).
 */
export function withBranches(report: Report, summary: BatchSummary, scenario: LoadedScenario['value']): Report {
  const keys = [...summary.branches].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const elementOf = (key: string) => key.slice(0, key.lastIndexOf('='));
  const branches = keys.map(([key, runs]) => {
    const element = elementOf(key);
    const ci = wilson(runs, summary.runs);
    const several = keys.filter(([k]) => elementOf(k) === element).length > 1;
    return {
      element, branch: key.slice(element.length + 1), runs, share: r6(runs / summary.runs), ci95: ci ? [r6(ci[0]), r6(ci[1])] as [number, number] : null,
      ...(several ? { decisions: branchDecisions(scenario, summary, key) } : {}),
    };
  });
  const { notes, ...rest } = report;
  const note = 'branches: the share of runs in each branch drawn by chance (the same in every structure of the batch\'s own inputs); decisions within a branch give each structure\'s figures over that branch\'s runs, and paired differences over the runs in which both drew it.';
  return { ...rest, branches, notes: branches.some((x) => x.decisions) ? [...notes, note] : notes };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The critical paths of an instance at the median and of the slowest: found by re-simulating just
 * the runs that hold them (a run depends only on seed, index and inputs), so batches keep no
 * per-run detail.
 */
export function criticalPaths(summary: BatchSummary, plans: Plan[], seed: string, choices: Record<string, string>): CriticalPaths {
  const out: CriticalPaths = new Map();
  const cache = new Map<string, RunResult>();
  for (const w of wantedPaths(summary)) {
    const plan = plans[summary.structures.indexOf(w.structure)]!;
    const path = (ref: { run: number; occurrence: number }) => {
      const id = `${w.structure}|${ref.run}`;
      let result = cache.get(id);
      if (!result) cache.set(id, (result = simulate(plan, { seed, runIndex: ref.run, choices })));
      const d = result.decisions.find((x) => `${x.inject}/${x.decision}` === w.key && x.occurrence === ref.occurrence)!;
      return criticalPathOf(d, ref.run, plan);
    };
    out.set(pathKey(w.structure, w.key), { median: path(w.median), slowest: path(w.slowest) });
  }
  return out;
}

function criticalPathOf(d: DecisionOutcome, run: number, plan: Plan): CriticalPath {
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
  const confidence = pathConfidence(plan, d.inject, slowest.segments);
  return {
    run, occurrence: d.occurrence, latency_s: r3(d.latency!), nation: slowest.nation, steps: steps.map((x) => ({ ...x, seconds: r3(x.seconds) })),
    confidence_s: { H: r3(confidence.H), M: r3(confidence.M), L: r3(confidence.L), U: r3(confidence.U) },
  };
}

/** Variants and overrides, applied to the scenario and the structures they name. */
export function applyWhatIf(
  scenario: LoadedScenario,
  structureRefs: Array<LoadedStructure | string> | undefined,
  overrides: Override[],
): { scenario: LoadedScenario; structures: LoadedStructure[] } {
  const structures = resolveStructures(scenario, structureRefs);
  const targets = ['scenario', ...structures.map((s) => s.value.id)];
  // A variant may speak of bundled structures this run leaves out (skipped); --set must name one
  // it has, and a variant one that exists.
  for (const o of overrides) {
    if (targets.includes(o.target)) continue;
    if (o.from === '--set') {
      throw new InputError(`"${o.target}" is not in this run; ${oneOf(o.target, targets)} (a structure id, or scenario)`, `--set ${o.target}.${o.path}`);
    }
    if (!bundledStructures().includes(o.target)) {
      const known = [...new Set([...targets, ...bundledStructures()])];
      const near = closest(o.target, known);
      throw overrideError(o, `no structure "${o.target}" in this run (${targets.slice(1).join(', ')}) nor bundled; ${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'expected "scenario" or the id of a structure the run compares (--structures)'}`);
    }
  }
  const pick = (target: string) => overrides.filter((o) => o.target === target);
  return {
    scenario: withOverrides(scenario, pick('scenario')),
    structures: structures.map((s) => withOverrides(s, pick(s.value.id))),
  };
}

/** The report around its decisions: shared by batches and by play sessions (one run each). */
export function assembleReport(
  inputs: {
    scenario: LoadedScenario; structures: LoadedStructure[]; seed: string; runs: number; firstRun: number;
    choices: Record<string, string>; variants?: LoadedVariant[];
    arms?: PreparedBatch['arms']; columns?: Column[];
  },
  decisions: ReportDecision[],
): Report {
  const { scenario, structures, seed, runs, firstRun, choices } = inputs;
  const columns = inputs.columns ?? structures.map((s) => ({ id: s.value.id, arm: BASE_ARM, scenario, structure: s }));
  const overrideJson = (o: Override & { target: string }) => ({ target: o.target, path: o.path, value: o.value, from: o.from });
  const overrides = [
    ...scenario.overrides.map((o) => ({ ...o, target: 'scenario' })),
    ...structures.flatMap((s) => s.overrides.map((o) => ({ ...o, target: s.value.id }))),
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'c2sim', version: toolVersion() },
    scenario: { id: scenario.value.id, name: scenario.value.title, file: displayPath(scenario.file), sha256: scenario.sha256 },
    structures: columns.map((c) => ({
      id: c.id, name: c.arm === BASE_ARM ? c.structure.value.name : `${c.structure.value.name} (arm ${c.arm})`,
      file: displayPath(c.structure.file), sha256: c.structure.sha256,
    })),
    seed,
    runs,
    firstRun,
    options: {
      choices: Object.fromEntries(Object.entries(choices).sort(([a], [b]) => byCodePoint(a, b))),
      variants: (inputs.variants ?? []).map((v) => ({ id: v.value.id, file: displayPath(v.file), sha256: v.sha256 })),
      overrides: overrides.map(overrideJson),
      arms: (inputs.arms ?? []).map((a) => ({
        id: a.id,
        variants: a.variants.map((v) => ({ id: v.value.id, file: displayPath(v.file), sha256: v.sha256 })),
        overrides: a.overrides.map(overrideJson),
      })),
    },
    objectives: scenario.value.objectives.map((o) => ({ id: o.id, title: o.title, capability: o.capability, decisions: o.decisions })),
    decisions,
    notes: [
      'Latency is from first detection to execution (the executor has its orders), in seconds, over executed instances; quantiles are within 0.5% (a mergeable sketch), min and max exact. restricted_s counts every demanded instance, a missed one at its censoring time (its expiry, or the scenario\'s end for a decision that cannot expire).',
      'byCause_s and byNode_s follow each executed instance\'s slowest track and sum to the mean latency. Escalation and coordination count whole phases; the other causes are mechanisms.',
      'Intervals are 95%: t for means and paired differences, order statistics for quantiles, Wilson for rates; cluster-robust over runs when a run holds several instances. paired compares each structure with the first, and each arm\'s structure with the same structure in the base, over the same runs (common random numbers): the per-run difference in restricted mean time to execution, over every run in which both faced the decision; misses are censored, not dropped.',
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

export { toolVersion } from '../model/catalogue.js';

/** Bundled files by their path in the package; the user's files as they named them. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(packageRoot(), file);
  return rel.startsWith('..') ? file : rel;
}
