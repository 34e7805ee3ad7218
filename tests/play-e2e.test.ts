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
import { CLI, cli, HEAVY_TEST_TIMEOUT_MS, ROOT, scratchDir } from './helpers.js';

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

type Term = ReturnType<typeof start>;

/** To the end of the crisis: f to each decision point, Enter to take the highlighted option. */
async function finish(t: Term): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const screen = t.screen();
    if (screen.includes('Debrief ·')) return;
    const prompt = /DECISION — .*/.exec(screen)?.[0];
    t.keys(prompt ? 'Enter' : 'f');
    // Wait for the key to be taken: the prompt gone, or a prompt or the debrief come.
    await until(t.screen, (s) => s.includes('Debrief ·') || (prompt ? !s.includes(prompt) : s.includes('DECISION —')), 'the next decision point or the end');
  }
  throw new Error(`no Debrief after 30 decisions; screen was:\n${t.screen()}`);
}

/** Every page of the debrief, from the first to the last (PgDn until the last line shows). */
async function debriefPages(t: Term): Promise<string> {
  let screen = await until(t.screen, (s) => s.includes('Debrief ·'), 'the Debrief');
  const pages = [screen];
  for (let i = 0; i < 50; i++) {
    const at = /lines (\d+)–(\d+) of (\d+)/.exec(screen);
    if (!at || at[2] === at[3]) return pages.join('\n');
    t.keys('NPage');
    screen = await until(t.screen, (s) => !s.includes(at[0]), 'the next page');
    pages.push(screen);
  }
  throw new Error('the debrief did not end after 50 pages');
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

    t.keys('f');
    const prompt = await until(t.screen, (s) => s.includes('DECISION —'), 'the decision prompt');
    expect(prompt).toContain('DECISION — The missile has passed. How do the allies answer?');
    expect(prompt).toMatch(/❯ Order a bilateral show-of-force flight today/);
    expect(prompt).toContain('A joint statement and a protest, no flight');
    // NO_COLOR: not one colour escape on screen.
    expect(t.screen(true)).not.toMatch(/\x1b\[(3\d|9\d|38;)/);

    await finish(t);
    const pages = await debriefPages(t);
    t.keys('w');
    await until(t.screen, (s) => s.includes('Report written to'), 'the report to be written');
    t.keys('q');
    await until(t.screen, (s) => s.includes('EXIT:0'), 'a clean exit');

    // The debrief on screen is the replay's debrief, line for line.
    const replayed = cli(['replay', rec]);
    expect(replayed.code).toBe(0);
    for (const line of replayed.stdout.split('\n').filter((l) => l.trim())) expect(pages).toContain(line.trimEnd());
    expect(pages).toMatch(/Bottom line: /);
    // Its figures are the replayed report's, and the report written from the Debrief is that report.
    const report = JSON.parse(cli(['replay', rec, '--json']).stdout);
    expect(existsSync(rep)).toBe(true);
    expect(JSON.parse(readFileSync(rep, 'utf8'))).toEqual(report);
    const warn = report.decisions.find((d: { decision: string }) => d.decision === 'warn-public');
    for (const id of ['legacy', 'jfhq']) {
      expect(pages).toMatch(new RegExp(`\\n  ${id}\\s+${formatDuration(warn.structures[id].latency_s.mean_s)} (on time|late)`));
    }
    expect(report.options.choices).toEqual({ 'allied-response': 'bilateral-flight' });
  });

  it('Taiwan at 80×24, started with ./c2sim: Enter stops at the cyber attack, everything fits, the debrief pages', async () => {
    const t = start('taiwan', './c2sim play taiwan-quarantine', { NO_COLOR: '1' });
    const brief = await until(t.screen, (s) => s.includes('Enter start'), 'the briefing');
    expect(brief).toMatch(/PgDn\/PgUp more \(lines 1–\d+ of \d+\)/);
    t.keys('Enter');
    await until(t.screen, (s) => s.includes('jfhq — JFHQ'), 'the play screen');
    let screen = t.screen();
    for (let i = 0; i < 200 && !screen.includes('Cyber attack degrades'); i++) {
      const before = screen;
      t.keys('Enter');
      // Each Enter takes an option or stops at what happens next: the screen changes.
      // Whole frames only: the key legend is the last line Ink draws.
      // A generous bound: on a loaded machine one redraw of a real terminal took over 15 s (suite run, load 16).
      screen = await until(t.screen, (s) => s !== before && s.trimEnd().endsWith('q quit'), 'Enter to stop at the next inject', 60_000);
    }
    // The stop at the cyber attack: the inject is on screen with the whole live area around it.
    expect(screen).toMatch(/Cyber attack degrades the alliance links of\s+INDOPACOM and USFJ/);
    expect(screen).toMatch(/T\+4h00m00s · Tokyo Tue 10:00/);
    expect(screen).toContain('‖ paused');
    expect(screen).toContain('PLA and coast guard quarantine of Taiwan');
    expect(screen).toMatch(/\? help · q quit/);
    expect(screen).toMatch(/for 6h\b/);
    expect(screen).not.toMatch(/\d{4,}s\b/);
    for (const line of screen.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    await finish(t);
    const first = await until(t.screen, (s) => s.includes('Debrief ·'), 'the Debrief');
    expect(first).toMatch(/Debrief — PLA and coast guard quarantine[\s\S]*Bottom line: /);
    const pages = await debriefPages(t);
    for (const line of pages.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(pages).toContain('salvo-assessed/');
    t.keys('q');
    await until(t.screen, (s) => s.includes('EXIT:0'), 'a clean exit');
  }, HEAVY_TEST_TIMEOUT_MS);

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
    t.keys('f');
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
