/**
 * A worker thread of a parallel attribution: rebuilds the batch of subsets from plain data and
 * returns the per-run values of the block of runs it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attributionRunValues } from './attributionRuns.js';
import { preparedFromInputs, type WorkerInputs } from './parallel.js';

const port = parentPort!;
const { inputs, from, to } = workerData as { inputs: WorkerInputs; from: number; to: number };
try {
  const batch = preparedFromInputs(inputs);
  let done = 0;
  const values = attributionRunValues(batch, from, to, () => {
    if (++done % 10 === 0) port.postMessage({ type: 'ran', runs: 10 });
  });
  port.postMessage({ type: 'values', values, ran: done % 10 });
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).message, stack: (err as Error).stack });
}
