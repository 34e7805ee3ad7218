/**
 * Recordings: a replay reproduces the session exactly, and trusts nothing in the recording it
 * cannot check — tamper-evident (its own sha256, and each input's), portable (bundled inputs by
 * id, the user's files relative to the recording), never opening a path the recording makes up.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { recordSession, replay, sealRecording, type Recording } from '../src/analysis/recording.js';
import { bundled, cli, scratchDir, scratchFile } from './helpers.js';

function playThrough(session: PlaySession, pick: (options: string[]) => string) {
  let guard = 0;
  while (!session.finished && guard++ < 100_000) {
    const point = session.pending;
    if (point) session.choose(pick(point.options.map((o) => o.id)));
    else session.skipToDecision();
  }
  return session;
}

const nk = () => playThrough(new PlaySession(loadScenario('nk-irbm-overflight'), [loadStructure('legacy'), loadStructure('jfhq')], 1), (o) => o[0]!);

function write(file: string, rec: unknown): string {
  writeFileSync(file, JSON.stringify(rec, null, 2));
  return file;
}

/** A recording file, written as play --record writes it. */
function recorded(session: PlaySession, dir = scratchDir(), name = 'rec.json'): { file: string; rec: Recording } {
  const file = join(dir, name);
  const rec = recordSession(session, file);
  write(file, rec);
  return { file, rec };
}

