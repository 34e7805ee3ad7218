/**
 * The files a command writes beside what it prints (`--out`, `--csv`, `--html`): each written
 * atomically and named on stderr once it is in place, then the result on stdout.
 */
import { AtomicFileWriter, print, printMessage, writeAtomic } from './output.js';

/** One file a command may write; `to` is undefined when its flag was not given. */
export interface ResultFile {
  /** The flag that names the file: a path that cannot be written is reported against it. */
  flag: string;
  /** A path, written at the end; or a file opened before the work (openResultFiles). */
  to: string | AtomicFileWriter | undefined;
  /** What the file holds, for the message `<what> written to <path>`. */
  what: string;
  /** Its content, made only when the file was asked for. */
  text: () => string;
}

/** Writes each file asked for, in the order given, saying so on stderr; then prints `stdout`. */
export function emitResult(files: readonly ResultFile[], stdout: string): void {
  for (const f of files) {
    if (f.to === undefined) continue;
    if (typeof f.to === 'string') {
      writeAtomic(f.to, f.text(), f.flag);
    } else {
      f.to.write(f.text());
      f.to.commit();
    }
    printMessage(`${f.what} written to ${typeof f.to === 'string' ? f.to : f.to.file}`);
  }
  print(stdout);
}

/**
 * Opens now each file given a path ([path, flag], in order; undefined where none), so that a bad
 * path fails before a long computation rather than after it. When one cannot be opened, none of
 * the others' temporary files stays behind.
 */
export function openResultFiles(files: readonly (readonly [string | undefined, string])[]): (AtomicFileWriter | undefined)[] {
  const opened: AtomicFileWriter[] = [];
  try {
    return files.map(([path, flag]) => {
      if (!path) return undefined;
      const w = new AtomicFileWriter(path, flag);
      opened.push(w);
      return w;
    });
  } catch (err) {
    abortResultFiles(opened);
    throw err;
  }
}

/** Drops files opened by openResultFiles (the work failed): their temporary files are removed. */
export function abortResultFiles(files: readonly (AtomicFileWriter | undefined)[]): void {
  for (const w of files) w?.abort();
}
