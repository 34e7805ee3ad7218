/** Writing results: stdout for data, stderr for progress; files atomically (temp file, then rename). */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../model/inputError.js';
import { terminalSafe, terminalSafeLine } from '../report/terminalSafe.js';

const tempName = (file: string) => join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);

function cannotWrite(file: string, err: unknown, flag: string): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? err);
  return new InputError(`cannot write "${file}": ${why}; expected a writable file path`, flag);
}

/** Writes a file so that a reader sees the old content or the new, never half of it. */
export function writeAtomic(file: string, text: string, flag = '--out'): void {
  const tmp = tempName(file);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw cannotWrite(file, err, flag);
  }
}

/**
 * A file too large to hold in memory (every event of a batch), written as it is produced into a
 * temporary file and renamed into place by commit(): a reader never sees half of it. Opened at
 * once, so a bad path fails before the batch runs.
 */
export class AtomicFileWriter {
  private readonly tmp: string;
  private readonly fd: number;
  constructor(readonly file: string, private readonly flag: string) {
    this.tmp = tempName(file);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (err) {
      throw cannotWrite(file, err, flag);
    }
  }

  write(text: string): void {
    if (text) writeSync(this.fd, text);
  }

  commit(): void {
    try {
      closeSync(this.fd);
      renameSync(this.tmp, this.file);
    } catch (err) {
      rmSync(this.tmp, { force: true });
      throw cannotWrite(this.file, err, this.flag);
    }
  }

  abort(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
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

const noted = new Set<string>();
/** A note on stderr (`c2sim: note: …`): not an error. Said once, however often a study prepares its batches. */
export function printNote(message: string): void {
  if (noted.has(message)) return;
  noted.add(message);
  printMessage(`note: ${message}`);
}

/** Text written to stderr as it is (help, usage), with control characters escaped. */
export function writeStderr(text: string): void {
  process.stderr.write(terminalSafe(text));
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
