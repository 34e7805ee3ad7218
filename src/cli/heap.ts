/**
 * How V8 sizes this process's heap. A batch allocates fast and keeps little: a few tens of MB
 * live (plans, compiled charts, summaries), hundreds of MB a second of short-lived runs. V8's
 * default lets the old generation grow to several times what is live before it collects it,
 * which is most of a long batch's peak memory (issue 7: 1M runs under 300 MB). A fixed growth
 * factor keeps the heap near what is live. The flag is V8's and process-wide (worker threads
 * share it); it is set once, at start-up, before the heap has grown.
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow to (1 + this/100) × what was live after the last full collection. */
export const HEAP_GROWING_PERCENT = 30;

export function tuneHeapForBatches(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
