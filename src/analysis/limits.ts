/** A batch's bounds and defaults, apart from the batch code so the CLI can name them without loading it. */
export const MAX_RUNS = 1_000_000;
export const DEFAULT_RUNS = 200;
export const DEFAULT_SEED = '1';
/** Worker threads: more than this is a typo, not a machine. */
export const MAX_WORKERS = 256;
