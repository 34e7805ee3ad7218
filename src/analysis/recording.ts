/**
 * A recorded play session: enough to reproduce it exactly — the inputs (with their sha256, so a
 * changed file is refused rather than replayed into different numbers), the seed and run, and
 * each choice with its simulated time.
 */
import { isAbsolute, join } from 'node:path';
import { InputError } from '../model/inputError.js';
import { formatPath } from '../model/inputError.js';
import { readJsonFile } from '../model/jsonFile.js';
import { loadScenario, loadStructure, packageRoot, type LoadedScenario, type LoadedStructure } from '../model/load.js';
import { recordingSchema, type Recording } from '../model/recording.js';
import { PlaySession } from './playSession.js';
import { toolVersion } from './batch.js';

export function readRecording(file: string): Recording {
  const raw = readJsonFile(file, 'a recording written by c2sim play --record');
  const parsed = recordingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${issue.message}; expected a recording written by c2sim play --record`, file, undefined, formatPath(issue.path.filter((p) => typeof p !== 'symbol')) || undefined);
  }
  return parsed.data;
}

/** Loads a recorded input, refusing it if its bytes are not those that were played. */
function loadRecorded<T extends LoadedScenario | LoadedStructure>(
  recording: string,
  ref: { id: string; file: string; sha256: string },
  what: 'scenario' | 'structure',
  load: (path: string) => T,
): T {
  const path = isAbsolute(ref.file) ? ref.file : join(packageRoot(), ref.file);
  let loaded: T;
  try {
    loaded = load(path);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`the recorded ${what} "${ref.id}" (${ref.file}) cannot be loaded: ${err.problem}`, recording);
    throw err;
  }
  if (loaded.sha256 !== ref.sha256) {
    throw new InputError(`the ${what} file ${ref.file} has changed since this session was recorded (sha256 ${loaded.sha256.slice(0, 12)}… ≠ ${ref.sha256.slice(0, 12)}…); replay needs the file as it was played`, recording);
  }
  return loaded;
}

/** Replays a recording to its end, applying each choice at its recorded decision point. */
export function replay(file: string): PlaySession {
  const rec = readRecording(file);
  const ids = rec.structures.map((s) => s.id);
  if (new Set(ids).size !== ids.length || ids.length > 2) {
    throw new InputError(`lists structures [${ids.join(', ')}]; a play session has one or two, each once`, file, undefined, 'structures');
  }
  if (rec.tool.version !== toolVersion()) {
    process.stderr.write(`c2sim: ${file} was recorded with c2sim ${rec.tool.version}; this is ${toolVersion()}, and a changed model may replay differently\n`);
  }
  const scenario = loadRecorded(file, rec.scenario, 'scenario', loadScenario);
  const structures = rec.structures.map((s) => loadRecorded(file, s, 'structure', loadStructure));
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
