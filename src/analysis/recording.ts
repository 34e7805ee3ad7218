/**
 * A recorded play session: enough to reproduce it exactly — the inputs, the seed and run, and each
 * choice with its simulated time — and nothing a replay should trust blindly.
 *
 * Tamper-evident: the recording carries the sha256 of its own canonical content (keys sorted,
 * no whitespace), so a changed choice, seed, run, scenario id or a dropped structure is refused
 * rather than replayed into other numbers; each input carries the sha256 of its bytes, checked
 * before the file is parsed. (A checksum, not a signature: it catches edits, not a forger who
 * recomputes it.)
 *
 * Portable: a bundled scenario or structure is stored by id (found in whatever c2sim replays it),
 * a user's file by its path relative to the recording's directory — never an absolute path, so a
 * recording moved with its files works on another machine, and cannot make replay open
 * /etc/passwd or any file that is not a YAML file beside it.
 */
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatPath, InputError } from '../model/inputError.js';
import { MAX_RECORDING_BYTES, readJsonFile } from '../model/jsonFile.js';
import { MAX_YAML_BYTES, readInputFile } from '../model/inputFile.js';
import {
  bundledScenarios, bundledStructures, parseScenario, parseStructure, scenariosDir, structuresDir,
  type LoadedScenario, type LoadedStructure,
} from '../model/load.js';
import { PlaySession } from './playSession.js';
import { toolVersion } from './batch.js';
import { RECORDING_VERSION, recordingSchema, type InputRef, type Recording } from '../model/recording.js';

export { RECORDING_VERSION, recordingSchema, type Recording } from '../model/recording.js';

