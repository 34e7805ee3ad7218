/**
 * The play UI's components, frame by frame after key presses (ink-testing-library). Every check
 * waits for the screen to show what it expects: never for a fixed time (a test that races the UI
 * fails on a busy machine).
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { bundledScenarios } from '../src/model/catalogue.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { App } from '../src/ui/App.js';
import { panelLines } from '../src/ui/panelText.js';
import { runToNextInject } from '../src/ui/PlayScreen.js';
import { feedLines } from '../src/ui/feedText.js';
import { nodeNameMap } from '../src/report/nodeNames.js';
import { debriefText } from '../src/report/debrief.js';

const ENTER = '\r';
const DOWN = '\u001B[B';
const PGDN = '\u001B[6~';
const PGUP = '\u001B[5~';

const scenarios = ['nk-irbm-overflight', 'taiwan-quarantine'].map((id) => {
  const s = loadScenario(id).value;
  return { id: s.id, title: s.title, summary: s.summary };
});

/** The App at a given terminal size (ink-testing-library's stdout says 100 columns otherwise). */
function setup(size = { columns: 80, rows: 24 }, choices = scenarios) {
  const opened: PlaySession[] = [];
  const written: PlaySession[] = [];
  const completed: PlaySession[] = [];
  // A new element each time: rerendering the same one would leave the App with the old size.
  const app = () => (
    <App
      scenarios={choices}
      open={(id) => {
        const s = new PlaySession(loadScenario(id), [loadStructure('legacy'), loadStructure('jfhq')], 1);
        opened.push(s);
        return s;
      }}
      tickMs={0}
      reportPath="r.json"
      writeReport={(s) => { written.push(s); return 'r.json'; }}
      onComplete={(s) => { completed.push(s); return 'Session recorded to rec.json'; }}
    />
  );
  const ui = render(app());
  Object.defineProperty(ui.stdout, 'columns', { value: size.columns });
  Object.defineProperty(ui.stdout, 'rows', { value: size.rows });
  ui.rerender(app());
  ui.stdout.frames.length = 0;
  const frame = () => ui.lastFrame() ?? '';
  /** Polls the frames until `test` holds; fails with the last frame after a generous bound. */
  const until = async (test: (f: string) => boolean, what: string, ms = 30_000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const f = frame();
      if (test(f)) return f;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the frame was:\n${f}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const see = (text: string | RegExp) => until((f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), String(text));
  const type = (...keys: string[]) => { for (const k of keys) ui.stdin.write(k); };
  return { ui, type, see, until, opened, written, completed, frame };
}

describe('play UI', () => {
  it('picks a scenario with the arrow keys and opens its briefing', async () => {
    const { type, see, opened } = setup();
    const pick = await see('pick a scenario');
    expect(pick).toMatch(/❯ North Korean IRBM over northern Japan \(nk-irbm-overflight\)/);
    expect(pick).toContain('A Hwasong-12 overflies Aomori');
    type(DOWN);
    await see('❯ PLA and coast guard quarantine of Taiwan');
    type(DOWN, ENTER);
    const brief = await see('Briefing — North Korean IRBM over northern Japan');
    expect(opened.map((s) => s.scenario.value.id)).toEqual(['nk-irbm-overflight']);
    expect(brief).toContain('Starts Tokyo Tue 07:22 · Hawaii Mon 12:22 · Washington Mon 18:22');
  });

  it('pages through a briefing longer than the screen (PgDn/PgUp), cutting nothing', async () => {
    const { type, see, opened } = setup();
    type(DOWN, ENTER);
    const first = await see('Briefing — PLA and coast guard quarantine');
    expect(first).toMatch(/Enter start · PgDn\/PgUp more \(lines 1–\d+ of \d+\)/);
    const s = opened[0]!.structures;
    type(PGDN, PGDN, PGDN);
    const later = await see(`• ${s[1]!.value.name}`);
    expect(later).toContain('Decisions on');
    type(PGUP, PGUP, PGUP);
    await see('Enter start · PgDn/PgUp more (lines 1–');
  });

  it('plays: clocks, two panels, a decision prompt whose choice applies to both structures', async () => {
    const { type, see, opened } = setup();
    type(ENTER, ENTER);
    const start = await see(/T\+\d+s · Tokyo Tue 07:22 · Hawaii Mon 12:22 · Washington Mon 18:22/);
    expect(start).toMatch(/legacy — Legacy \(before 2025\)\s+jfhq — JFHQ–JJOC/);
    type('n', 'n', 'n', 'n');
    await see('‖ paused');
    await see(/▸ \d+m\d+s left · launch\/warn-public/);
    type('f');
    const prompt = await see('DECISION — The missile has passed. How do the allies answer?');
    expect(prompt).toMatch(/❯ Order a bilateral show-of-force flight today/);
    expect(prompt).toContain('Both chains must decide, consult each other and task aircraft');
    type(DOWN);
    await see(/❯ Order the flight and let Air Defense Command decide Japan's part/);
    type(ENTER);
    await see('Decided: ');
    const session = opened[0]!;
    expect(session.choices).toEqual([{ point: 'allied-response', option: 'delegated-flight', at_s: 1800 }]);
    expect(session.sims.every((s) => s.result().choices['allied-response'] === 'delegated-flight')).toBe(true);
  });

  it('shows help on ? (listing every key), and asks before quitting mid-scenario', async () => {
    const { type, see, until, frame } = setup();
    // Typed at once, across two screen changes: each key reaches the screen it was meant for.
    type(ENTER, ENTER, '?');
    const help = await see('space      pause / resume the clock');
    for (const key of ['Enter', 'f ', '↑ ↓', 'space', '+ / -', 'n ', '?', 'q ', 'PgDn/PgUp']) expect(help).toContain(key);
    type('x');
    await see('Enter next inject');
    expect(frame()).not.toContain('pause / resume');
    type('q');
    await see('Quit mid-scenario? y to quit');
    type('n');
    await until((f) => !f.includes('Quit mid-scenario?'), 'the quit prompt to go');
  });

  it('Enter stops at every inject: the cyber attack and the missiles are each shown, not passed', async () => {
    const { type, see, until, opened } = setup();
    type(DOWN, ENTER, ENTER);
    await see('jfhq — JFHQ');
    const session = opened[0]!;
    const shown: string[] = [];
    for (let i = 0; i < 400 && !session.finished && session.now < 10 * 3600; i++) {
      const seen = session.feed().length;
      const waiting = session.pending !== undefined;
      type(ENTER);
      // Enter chose an option, or ran to the next inject or decision point.
      await until(() => session.feed().length > seen || (!waiting && session.pending !== undefined) || session.finished, 'Enter to stop at something new');
      const injects = session.feed().slice(seen).filter((f) => !f.text.startsWith('Decided:') && !/^(legacy|jfhq): /.test(f.text));
      if (injects.length === 0) continue;
      const words = injects[0]!.text.split(' ').slice(0, 4).join(' ');
      await until((f) => f.includes(words), `"${words}" on screen`);
      shown.push(...injects.map((f) => f.text));
    }
    expect(shown.some((t) => t.startsWith('Cyber attack degrades the alliance links of INDOPACOM and USFJ'))).toBe(true);
    expect(shown.some((t) => t.startsWith('Ballistic missile launched from the Fujian coast'))).toBe(true);
    // Every inject that happened was shown at a stop (injects at one instant share it).
    const all = session.feed().filter((f) => !f.text.startsWith('Decided:') && !/^(legacy|jfhq): /.test(f.text));
    expect(shown).toEqual(all.map((f) => f.text).slice(0, shown.length));
  });

  it('f fast-forwards to the decision point, and then Enter, again and again, reaches the Debrief', async () => {
    const { type, see, frame, ui, written, completed } = setup();
    type(ENTER, ENTER);
    await see('f next decision');
    for (let i = 0; i < 200 && completed.length === 0; i++) {
      const before = ui.frames.length;
      type('f', ENTER);
      await new Promise<void>((resolve, reject) => {
        const end = Date.now() + 30_000;
        const poll = () => (ui.frames.length > before || completed.length ? resolve() : Date.now() > end ? reject(new Error('no new frame')) : setTimeout(poll, 5));
        poll();
      });
    }
    const debrief = await see('Debrief — North Korean IRBM over northern Japan (seed 1, run 0)');
    expect(debrief).toMatch(/Bottom line: (jfhq|legacy)/);
    expect(frame()).toContain('Session recorded to rec.json');
    type('w');
    await see('Report written to r.json');
    expect(written).toHaveLength(1);
  });
});

describe('at 80×24 (the size the README promises)', () => {
  it('a whole Taiwan session fits: no line wider, no frame taller, the decision question whole', async () => {
    const { type, see, frame, ui, opened, completed } = setup({ columns: 80, rows: 24 });
    type(DOWN, ENTER, ENTER);
    await see('jfhq — JFHQ');
    const session = opened[0]!;
    const names = nodeNameMap(session.structures.map((s) => s.value));
    const questions: string[] = [];
    let tallest = 0;
    for (let i = 0; i < 300 && completed.length === 0; i++) {
      const before = ui.frames.length;
      const prompt = session.pending?.prompt;
      if (prompt) {
        // The question is on screen in full, however long (wrapped, never cut).
        const f = frame().replace(/\n\s*/g, ' ');
        expect(f).toContain(`DECISION — ${prompt}`);
        questions.push(prompt);
      }
      type(prompt ? ENTER : 'f');
      const end = Date.now() + 30_000;
      while (ui.frames.length === before && completed.length === 0) {
        if (Date.now() > end) throw new Error(`no new frame; frame:\n${frame()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      // The frame is the feed printed so far (static, above) and the live area: the live area
      // must leave the terminal's last line free, or Ink redraws the whole screen.
      if (completed.length === 0) tallest = Math.max(tallest, frame().split('\n').length - feedLines(session, names, 79).length);
    }
    expect(questions.length).toBeGreaterThanOrEqual(2);
    await see('Debrief — PLA and coast guard quarantine');
    expect(tallest).toBeGreaterThan(15);
    expect(tallest).toBeLessThanOrEqual(23);
    for (const f of ui.frames) for (const l of f.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it('the Taiwan debrief opens with the bottom line and pages with PgDn/PgUp to its end', async () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    while (!session.finished) {
      const p = session.pending;
      if (p) session.choose(p.default);
      else session.skipToDecision();
    }
    const { type, see, until, frame } = setup();
    type(DOWN, ENTER, ENTER);
    await see('jfhq — JFHQ');
    for (let i = 0; i < 200 && !frame().includes('Debrief ·'); i++) {
      const before = frame();
      type('f', ENTER);
      const end = Date.now() + 30_000;
      while (frame() === before) {
        if (Date.now() > end) throw new Error(`no new frame; frame:\n${frame()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const top = (await see('Debrief — PLA and coast guard quarantine')).replace(/\s+/g, ' ');
    expect(top).toMatch(/Bottom line: (jfhq|legacy) decided faster than (jfhq|legacy) \(faster in \d+ of the \d+ decisions both took, slower in \d+\); (jfhq|legacy|both)/);
    expect(top).toMatch(/On time: legacy \d+ of \d+ on time \(\d+ late, \d+ missed\); jfhq \d+ of \d+ on time/);
    const total = Number(/lines 1–\d+ of (\d+)/.exec(top)![1]);
    expect(total).toBeGreaterThan(40);
    // Page down to the end: the last decision's lines come into view, and the window moves back up.
    const last = session.report().decisions.at(-1)!;
    for (let i = 0; i < 20; i++) type(PGDN);
    await see(new RegExp(`lines \\d+–${total} of ${total}`));
    expect(frame()).toContain(`${last.inject}/${last.decision}`);
    type(PGUP);
    await until((f) => !new RegExp(`–${total} of`).test(f), 'the window to move up');
  });
});

describe('panel layout', () => {
  it('never exceeds its width or its lines, however much is in flight', () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy')], 1);
    session.advanceTo(2 * 3600);
    const view = session.view(0);
    expect(view.open.length).toBeGreaterThan(5);
    for (const [width, lines] of [[39, 9], [60, 20], [20, 3]] as const) {
      const out = panelLines('legacy — Legacy', view, session.now, width, lines);
      expect(out.length).toBeLessThanOrEqual(lines);
      for (const l of out) expect(l.text.length).toBeLessThanOrEqual(width);
    }
    expect(panelLines('t', view, session.now, 39, 9).at(-1)!.text).toMatch(/… \d+ more open|✓|✗/);
  });
});

describe('Enter runs to the next inject', () => {
  it('stops at each inject of the Taiwan scenario in turn, every one of them', () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    let stops = 0;
    while (!session.finished) {
      if (session.pending) { session.choose(session.pending.default); continue; }
      const before = session.feed().length;
      runToNextInject(session);
      const fresh = session.feed().slice(before);
      // One stop, one instant: what is new all happened at the same simulated time.
      if (fresh.length) expect(new Set(fresh.map((f) => f.t)).size).toBe(1);
      stops++;
    }
    const injects = session.feed().filter((f) => !f.text.startsWith('Decided:') && !/^(legacy|jfhq): /.test(f.text));
    expect(injects.some((f) => f.text.startsWith('Cyber attack degrades'))).toBe(true);
    expect(stops).toBeGreaterThanOrEqual(new Set(injects.map((f) => f.t)).size);
  });
});

describe('the scenario picker fits the terminal', () => {
  const every = bundledScenarios().map((id) => {
    const s = loadScenario(id).value;
    return { id: s.id, title: s.title, summary: s.summary };
  });

  it.each([[60, 24], [60, 12]])('at %i×%i, whichever scenario is highlighted, its summary showing', async (columns, rows) => {
    expect(every.length).toBeGreaterThanOrEqual(5);
    const { type, until } = setup({ columns, rows }, every);
    for (const s of every) {
      // Each frame is waited for, not timed: the highlight on this scenario, its summary below it.
      const f = await until((x) => x.includes(`❯ ${s.title.slice(0, 20)}`) && x.includes(s.summary.slice(0, 20)), `${s.id} highlighted`);
      const lines = f.split('\n');
      expect(lines.length, f).toBeLessThanOrEqual(rows);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
      expect(f).toContain('↑↓ choose · Enter open · q quit');
      type(DOWN);
    }
  });

  it('a list longer than the screen says how many more there are, and scrolls with the highlight', async () => {
    const { type, see, until } = setup({ columns: 60, rows: 12 }, every);
    await see(/↓ \d+ more/);
    for (let i = 1; i < every.length; i++) type(DOWN);
    const last = await until((x) => x.includes(`❯ ${every[every.length - 1]!.title.slice(0, 20)}`), 'the last scenario highlighted');
    expect(last).toMatch(/↑ \d+ more/);
    expect(last).not.toMatch(/↓ \d+ more/);
  });
});

describe('fast typing (keys-faster-than-renders)', () => {
  it('picker: Down then Enter, in one write, opens the second scenario (regression: it opened the first)', async () => {
    const { ui, see, opened } = setup();
    await see('pick a scenario');
    ui.stdin.write(DOWN + ENTER);
    await see('Briefing —');
    expect(opened.map((s) => s.scenario.value.id)).toEqual(['taiwan-quarantine']);
  });

  it('picker: Down, Enter, Enter as separate writes with no wait reach the picker, then the briefing', async () => {
    const { type, see, opened } = setup();
    type(DOWN, ENTER, ENTER);
    await see('jfhq — JFHQ');
    expect(opened.map((s) => s.scenario.value.id)).toEqual(['taiwan-quarantine']);
  });

  it('↓↓ then Enter, typed at once, chooses the third option', async () => {
    const { ui, type, see, opened } = setup();
    type(ENTER, ENTER, 'f');
    await see('DECISION —');
    ui.stdin.write(DOWN);
    ui.stdin.write(DOWN);
    ui.stdin.write(ENTER);
    await see('Decided: ');
    expect(opened[0]!.choices.map((c) => c.option)).toEqual(['statement-only']);
  });
});

describe('the feed and the debrief read as text for people', () => {
  const played = () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    // Long strides (decision point to decision point) put many events of both structures in one step.
    while (!session.finished) {
      if (session.pending) session.choose(session.pending.default);
      else session.skipToDecision();
    }
    return session;
  };

  it('feed: strictly in time order, even when one stride covers both structures\' link effects', () => {
    const times = played().feed().map((f) => f.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('feed: spans as durations (6h, not 21600s), node ids spelled out once, within the width', () => {
    const session = played();
    const lines = feedLines(session, nodeNameMap(session.structures.map((s) => s.value)), 79).map((l) => l.text);
    const text = lines.join('\n').replace(/\n\s+/g, ' ');
    expect(text).toMatch(/degraded ×\d+ for 6h\b/);
    expect(text).not.toMatch(/\b\d{3,}s\b/);
    // Named once, where first met: in a list of links, in a gloss after the list.
    expect(text.match(/indopacom Commander, US Indo-Pacific Command|Commander, US Indo-Pacific Command \(indopacom\)/g)).toHaveLength(1);
    // …in the very item where the id first appears.
    const items = text.split('\n');
    expect(items.find((i) => /\bindopacom\b/.test(i))).toContain('Commander, US Indo-Pacific Command');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(79);
  });

  it('feed: the elapsed time keeps its column past ten hours and past ten days (four weeks of taiwan-contingency)', () => {
    const session = new PlaySession(loadScenario('taiwan-contingency'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    while (!session.finished) {
      if (session.pending) session.choose(session.pending.default);
      else session.skipToDecision();
    }
    const stamped = feedLines(session, nodeNameMap(session.structures.map((s) => s.value)), 79).map((l) => l.text).filter((t) => t.startsWith('T+'));
    expect(stamped.some((t) => /^T\+\d{2}d/.test(t))).toBe(true);
    // "T+11h06m40sMon 16:06" was the bug: the day ran into the time.
    for (const t of stamped) expect(t).toMatch(/^T\+\S{1,8} +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d Tokyo {2}/);
    expect(new Set(stamped.map((t) => t.indexOf(' Tokyo'))).size).toBe(1);
  });

  it('debrief: the bottom line first, names at first use, every line within 79 columns', () => {
    const session = played();
    const text = debriefText(session.report(), { nodeNames: nodeNameMap(session.structures.map((s) => s.value)) });
    const lines = text.split('\n');
    expect(lines.slice(0, 8).join(' ')).toMatch(/Bottom line: (jfhq|legacy) decided faster/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(79);
    const first = text.indexOf('Chief of Staff, Joint Staff (csjs)');
    expect(first).toBeGreaterThan(0);
    expect(text.indexOf('(csjs)', first + 'Chief of Staff, Joint Staff (csjs)'.length)).toBe(-1);
    expect(text.slice(0, first)).not.toMatch(/\bcsjs\b/);
    expect(text).toMatch(/deadline 40m\b/);
  });
});
