/** Reading a JSON file the user named, with one-line errors that say what was expected. */
import { InputError } from './inputError.js';
import { readInputFile } from './inputFile.js';

export { MAX_RECORDING_BYTES, MAX_REPORT_BYTES } from './inputFile.js';

/** Deeper than any report or recording nests (about 8 levels): beyond it, recursive code would overflow. */
export const MAX_JSON_DEPTH = 64;

/** `limit`: the most bytes read (see inputFile.ts); a larger file is refused before it is read. */
export function readJsonFile(file: string, expected: string, limit: number, what = expected): unknown {
  const text = readInputFile(file, limit, what, expected);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON (${(err as Error).message}); expected ${expected}`, file);
  }
  checkJsonDepth(value, file, expected);
  return value;
}

/** Refuses JSON nested deeper than MAX_JSON_DEPTH; measured without recursion, so it cannot overflow itself. */
export function checkJsonDepth(value: unknown, file: string, expected: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new InputError(`nests lists or objects more than ${MAX_JSON_DEPTH} levels deep; expected ${expected}`, file);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
}
