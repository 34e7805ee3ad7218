/**
 * A batch on every core: runs spread over worker threads (node's worker_threads; a pool library
 * would add a dependency for what is a few dozen lines here), each folding its runs into a
 * summary, merged at the end. Summaries merge exactly and in any order (see summary.ts), so the
 * report is byte-identical for any number of workers, including one.
 *
 * Blocks of runs are handed out as workers ask, so a slow block does not idle the others.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../model/inputError.js';
import { packageRoot, parseScenario, parseStructure } from '../model/load.js';
import type { Override } from '../model/override.js';
import type { Report } from '../model/report.js';
import { compilePlan } from '../engine/plan.js';
import type { Interpreter } from '../engine/simulation.js';
import { BASE_ARM, emptySummary, finishReport, prepareBatch, simulateRuns, type BatchOptions, type Column, type PreparedBatch } from './batch.js';
import { BatchSummary, type BatchSummaryJson, type Contrast } from './summary.js';

export { MAX_WORKERS } from './limits.js';
import { MAX_WORKERS } from './limits.js';
/** Below this many runs per worker, starting a thread costs more than it saves. */
const MIN_RUNS_PER_WORKER = 100;
/**
 * Below this much work — decision instances to simulate, over every run and column — a batch
 * stays in this thread: a worker costs about half a second of CPU to start (modules, parsing,
 * compiling, JIT) and measured slower than one thread up to ~10k paired nk runs (~150k instances).
 */
const MIN_INSTANCES_FOR_WORKERS = 150_000;

/** Decision instances a run of the batch demands, at least (contingencies not counted). */
function instancesPerRun(b: PreparedBatch): number {
  let n = 0;
  for (const c of b.columns) {
    for (const inj of c.scenario.value.injects) if (!inj.contingency) n += (inj.repeat?.count ?? 1) * inj.decisions.length;
  }
  return n;
}

/** What a worker needs to rebuild the batch: plain data only. */
type Doc = { file: string; text: string; overrides: Override[] };
export interface WorkerInputs {
  columns: { id: string; arm: string; scenario: Doc; structure: Doc }[];
  pairs: [number, number][];
  contrasts?: Contrast[];
  seed: string;
  runs: number;
  firstRun: number;
  choices: Record<string, string>;
  interpreter: Interpreter | undefined;
}

export type WorkerRequest = { type: 'runs'; from: number; to: number } | { type: 'finish' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'ran'; runs: number }
  | { type: 'summary'; summary: BatchSummaryJson }
  | { type: 'error'; message: string; stack?: string | undefined; input?: InputErrorFields | undefined };

/** An InputError's fields: a bad input found in a worker is still the user's to fix (exit 2), not a bug. */
type InputErrorFields = Pick<InputError, 'problem' | 'file' | 'position' | 'fieldPath'>;

/** A worker's reply for an error it caught. */
export function errorReply(err: unknown): WorkerReply {
  const e = err as Error;
  const input = err instanceof InputError ? { problem: err.problem, file: err.file, position: err.position, fieldPath: err.fieldPath } : undefined;
  return { type: 'error', message: e.message, stack: e.stack, input };
}

export function workerInputs(b: PreparedBatch): WorkerInputs {
  const doc = (d: Doc): Doc => ({ file: d.file, text: d.text, overrides: d.overrides });
  return {
    columns: b.columns.map((c) => ({ id: c.id, arm: c.arm, scenario: doc(c.scenario), structure: doc(c.structure) })),
    pairs: b.pairs, ...(b.contrasts ? { contrasts: b.contrasts } : {}), seed: b.seed, runs: b.runs, firstRun: b.firstRun, choices: b.choices, interpreter: b.interpreter,
  };
}

export function preparedFromInputs(i: WorkerInputs): PreparedBatch {
  // Documents are parsed once each, however many columns share them.
  const parsed = new Map<string, ReturnType<typeof parseScenario> | ReturnType<typeof parseStructure>>();
  const load = <T>(d: Doc, parse: (file: string, text: string, o: Override[]) => T): T => {
    // The text is in the key: documents loaded from memory may share a file name.
    const key = JSON.stringify([parse === (parseScenario as unknown), d.file, d.text, d.overrides]);
    let v = parsed.get(key) as T | undefined;
    if (!v) parsed.set(key, (v = parse(d.file, d.text, d.overrides)) as never);
    return v;
  };
  const columns: Column[] = i.columns.map((c) => ({
    id: c.id, arm: c.arm, scenario: load(c.scenario, parseScenario), structure: load(c.structure, parseStructure),
  }));
  const base = columns.filter((c) => c.arm === BASE_ARM);
  return {
    scenario: columns[0]!.scenario, structures: base.map((c) => c.structure), variants: [], arms: [],
    seed: i.seed, runs: i.runs, firstRun: i.firstRun, choices: i.choices, interpreter: i.interpreter,
    columns, pairs: i.pairs, ...(i.contrasts ? { contrasts: i.contrasts } : {}), plans: columns.map((c) => compilePlan(c.scenario, c.structure)),
  };
}

/** The default: every core this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

export function checkWorkers(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new InputError(`expected a whole number from 1 to ${MAX_WORKERS}, got ${String(n)}`, '--workers');
  return n;
}

/** The built worker script (tests run the TypeScript sources, whose worker is the built one). */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'batchWorker.js');
  if (!here.endsWith('.ts') && existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist', 'src', 'analysis', 'batchWorker.js');
  if (!existsSync(built)) throw new Error(`parallel batch: ${built} is missing; run npm run build`);
  return built;
}