/** JSON with keys sorted and no whitespace: the same content always gives the same bytes. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The recording's own checksum, over everything but itself. */
export function recordingDigest(rec: Omit<Recording, 'sha256'> | Recording): string {
  const { sha256: _, ...rest } = rec as Recording;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** Adds (or renews) the checksum: what `play --record` writes. */
export function sealRecording(rec: Omit<Recording, 'sha256'> | Recording): Recording {
  const { sha256: _, ...rest } = rec as Recording;
  return { ...rest, sha256: recordingDigest(rest) };
}

/** How a recording names one input: bundled by id, a user's file relative to the recording. */
function refFor(doc: LoadedScenario | LoadedStructure, bundledFile: string, recordingFile: string): InputRef {
  const abs = resolve(doc.file);
  if (abs === resolve(bundledFile)) return { id: doc.value.id, bundled: true, sha256: doc.sha256 };
  const rel = relative(dirname(resolve(recordingFile)), abs).split(sep).join('/');
  return { id: doc.value.id, file: rel, sha256: doc.sha256 };
}

/** The recording of a finished (or unfinished) session, to be written to `recordingFile`. */
export function recordSession(session: PlaySession, recordingFile: string): Recording {
  return sealRecording({
    c2simRecording: RECORDING_VERSION,
    tool: { name: 'c2sim', version: toolVersion() },
    scenario: refFor(session.scenario, join(scenariosDir(), `${session.scenario.value.id}.yaml`), recordingFile),
    structures: session.structures.map((s) => refFor(s, join(structuresDir(), `${s.value.id}.yaml`), recordingFile)),
    seed: session.seed,
    runIndex: session.runIndex,
    choices: session.choices.map((c) => ({ ...c })),
  });
}

const EXPECTED = 'a recording written by c2sim play --record';

export function readRecording(file: string): Recording {
  const raw = readJsonFile(file, EXPECTED, MAX_RECORDING_BYTES, 'a recording');
  const version = (raw as { c2simRecording?: unknown } | null)?.c2simRecording;
  if (typeof version === 'number' && version !== RECORDING_VERSION) {
    throw new InputError(`is a recording of format ${version}, and this c2sim replays format ${RECORDING_VERSION} (checksummed, with portable paths); play the session again with c2sim play --record`, file, undefined, 'c2simRecording');
  }
  if (version === undefined) {
    // Most often another of c2sim's files: a report (c2sim report renders one), or a shard part.
    const what = (raw as { schemaVersion?: unknown } | null)?.schemaVersion !== undefined ? 'a report, not a recording (c2sim report renders it)' : 'not a recording (no c2simRecording field)';
    throw new InputError(`is ${what}; expected ${EXPECTED}`, file);
  }
  const parsed = recordingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${issue.message}; expected ${EXPECTED}`, file, undefined, formatPath(issue.path.filter((p) => typeof p !== 'symbol')) || undefined);
  }
  const rec = parsed.data;
  const digest = recordingDigest(rec);
  if (digest !== rec.sha256) {
    throw new InputError(`has been changed since it was recorded: its content does not match its sha256 (${digest.slice(0, 12)}… ≠ ${rec.sha256.slice(0, 12)}…), so a choice, the seed, the run or an input was edited; replay needs the recording as play wrote it`, file, undefined, 'sha256');
  }
  return rec;
}

/** Loads a recorded input, refusing it unless its bytes are those that were played. */
function loadRecorded<T extends LoadedScenario | LoadedStructure>(
  recording: string,
  ref: InputRef,
  what: 'scenario' | 'structure',
  field: string,
  bundled: { names: string[]; dir: string },
  parse: (file: string, text: string) => T,
): T {
  let path: string;
  let shown: string;
  if ('bundled' in ref) {
    if (!bundled.names.includes(ref.id)) {
      throw new InputError(`names the bundled ${what} "${ref.id}", which this c2sim does not have (bundled: ${bundled.names.join(', ')})`, recording, undefined, field);
    }
    path = join(bundled.dir, `${ref.id}.yaml`);
    shown = `the bundled ${what} ${ref.id}`;
  } else {
    // Relative to the recording, and a YAML file: a recording cannot point replay at /etc/passwd.
    if (isAbsolute(ref.file) || /^[A-Za-z]:|^[\\/]/.test(ref.file) || ref.file.includes('\\')) {
      throw new InputError(`the ${what} path "${ref.file}" is absolute; a recording names files relative to its own directory`, recording, undefined, `${field}.file`);
    }
    if (!/\.ya?ml$/i.test(ref.file)) {
      throw new InputError(`the ${what} path "${ref.file}" is not a .yaml file; a recording names scenario and structure files only`, recording, undefined, `${field}.file`);
    }
    path = resolve(dirname(resolve(recording)), ref.file);
    shown = `the ${what} file ${ref.file}`;
  }
  let text: string;
  try {
    text = readInputFile(path, MAX_YAML_BYTES, `a ${what} file`, `the ${what} file the session was played with, at that path relative to the recording`);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${shown} cannot be read: ${err.problem}`, recording, undefined, `${field}`);
    throw err;
  }
  // Checked before parsing: a file that is not the one played is not read as data at all.
  const actual = createHash('sha256').update(text).digest('hex');
  if (actual !== ref.sha256) {
    throw new InputError(`${shown} has changed since this session was recorded (sha256 ${actual.slice(0, 12)}… ≠ ${ref.sha256.slice(0, 12)}…); replay needs the file as it was played`, recording, undefined, field);
  }
  let loaded: T;
  try {
    loaded = parse(path, text);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${shown} cannot be loaded: ${err.problem}`, recording, undefined, field);
    throw err;
  }
  if (loaded.value.id !== ref.id) {
    throw new InputError(`records the ${what} as "${ref.id}", but ${shown} is "${loaded.value.id}"`, recording, undefined, `${field}.id`);
  }
  return loaded;
}

/**
 * Replays a recording to its end, applying each choice at its recorded decision point.
 * `warn` hears what does not stop the replay (a recording made by another c2sim version).
 */
export function replay(file: string, warn: (message: string) => void = () => {}): PlaySession {
  const rec = readRecording(file);
  const ids = rec.structures.map((s) => s.id);
  if (new Set(ids).size !== ids.length) {
    throw new InputError(`lists structures [${ids.join(', ')}]; a play session has one or two, each once`, file, undefined, 'structures');
  }
  if (rec.tool.version !== toolVersion()) {
    warn(`${file} was recorded with c2sim ${rec.tool.version}; this is ${toolVersion()}, and a changed model may replay differently`);
  }
  const scenario = loadRecorded(file, rec.scenario, 'scenario', 'scenario', { names: bundledScenarios(), dir: scenariosDir() }, parseScenario);
  const structures = rec.structures.map((s, i) => loadRecorded(file, s, 'structure', `structures[${i}]`, { names: bundledStructures(), dir: structuresDir() }, parseStructure));
  const session = new PlaySession(scenario, structures, rec.seed, rec.runIndex);
  const choices = [...rec.choices];
  for (;;) {
    session.skipToDecision();
    const point = session.pending;
    if (!point) break;
    const next = choices.shift();
    if (!next || next.point !== point.id || Math.abs(next.at_s - session.now) > 1e-6) {
      throw new InputError(`the recording does not match the scenario: expected a choice for "${point.id}" at ${session.now}s, found ${next ? `"${next.point}" at ${next.at_s}s` : 'none'}`, file);
    }
    const options = point.options.map((o) => o.id);
    if (!options.includes(next.option)) throw new InputError(`decision point "${point.id}" has no option "${next.option}"`, file);
    session.choose(next.option);
  }
  if (choices.length > 0) throw new InputError(`the recording has ${choices.length} choice(s) the scenario never asked for, from "${choices[0]!.point}"`, file);
  return session;
}
