/**
 * Reading a file the user named, within a size limit checked before reading: a 50 MB YAML file
 * would otherwise take most of a minute and gigabytes of memory before any error. The limits
 * are far above any real input (the bundled files are under 40 KB, a report under 1 MB) and are
 * stated in the README.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './inputError.js';

const MiB = 1024 * 1024;
/** Scenario, structure and variant files. */
export const MAX_YAML_BYTES = 2 * MiB;
/** Reports (`run --out`, `run --json`): a Taiwan report is about 300 KB. */
export const MAX_REPORT_BYTES = 32 * MiB;
/** Recordings (`play --record`): a few KB. */
export const MAX_RECORDING_BYTES = 1 * MiB;
/** One `--set` value (YAML text). */
export const MAX_SET_VALUE_BYTES = 64 * 1024;

export function formatBytes(n: number): string {
  if (n >= MiB) return `${Math.round((n / MiB) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

function tooLarge(file: string, size: string, limit: number, what: string): InputError {
  return new InputError(`is ${size}, more than the ${formatBytes(limit)} c2sim reads for ${what}; expected a smaller file`, file);
}

/**
 * The file's text, or an InputError: no such file, a directory, or larger than `limit` bytes —
 * checked on the open file's size first, and while reading for things without one (pipes, devices).
 */
export function readInputFile(file: string, limit: number, what: string, expected: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw readError(err, file, expected);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`is a directory; expected ${expected}`, file);
    if (st.isFile() && st.size > limit) throw tooLarge(file, formatBytes(st.size), limit, what);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(file, `over ${formatBytes(limit)}`, limit, what);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw readError(err, file, expected);
  } finally {
    closeSync(fd);
  }
}

function readError(err: unknown, file: string, expected: string): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`no such file; expected ${expected}`, file);
  if (code === 'EISDIR') return new InputError(`is a directory; expected ${expected}`, file);
  if (code === 'EACCES') return new InputError(`cannot be read (permission denied); expected ${expected}`, file);
  return new InputError(`cannot be read (${code ?? String(err)})`, file);
}
