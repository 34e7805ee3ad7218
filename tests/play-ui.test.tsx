/** The play UI's components, frame by frame after key presses (ink-testing-library). */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { App } from '../src/ui/App.js';
import { panelLines } from '../src/ui/panelText.js';

const ENTER = '\r';
const DOWN = '\u001B[B';
const settle = () => new Promise((r) => setTimeout(r, 30));

const scenarios = ['nk-irbm-overflight', 'taiwan-quarantine'].map((id) => {
  const s = loadScenario(id).value;
  return { id: s.id, title: s.title, summary: s.summary };
});

function setup() {
  const opened: PlaySession[] = [];
  const written: PlaySession[] = [];
  const ui = render(
    <App
      scenarios={scenarios}
      open={(id) => {
        const s = new PlaySession(loadScenario(id), [loadStructure('legacy'), loadStructure('jfhq')], 1);
        opened.push(s);
        return s;
      }}
      tickMs={0}
      reportPath="r.json"
      writeReport={(s) => { written.push(s); return 'r.json'; }}
      onComplete={() => 'Session recorded to rec.json'}
    />,
  );
  const press = async (...keys: string[]) => {
    for (const k of keys) { ui.stdin.write(k); await settle(); }
  };
  return { ui, press, opened, written, frame: () => ui.lastFrame() ?? '' };
}

describe('play UI', () => {
  it('picks a scenario with the arrow keys and opens its briefing', async () => {
    const { press, frame, opened } = setup();
    await settle();
    expect(frame()).toContain('pick a scenario');
    expect(frame()).toMatch(/❯ North Korean IRBM over northern Japan \(nk-irbm-overflight\)/);
    expect(frame()).toContain('A Hwasong-12 overflies Aomori');
    await press(DOWN);
    expect(frame()).toMatch(/❯ .*\(taiwan-quarantine\)/);
    await press(DOWN, ENTER);
    expect(opened[0]!.scenario.value.id).toBe('nk-irbm-overflight');
    expect(frame()).toContain('Briefing — North Korean IRBM over northern Japan');
    expect(frame()).toContain('Starts Tokyo Tue 07:22 · Hawaii Mon 12:22 · Washington Mon 18:22');
    expect(frame()).toMatch(/Legacy \(before 2025\): INDOPACOM holds operational command/);
  });

  it('plays: clocks, two panels, a decision prompt whose choice applies to both structures', async () => {
    const { press, frame, opened } = setup();
    await press(ENTER, ENTER);
    expect(frame()).toMatch(/T\+0s · Tokyo Tue 07:22 · Hawaii Mon 12:22 · Washington Mon 18:22/);
    expect(frame()).toMatch(/legacy — Legacy \(before 2025\)\s+jfhq — JFHQ–JJOC/);
    await press('n', 'n', 'n');
    expect(frame()).toContain('‖ paused');
    expect(frame()).toMatch(/▸ \d+m\d+s left · launch\/warn-public/);
    await press(' ', ENTER);
    expect(frame()).toContain('DECISION — The missile has passed. How do the allies answer?');
    expect(frame()).toMatch(/❯ Order a bilateral show-of-force flight today/);
    expect(frame()).toContain('Both chains must decide, consult each other and task aircraft');
    await press(DOWN);
    expect(frame()).toMatch(/❯ Order the flight and let Air Defense Command decide Japan's part/);
    await press(ENTER);
    const session = opened[0]!;
    expect(session.choices).toEqual([{ point: 'allied-response', option: 'delegated-flight', at_s: 1800 }]);
    expect(session.sims.every((s) => s.result().choices['allied-response'] === 'delegated-flight')).toBe(true);
  });

  it('shows help on ?, and asks before quitting mid-scenario', async () => {
    const { press, frame } = setup();
    await press(ENTER, ENTER, '?');
    expect(frame()).toContain('space      pause / resume the clock');
    await press('x');
    expect(frame()).not.toContain('pause / resume');
    await press('q');
    expect(frame()).toContain('Quit mid-scenario? y to quit');
    await press('n');
    expect(frame()).not.toContain('Quit mid-scenario?');
  });

  it('Enter, again and again, plays to the Debrief; w writes the report', async () => {
    const { press, frame, ui, written } = setup();
    for (let i = 0; i < 6 && !frame().includes('Debrief ·'); i++) await press(ENTER);
    const all = ui.frames.join('\n');
    expect(all).toContain('Debrief — North Korean IRBM over northern Japan (seed 1, run 0)');
    expect(all).toMatch(/launch\/warn-public · public-warning · deadline 6m00s\n\s+legacy\s+\d+m\d\ds on time/);
    expect(frame()).toContain('Session recorded to rec.json');
    await press('w');
    expect(written).toHaveLength(1);
    expect(frame()).toContain('Report written to r.json');
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

describe('fast typing (keys-faster-than-renders)', () => {
  it('↓↓ then Enter, typed at once, chooses the third option; q then y quits', async () => {
    const { ui, press, opened, frame } = setup();
    await press(ENTER, ENTER, ENTER);
    expect(frame()).toContain('DECISION —');
    ui.stdin.write(DOWN);
    ui.stdin.write(DOWN);
    ui.stdin.write(ENTER);
    await settle();
    expect(opened[0]!.choices.map((c) => c.option)).toEqual(['statement-only']);
  });
});
