/**
 * A worker thread of a parallel batch: rebuilds the batch from its inputs (the documents' text
 * and overrides, so nothing but plain data crosses threads), simulates the blocks of runs it is
 * given into one summary, and hands the summary back when told the batch is over. It says when
 * it is ready, so blocks go to threads that can start on them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { emptySummary, simulateRuns } from './batch.js';
import { errorReply, preparedFromInputs, type WorkerInputs, type WorkerReply, type WorkerRequest } from './parallel.js';

const port = parentPort!;
try {
  const batch = preparedFromInputs(workerData as WorkerInputs);
  const summary = emptySummary(batch);
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
  port.on('message', (m: WorkerRequest) => {
    try {
      if (m.type === 'runs') {
        simulateRuns(batch, m.from, m.to, summary);
        port.postMessage({ type: 'ran', runs: m.to - m.from } satisfies WorkerReply);
      } else {
        port.postMessage({ type: 'summary', summary: summary.toJSON() } satisfies WorkerReply);
        port.close();
      }
    } catch (err) {
      port.postMessage(errorReply(err));
    }
  });
} catch (err) {
  port.postMessage(errorReply(err));
}
