/**
 * An attribution's runs over worker threads: contiguous blocks of runs, one per thread, whose
 * per-run values are put back in run order, so the result is the same bytes for any number of
 * workers.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../model/load.js';
import type { PreparedBatch } from './batch.js';
import { attributionRunValues, type RunValues } from './attributionRuns.js';
import { checkWorkers, workerInputs } from './parallel.js';

/** Below this many runs per worker, starting a thread costs more than it saves. */
const MIN_RUNS_PER_WORKER = 50;

function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'attributionWorker.js');
  if (!here.endsWith('.ts') && existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist', 'src', 'analysis', 'attributionWorker.js');
  if (!existsSync(built)) throw new Error(`parallel attribution: ${built} is missing; run npm run build`);
  return built;
}

export async function attributionRunValuesParallel(b: PreparedBatch, workers: number, onRuns?: (done: number) => void): Promise<RunValues[]> {
  const from = b.firstRun;
  const to = b.firstRun + b.runs;
  const n = Math.max(1, Math.min(checkWorkers(workers), Math.floor(b.runs / MIN_RUNS_PER_WORKER)));
  let done = 0;
  if (n === 1) return attributionRunValues(b, from, to, onRuns && (() => onRuns(++done)));
  const inputs = workerInputs(b);
  const script = workerScript();
  const size = Math.ceil(b.runs / n);
  const pool: Worker[] = [];
  try {
    const blocks = await Promise.all(Array.from({ length: n }, (_, i) => new Promise<RunValues[]>((resolve, reject) => {
      const start = from + i * size;
      const w = new Worker(script, { workerData: { inputs, from: start, to: Math.min(to, start + size) } });
      pool.push(w);
      w.on('message', (m: { type: string; runs?: number; ran?: number; values?: RunValues[]; message?: string; stack?: string }) => {
        if (m.type === 'ran') onRuns?.((done += m.runs!));
        else if (m.type === 'values') {
          onRuns?.((done += m.ran!));
          resolve(m.values!);
        } else {
          const e = new Error(m.message);
          if (m.stack) e.stack = m.stack;
          reject(e);
        }
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`parallel attribution: a worker exited with code ${code}`)); });
    })));
    return blocks.flat();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
