/** Reading a JSON file the user named, with one-line errors that say what was expected. */
import { readFileSync } from 'node:fs';
import { InputError } from './inputError.js';

export function readJsonFile(file: string, expected: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `no such file; expected ${expected}` : code === 'EISDIR' ? `is a directory; expected ${expected}` : `cannot be read (${code})`, file);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON (${(err as Error).message}); expected ${expected}`, file);
  }
}