/**
 * Simulates runs [from, to) of the batch over up to `workers` threads into one summary: this
 * thread and `workers − 1` worker threads, taking blocks of runs as they free up. A worker joins
 * once it has loaded (about half a second of modules, parsing and compiling); a batch that ends
 * before a worker is ready costs nothing but the wait for it to stop. `onRuns` is told how many
 * runs have finished so far.
 */
export async function simulateRunsParallel(
  b: PreparedBatch, from: number, to: number, workers: number, onRuns?: (done: number) => void,
  /** Whether this thread takes blocks too (tests turn it off, so that workers surely do the runs). */
  thisThreadWorks = true,
): Promise<BatchSummary> {
  const total = to - from;
  const small = thisThreadWorks && total * instancesPerRun(b) < MIN_INSTANCES_FOR_WORKERS;
  const n = small ? 1 : Math.max(1, Math.min(checkWorkers(workers), Math.ceil(total / MIN_RUNS_PER_WORKER)));
  let done = 0;
  const summary = emptySummary(b);
  if (n === 1) return simulateRuns(b, from, to, summary, { onRunDone: onRuns && (() => onRuns(++done)) });
  // Blocks small enough to balance the load and to move the progress bar, large enough that
  // messages cost nothing beside the runs.
  const block = Math.max(1, Math.min(2000, Math.ceil(total / (n * 25))));
  let next = from;
  const take = (): [number, number] | undefined => {
    if (next >= to) return undefined;
    const start = next;
    next = Math.min(to, next + block);
    return [start, next];
  };
  const ran = (runs: number) => {
    done += runs;
    onRuns?.(done);
  };
  const inputs = workerInputs(b);
  const script = workerScript();
  const pool: Worker[] = [];
  let failed: Error | undefined;
  /** Set once the batch is over: workers are then stopped, and their exit is no failure. */
  let stopping = false;
  /** Workers that have taken no block yet can be let go at once when this thread runs out of blocks. */
  const idle = new Set<() => void>();
  const helpers = Array.from({ length: thisThreadWorks ? n - 1 : n }, () => new Promise<void>((resolve, reject) => {
    // A smaller young generation than V8's default keeps a worker's heap (and so the batch's peak
    // memory: issue 7 asks < 300 MB at 1M runs) down, for a few percent more time in GC (measured
    // at 200k paired nk runs: 312 → 286 MiB, +4% time; 4 MB saved more but cost 20%).
    const w = new Worker(script, { workerData: inputs, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    pool.push(w);
    let worked = false;
    let settled = false;
    const done_ = () => { settled = true; idle.delete(done_); resolve(); };
    idle.add(done_);
    /** Blocks sent and not yet done: two, so a worker never idles while this thread computes. */
    let inflight = 0;
    const feed = () => {
      const range = failed ? undefined : take();
      if (range) {
        worked = true;
        idle.delete(done_);
        inflight++;
        w.postMessage({ type: 'runs', from: range[0], to: range[1] } satisfies WorkerRequest);
      } else if (inflight > 0) {
        // Its last blocks are still running: 'ran' will come back here.
      } else if (worked) {
        w.postMessage({ type: 'finish' } satisfies WorkerRequest);
      } else {
        done_(); // joined too late to take a block: nothing to merge
      }
    };
    w.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') {
        feed();
        if (inflight > 0) feed();
      } else if (m.type === 'ran') {
        inflight--;
        ran(m.runs);
        feed();
      } else if (m.type === 'summary') {
        summary.merge(BatchSummary.fromJSON(m.summary));
        done_();
      } else {
        // A bad input found in a worker is still the user's error (exit 2), not an internal one.
        const e = m.input ? new InputError(m.input.problem, m.input.file, m.input.position, m.input.fieldPath) : new Error(m.message);
        if (m.stack) e.stack = m.stack;
        failed ??= e;
        reject(e);
      }
    });
    w.on('error', (e) => { failed ??= e; reject(e); });
    w.on('exit', (code) => {
      // Any exit before its summary is in (or before it was let go) loses runs: never wait on it.
      if (!stopping && !settled) {
        const e = new Error(`parallel batch: a worker stopped (exit code ${code})`);
        failed ??= e;
        reject(e);
      }
    });
  }));
  try {
    // This thread works too, a block at a time, yielding between blocks so workers are fed.
    for (let range = thisThreadWorks ? take() : undefined; range && !failed; range = take()) {
      simulateRuns(b, range[0], range[1], summary);
      ran(range[1] - range[0]);
      await new Promise((r) => setImmediate(r));
    }
    // Workers still loading would only be told there is nothing left: do not wait for them.
    if (thisThreadWorks) for (const letGo of [...idle]) letGo();
    await Promise.all(helpers);
  } finally {
    stopping = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failed) throw failed;
  return summary;
}

/** A seeded batch on up to `workers` threads (default: every core). The same report as runBatch. */
export async function runBatchParallel(opts: BatchOptions & { workers?: number; thisThreadWorks?: boolean }): Promise<Report> {
  if (opts.onRun) throw new InputError('onRun needs every run in this thread; use runBatch', 'onRun');
  const b = prepareBatch(opts);
  const summary = await simulateRunsParallel(b, b.firstRun, b.firstRun + b.runs, opts.workers ?? defaultWorkers(),
    opts.onProgress && ((done) => opts.onProgress!(done * b.plans.length, b.runs * b.plans.length)), opts.thisThreadWorks ?? true);
  return finishReport(b, summary);
}
