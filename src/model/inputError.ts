/**
 * An error in something the user gave us (a file, a flag, a value). The CLI prints it as one
 * line — `file:line:col: path: problem; fix` — and exits 2, never with a stack trace.
 */
export class InputError extends Error {
  constructor(
    /** What was wrong and what is expected, in one sentence. */
    readonly problem: string,
    /** Where: a file path, a flag such as `--runs`, or a scenario id. */
    readonly file?: string,
    /** line:column inside the file, when known. */
    readonly position?: { line: number; col: number },
    /** Field path inside the document, e.g. `nodes[2].timeZone`. */
    readonly fieldPath?: string,
  ) {
    super(formatInputError(problem, file, position, fieldPath));
    this.name = 'InputError';
  }
}

export function formatInputError(
  problem: string,
  file?: string,
  position?: { line: number; col: number },
  fieldPath?: string,
): string {
  const where = [file, position ? `${position.line}:${position.col}` : undefined].filter(Boolean).join(':');
  return [where, fieldPath, problem].filter(Boolean).join(': ');
}

/** `nodes.2.timeZone` style path → `nodes[2].timeZone`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Every problem found in one document. `validate` prints each on its own line; elsewhere the
 * one-line message is the first problem and a count, pointing at `validate` for the rest.
 */
export class InputErrors extends InputError {
  constructor(readonly all: InputError[]) {
    const first = all[0]!;
    const rest = all.length - 1;
    const more = rest > 0 ? ` (and ${rest} more problem${rest > 1 ? 's' : ''}${first.file ? `: c2sim validate ${first.file} lists them` : ''})` : '';
    super(first.problem + more, first.file, first.position, first.fieldPath);
    this.name = 'InputErrors';
  }
}

/** The problems an error stands for: each of a document's, or the error itself. */
export function eachProblem(err: InputError): InputError[] {
  return err instanceof InputErrors ? err.all : [err];
}
