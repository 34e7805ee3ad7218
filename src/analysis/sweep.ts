/**
 * A sweep: the same batch at each value of one input (or each pair of values of two), every
 * point a separate batch with the same seed and run indices. Points are therefore paired only
 * through the seed — a random draw is the same at two points where the inputs leave it the same
 * — not by a paired analysis: each point's intervals are its own.
 */
import { InputError } from '../model/inputError.js';
import { loadVariant } from '../model/load.js';
import { parseSet, type Override } from '../model/override.js';
import type { Report } from '../model/report.js';
import { finishReport, prepareBatch, type BatchOptions } from './batch.js';
import { defaultWorkers, simulateRunsParallel } from './parallel.js';

/** More points than this is a typo or a study for the cluster, not a sweep on one machine. */
export const MAX_SWEEP_POINTS = 100;

export interface SweepDimension {
  /** `target.path`, as --set writes it; `variant` for a dimension of variants. */
  path: string;
  /** Each value as written (YAML); for variants, a name or path, or `none` (the inputs as they are). */
  values: string[];
  /** Present on a dimension of variants (`--variants`). */
  variant?: true;
}

/** In `--variants`, the point with no variant of its own: the inputs as they are. */
export const NO_VARIANT = 'none';

export interface SweepPoint {
  /** One value per dimension, as written. */
  values: string[];
  /** The overrides that make this point: `--set` arguments. */
  set: string[];
  /** The variant this point applies (beyond those applied at every point), if any. */
  variants: string[];
  report: Report;
}

/**
 * `a,b,none` → a dimension of variants. Each is loaded now, so an unknown name fails before
 * anything runs; `none` is the point with the inputs as they are.
 */
export function parseSweepVariants(names: string[]): SweepDimension {
  const values = names.map((v) => v.trim());
  if (values.length === 0 || values.some((v) => v === '')) {
    throw new InputError('expected variant names separated by commas, e.g. --variants none,stalled-transition,degraded-pacific', '--variants');
  }
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new InputError(`"${dup}" is listed twice; expected each variant once`, '--variants');
  for (const v of values) if (v !== NO_VARIANT) loadVariant(v);
  return { path: 'variant', values, variant: true };
}

/**
 * `legacy.nodes[csjs].capacity=1,2,3` → its dimension. Values are split at commas outside
 * brackets and quotes, so a distribution (`{dist: fixed, value: 5m}`) is one value.
 */
export function parseSweepSet(text: string): SweepDimension {
  const eq = text.indexOf('=');
  if (eq < 1) throw new InputError(`expected <target>.<path>=<value>,<value>,…, e.g. --set 'jfhq.nodes[jjoc].capacity=2,4,6'; got "${text}"`, '--set');
  const path = text.slice(0, eq);
  const values: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text.slice(eq + 1)) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === '\'') quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      values.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  values.push(cur.trim());
  if (values.some((v) => v === '')) throw new InputError(`an empty value in "${text}"; expected values separated by commas, e.g. 2,4,6`, `--set ${path}`);
  // Each value is parsed now, so a bad one is refused before any batch runs.
  for (const v of values) parseSet(`${path}=${v}`);
  return { path, values };
}

type GridPoint = Omit<SweepPoint, 'report'>;

/** Every point of the grid, the last dimension fastest. */
export function sweepPoints(dims: SweepDimension[]): GridPoint[] {
  let points: GridPoint[] = [{ values: [], set: [], variants: [] }];
  for (const d of dims) {
    points = points.flatMap((p) => d.values.map((v) => ({
      values: [...p.values, v],
      set: d.variant ? p.set : [...p.set, `${d.path}=${v}`],
      variants: d.variant && v !== NO_VARIANT ? [...p.variants, v] : p.variants,
    })));
  }
  return points;
}

export function checkSweep(dims: SweepDimension[]): void {
  if (dims.length === 0) throw new InputError('expected --set \'<target>.<path>=<value>,<value>,…\' (the input to sweep) or --variants a,b,…', '--set');
  if (dims.length > 2) throw new InputError(`${dims.length} inputs to sweep; expected one or two --set, or --variants with at most one --set (a grid of more is a study: run the points separately)`, '--set');
  const paths = dims.map((d) => d.path);
  if (new Set(paths).size !== paths.length) throw new InputError(`"${paths[0]}" is swept twice; expected two different inputs`, '--set');
  const n = dims.reduce((a, d) => a * d.values.length, 1);
  if (n > MAX_SWEEP_POINTS) throw new InputError(`${n} points; expected at most ${MAX_SWEEP_POINTS} (fewer values)`, '--set');
}

/**
 * Runs each point as its own batch (on `workers` threads) with the same seed; `onProgress` gets
 * runs done over all points. Fixed overrides (`base.overrides`) apply at every point, before
 * the swept ones.
 */
export async function runSweep(
  base: BatchOptions, dims: SweepDimension[], workers = defaultWorkers(),
  onProgress?: (done: number, total: number) => void,
): Promise<SweepPoint[]> {
  checkSweep(dims);
  const grid = sweepPoints(dims);
  // Every point is prepared (and so validated) before the first runs: a bad value fails at once.
  const batches = grid.map((p) => {
    const overrides: Override[] = [...(base.overrides ?? []), ...p.set.map((s) => parseSet(s))];
    return prepareBatch({ ...base, variants: [...(base.variants ?? []), ...p.variants], overrides });
  });
  const out: SweepPoint[] = [];
  let before = 0;
  const total = batches.reduce((a, b) => a + b.runs, 0);
  for (let i = 0; i < grid.length; i++) {
    const b = batches[i]!;
    const summary = await simulateRunsParallel(b, b.firstRun, b.firstRun + b.runs, workers, onProgress && ((done) => onProgress(before + done, total)));
    before += b.runs;
    out.push({ ...grid[i]!, report: finishReport(b, summary) });
  }
  return out;
}
