/** Reading a JSON file the user named, with one-line errors that say what was expected. */
import { InputError } from './inputError.js';
import { readInputFile } from './inputFile.js';

export { MAX_RECORDING_BYTES, MAX_REPORT_BYTES } from './inputFile.js';

/** `limit`: the most bytes read (see inputFile.ts); a larger file is refused before it is read. */
export function readJsonFile(file: string, expected: string, limit: number, what = expected): unknown {
  const text = readInputFile(file, limit, what, expected);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON (${(err as Error).message}); expected ${expected}`, file);
  }
}
