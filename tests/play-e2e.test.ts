/**
 * The real program in a real terminal (tmux, 80×24): through a whole scenario to the Debrief,
 * checking the two panels and a decision prompt on screen, and the debrief figures against
 * `c2sim replay --json` of the recorded session. .ci/run installs tmux when it is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../src/model/duration.js';
import { CLI, cli, ROOT, scratchDir } from './helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.CI) throw new Error('tmux is required in CI (.ci/run installs it)');

const sessions: string[] = [];
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

function start(name: string, command: string, env: Record<string, string> = {}, size = { width: 80, height: 24 }) {
  const id = `c2sim-${name}-${process.pid}`;
  sessions.push(id);
  const envs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  tmux('new-session', '-d', '-s', id, '-x', String(size.width), '-y', String(size.height), ...envs, `cd ${ROOT} && ${command}; echo EXIT:$?; sleep 60`);
  return {
    // -J joins lines the terminal wrapped: a line longer than the window shows a wrap happened.
    screen: (escapes = false) => tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-t', id),
    history: () => tmux('capture-pane', '-p', '-J', '-S', '-400', '-t', id),
    keys: (...k: string[]) => tmux('send-keys', '-t', id, ...k),
  };
}

async function until(read: () => string, test: (s: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = read();
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen was:\n${last}`);
}

afterAll(() => {
  for (const s of sessions) spawnSync('tmux', ['kill-session', '-t', s]);
});

describe.skipIf(!hasTmux)('play in a real terminal', () => {
  it('runs a whole scenario to the Debrief, and the debrief matches the replayed report', async () => {
    const dir = scratchDir();
    const rec = join(dir, 'session.json');
    const rep = join(dir, 'report.json');
    const t = start('e2e', `node ${CLI} play nk-irbm-overflight --seed 3 --record ${rec} --report ${rep}`, { NO_COLOR: '1' });

    await until(t.screen, (s) => s.includes('Enter start'), 'the briefing');
    t.keys('Enter');
    const playing = await until(t.screen, (s) => s.includes('jfhq — JFHQ–JJOC'), 'the play screen');
    expect(playing).toMatch(/legacy — Legacy \(before 2025\)\s+jfhq — JFHQ–JJOC/);
    expect(playing).toMatch(/Tokyo Tue 07:2\d · Hawaii Mon 12:2\d · Washington Mon 18:2\d/);
    for (const line of playing.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    t.keys('Enter');
    const prompt = await until(t.screen, (s) => s.includes('DECISION —'), 'the decision prompt');
    expect(prompt).toContain('DECISION — The missile has passed. How do the allies answer?');
    expect(prompt).toMatch(/❯ Order a bilateral show-of-force flight today/);
    expect(prompt).toContain('A joint statement and a protest, no flight');
    // NO_COLOR: not one colour escape on screen.
    expect(t.screen(true)).not.toMatch(/\x1b\[(3\d|9\d|38;)/);

    for (let i = 0; i < 8 && !t.screen().includes('Debrief ·'); i++) {
      t.keys('Enter');
      await new Promise((r) => setTimeout(r, 400));
    }
    await until(t.screen, (s) => s.includes('Debrief ·'), 'the end screen');
    t.keys('w');
    await until(t.screen, (s) => s.includes('Report written to'), 'the report to be written');
    const history = t.history();
    t.keys('q');
    await until(t.screen, (s) => s.includes('EXIT:0'), 'a clean exit');

    // The debrief on screen is the replay's debrief, line for line.
    const replayed = cli(['replay', rec]);
    expect(replayed.code).toBe(0);
    for (const line of replayed.stdout.split('\n').filter((l) => l.trim())) expect(history).toContain(line.trimEnd());
    // Its figures are the replayed report's, and the report written from the Debrief is that report.
    const report = JSON.parse(cli(['replay', rec, '--json']).stdout);
    expect(existsSync(rep)).toBe(true);
    expect(JSON.parse(readFileSync(rep, 'utf8'))).toEqual(report);
    const warn = report.decisions.find((d: { decision: string }) => d.decision === 'warn-public');
    for (const id of ['legacy', 'jfhq']) {
      expect(history).toMatch(new RegExp(`\\n  ${id}\\s+${formatDuration(warn.structures[id].latency_s.mean_s)} (on time|late)`));
    }
    expect(report.options.choices).toEqual({ 'allied-response': 'bilateral-flight' });
  });

  it('checks what it will write, and what it was given, before taking the screen', async () => {
    const t = start('flags', `node ${CLI} play nk-irbm-overflight --record /nonexistent-dir/r.json`);
    await until(t.screen, (s) => s.includes('EXIT:'), 'the program to stop');
    expect(t.screen()).toMatch(/c2sim: --record: cannot write "\/nonexistent-dir\/r\.json": its directory does not exist[\s\S]*EXIT:2/);
    const u = start('structs', `node ${CLI} play --structures legacy,nope`);
    await until(u.screen, (s) => s.includes('EXIT:'), 'the program to stop');
    expect(u.screen()).toMatch(/unknown structure "nope"[\s\S]*EXIT:2/);
  });

  it('fits a small terminal, and says when a quit leaves the session unrecorded', async () => {
    const rec = join(scratchDir(), 'r.json');
    const t = start('small', `node ${CLI} play nk-irbm-overflight --record ${rec}`, {}, { width: 50, height: 16 });
    await until(t.screen, (s) => s.includes('Enter start'), 'the briefing');
    t.keys('Enter');
    await until(t.screen, (s) => s.includes('jfhq — JFHQ'), 'the play screen');
    t.keys('Enter');
    const screen = await until(t.screen, (s) => s.includes('DECISION —'), 'the decision prompt');
    const lines = screen.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(screen).toContain('legacy — Legacy');
    expect(screen).toMatch(/\? help/);
    t.keys('q');
    await until(t.screen, (s) => s.includes('Quit mid-scenario?'), 'the quit prompt');
    t.keys('y');
    const end = await until(t.screen, (s) => s.includes('EXIT:'), 'the program to stop');
    expect(end).toMatch(/session not recorded to .*r\.json: quit before the end[\s\S]*EXIT:0/);
  });

  it('uses colour on a terminal unless NO_COLOR is set', async () => {
    const t = start('color', `node ${CLI} play nk-irbm-overflight`);
    await until(t.screen, (s) => s.includes('Enter start'), 'the briefing');
    expect(t.screen(true)).toMatch(/\x1b\[(3\d|9\d|38;)/);
    t.keys('q');
    await until(t.screen, (s) => s.includes('EXIT:0'), 'a clean exit');
  });
});
