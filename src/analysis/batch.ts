/**
 * Seeded Monte Carlo batches: every structure simulates the same runs (same seed, same run
 * indices, so the same crisis draws), and the runs fold into one report. Run i depends only on
 * (seed, i, inputs): a batch from firstRun 37 with one run reproduces run 37 of any batch.
 */
import { readFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { InputError } from '../model/inputError.js';
import { loadScenario, loadStructure, packageRoot, type LoadedScenario, type LoadedStructure } from '../model/load.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import { compilePlan, type Plan } from '../engine/plan.js';
import type { RunResult } from '../engine/runResult.js';
import { simulate } from '../engine/simulation.js';
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
}

export function runBatch(opts: BatchOptions): Report {
  const scenario = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario;
  const structures = resolveStructures(scenario, opts.structures);
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
      const result = simulate(plans[p]!, { seed, runIndex: firstRun + i, choices });
      agg.add(result);
      opts.onRun?.(result);
      opts.onProgress?.(i * plans.length + p + 1, total);
    }
  }
  return assembleReport({ scenario, structures, seed, runs, firstRun, choices }, agg);
}

/** The report around aggregated runs: shared by batches and by play sessions (one run each). */
export function assembleReport(
  inputs: { scenario: LoadedScenario; structures: LoadedStructure[]; seed: string; runs: number; firstRun: number; choices: Record<string, string> },
  agg: Aggregator,
): Report {
  const { scenario, structures, seed, runs, firstRun, choices } = inputs;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'c2sim', version: toolVersion() },
    scenario: { id: scenario.value.id, name: scenario.value.title, file: displayPath(scenario.file), sha256: scenario.sha256 },
    structures: structures.map((s) => ({ id: s.value.id, name: s.value.name, file: displayPath(s.file), sha256: s.sha256 })),
    seed,
    runs,
    firstRun,
    options: { choices: Object.fromEntries(Object.entries(choices).sort(([a], [b]) => a.localeCompare(b))) },
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