function refused(file: string, pattern: RegExp) {
  const r = cli(['replay', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
}

describe('recording and replay', () => {
  it('replay reproduces the session exactly', () => {
    const session = playThrough(new PlaySession(loadScenario('nk-irbm-overflight'), [loadStructure('legacy'), loadStructure('jfhq')], 4, 2), (o) => o[1]!);
    const { file } = recorded(session);
    expect(JSON.stringify(replay(file).report())).toBe(JSON.stringify(session.report()));
    const r = cli(['replay', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(JSON.stringify(session.report(), null, 2) + '\n');
    expect(cli(['replay', file]).stdout).toMatch(/^Debrief — North Korean IRBM over northern Japan \(seed 4, run 2\)\nchoices: allied-response=delegated-flight/);
  });

  it('refuses a recording whose scenario file has changed', () => {
    const dir = scratchDir();
    const scenarioFile = scratchFile('my-scenario.yaml', bundled('nk-irbm-overflight.yaml'), dir);
    const { file } = recorded(playThrough(new PlaySession(loadScenario(scenarioFile), [loadStructure('legacy'), loadStructure('jfhq')], 1), (o) => o[0]!), dir);
    expect(cli(['replay', file]).code).toBe(0);
    writeFileSync(scenarioFile, bundled('nk-irbm-overflight.yaml').replace('deadline: 6m', 'deadline: 7m'));
    refused(file, /^c2sim: .*rec\.json: scenario: the scenario file my-scenario\.yaml has changed since this session was recorded \(sha256 [0-9a-f]{12}… ≠ [0-9a-f]{12}…\)/);
  });

  it('refuses a recording that is not one, or that does not match the scenario', () => {
    const dir = scratchDir();
    expect(cli(['replay', scratchFile('x.json', '{"x":1}', dir)]).stderr).toMatch(/expected a recording written by c2sim play --record/);
    expect(cli(['replay', scratchFile('y.json', 'not json', dir)]).stderr).toMatch(/y\.json: not JSON/);
    expect(cli(['replay', join(dir, 'none.json')]).stderr).toMatch(/none\.json: no such file/);
    // A report given by mistake is named as one (it said "c2simRecording: Invalid input: expected 2").
    const report = join(dir, 'report.json');
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '1', '--workers', '1', '--out', report]).code).toBe(0);
    expect(cli(['replay', report]).stderr).toBe(`c2sim: ${report}: is a report, not a recording (c2sim report renders it); expected a recording written by c2sim play --record\n`);
    // Re-sealed, as a forger would: the checks behind the checksum still hold.
    const { rec } = recorded(nk(), dir);
    const wrong = write(join(dir, 'w.json'), sealRecording({ ...rec, choices: [{ ...rec.choices[0]!, option: 'surrender' }] }));
    refused(wrong, /decision point "allied-response" has no option "surrender"/);
    const twice = write(join(dir, 't.json'), sealRecording({ ...rec, structures: [rec.structures[0]!, rec.structures[0]!] }));
    refused(twice, /structures: lists structures \[legacy, legacy\]; a play session has one or two, each once/);
  });
});

describe('recordings are tamper-evident (regression: replay trusted the recording)', () => {
  const dir = scratchDir();
  const { rec } = recorded(nk(), dir);
  const edits: [string, Recording][] = [
    ['a changed choice', { ...rec, choices: rec.choices.map((c) => ({ ...c, option: 'statement-only' })) }],
    ['a changed seed', { ...rec, seed: '2' }],
    ['a changed run', { ...rec, runIndex: 3 }],
    ['a changed scenario id', { ...rec, scenario: { ...rec.scenario, id: 'taiwan-quarantine' } }],
    ['a dropped structure', { ...rec, structures: rec.structures.slice(0, 1) }],
  ];
  for (const [what, edited] of edits) {
    it(`refuses ${what}, saying the recording was changed`, () => {
      refused(write(join(dir, 'edited.json'), edited), /edited\.json: sha256: has been changed since it was recorded: its content does not match its sha256/);
    });
  }

  it('refuses a re-sealed recording whose scenario id is not its file\'s', () => {
    const forged = sealRecording({ ...rec, scenario: { ...rec.scenario, id: 'taiwan-quarantine' } });
    refused(write(join(dir, 'forged.json'), forged), /scenario: the bundled scenario taiwan-quarantine has changed since this session was recorded/);
  });

  it('refuses a recording of the old format with a clear version error', () => {
    const old = { c2simRecording: 1, tool: rec.tool, scenario: { id: 'nk-irbm-overflight', file: 'scenarios/nk-irbm-overflight.yaml', sha256: rec.scenario.sha256 }, structures: [], seed: '1', runIndex: 0, choices: [] };
    refused(write(join(dir, 'old.json'), old), /old\.json: c2simRecording: is a recording of format 1, and this c2sim replays format 2 .*play the session again with c2sim play --record/);
  });
});

describe('recordings name files safely (regression: scenario.file opened /etc/passwd)', () => {
  const dir = scratchDir();
  const { rec } = recorded(nk(), dir);
  const withFile = (file: string) => sealRecording({ ...rec, scenario: { id: 'nk-irbm-overflight', file, sha256: rec.scenario.sha256 } });

  it('refuses an absolute path', () => {
    refused(write(join(dir, 'abs.json'), withFile('/etc/passwd')), /abs\.json: scenario\.file: the scenario path "\/etc\/passwd" is absolute; a recording names files relative to its own directory/);
    refused(write(join(dir, 'abs2.json'), withFile(join(dir, 'x.yaml'))), /is absolute/);
  });

  it('refuses a path to anything but a YAML file', () => {
    refused(write(join(dir, 'up.json'), withFile('../../../../../../etc/passwd')), /up\.json: scenario\.file: the scenario path "(\.\.\/)+etc\/passwd" is not a \.yaml file/);
  });

  it('does not parse a file whose sha256 is not the recorded one', () => {
    scratchFile('other.yaml', 'secret: "do not echo me"\n', dir);
    const r = cli(['replay', write(join(dir, 'other.json'), withFile('other.yaml'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the scenario file other\.yaml has changed since this session was recorded/);
    expect(r.stderr).not.toContain('do not echo me');
  });
});

describe('recordings are portable (regression: recordings stored absolute paths)', () => {
  it('store bundled inputs by id, the user\'s relative to the recording, and replay after moving', () => {
    const home = scratchDir();
    mkdirSync(join(home, 'inputs'));
    mkdirSync(join(home, 'sessions'));
    const scenarioFile = scratchFile('my-scenario.yaml', bundled('nk-irbm-overflight.yaml'), join(home, 'inputs'));
    const session = playThrough(new PlaySession(loadScenario(scenarioFile), [loadStructure('legacy'), loadStructure('jfhq')], 1), (o) => o[0]!);
    const { file, rec } = recorded(session, join(home, 'sessions'));
    expect(rec.scenario).toEqual({ id: 'nk-irbm-overflight', file: '../inputs/my-scenario.yaml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rec.structures.map((s) => ({ ...s, sha256: undefined }))).toEqual([{ id: 'legacy', bundled: true, sha256: undefined }, { id: 'jfhq', bundled: true, sha256: undefined }]);
    expect(readFileSync(file, 'utf8')).not.toContain(home);
    // Another machine: the same tree somewhere else, replayed from another working directory.
    const elsewhere = join(scratchDir(), 'moved');
    cpSync(home, elsewhere, { recursive: true });
    const r = cli(['replay', join(elsewhere, 'sessions', 'rec.json'), '--json'], { cwd: scratchDir() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).decisions).toEqual(JSON.parse(JSON.stringify(session.report())).decisions);
  });
});
