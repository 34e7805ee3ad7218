/** Writing results: stdout for data, stderr for progress; files atomically (temp file, then rename). */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../model/inputError.js';
import { terminalSafe, terminalSafeLine } from '../report/terminalSafe.js';

/** Writes a file so that a reader sees the old content or the new, never half of it. */
export function writeAtomic(file: string, text: string, flag = '--out'): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? err);
    throw new InputError(`cannot write "${file}": ${why}; expected a writable file path`, flag);
  }
}

/** A one-line progress bar on stderr, only when stderr is a terminal; redrawn at most 10 times a second. */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;
  constructor(private readonly label: string, stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && !process.env.CI;
    this.stream = stream;
  }
  private readonly stream: NodeJS.WriteStream;

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    this.stream.write(`\r${terminalSafeLine(this.label)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total}`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}

/**
 * Prints to stdout: the one way data reaches it. Text from input files is escaped here, at the
 * boundary, so no renderer can forget; a closed pipe (`| head`) ends the program quietly.
 */
export function print(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** One message line on stderr, `c2sim: ` first; an input's control characters (and newlines) escaped. */
export function printMessage(message: string): void {
  process.stderr.write(`c2sim: ${terminalSafeLine(message)}\n`);
}

/** Text written to stderr as it is (help, usage), with control characters escaped. */
export function writeStderr(text: string): void {
  process.stderr.write(terminalSafe(text));
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
