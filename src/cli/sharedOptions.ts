/**
 * Options several commands take: each defined once (its flag, parser and default), with the help
 * text of the commands where it means the same, or the command's own where it means more.
 */
import { Option } from 'commander';
import { DEFAULT_RUNS, MAX_RUNS, MAX_WORKERS } from '../analysis/limits.js';
import { choice, collect, list, wholeNumber } from './args.js';

/** The help of a `<scenario>` argument. */
export const SCENARIO_ARGUMENT = 'a bundled scenario id or a path to a scenario file';

export const structuresOption = (help = 'structures to compare, baseline first (default: the scenario\'s)') =>
  new Option('--structures <ids>', help).argParser(list);

export const seedOption = (help = 'seed') =>
  new Option('--seed <n>', help).argParser(wholeNumber('--seed', 0, 999_999_999_999_999)).default(1);

/** `what (1 to 1,000,000)` and `more` after it, e.g. `runs per point (1 to 1,000,000)`. */
export const runsOption = (what: string, more = '', defaultRuns = DEFAULT_RUNS) =>
  new Option('--runs <n>', `${what} (1 to ${MAX_RUNS.toLocaleString('en-US')})${more}`).argParser(wholeNumber('--runs', 1, MAX_RUNS)).default(defaultRuns);

export const chooseOption = (help = 'answer a decision point (repeatable)') =>
  new Option('--choose <point=option>', help).argParser(choice);

export const variantOption = (help: string) => new Option('--variant <name|file>', help).argParser(collect);

export const outOption = (help = 'also write the JSON to this file (atomically)') => new Option('--out <file>', help);

/** `more` after `worker threads (default: every core)`: what the number does not change. */
export const workersOption = (more = '') =>
  new Option('--workers <n>', `worker threads (default: every core)${more}`).argParser(wholeNumber('--workers', 1, MAX_WORKERS));
