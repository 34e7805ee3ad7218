/**
 * Play mode shows endurance (issue 9, item 6): each structure's panel names its most tired
 * nodes (staff time × rested, hours the watch has been on, the circadian low), handovers under
 * way and augmentees — within 80 columns. Every check waits for the screen, never for a time.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { App } from '../src/ui/App.js';
import { panelLines, staffLines } from '../src/ui/panelText.js';
import { columns as textWidth } from '../src/report/textWidth.js';

const ENTER = '\r';

/** Plays to simulated time t, taking each decision point's default option on the way. */
function playTo(session: PlaySession, t: number): void {
  while (session.now < t && !session.finished) {
    session.advanceTo(t);
    const p = session.pending;
    if (p) session.choose(p.default);
  }
}

describe('the staff line of a panel', () => {
  it('40 hours into the quarantine: tired nodes with their hours on duty, and the augmentees still to come', () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    playTo(session, 40 * 3600);
    const staff = session.staff(0);
    expect(staff.some((s) => s.slowdown > 1)).toBe(true);
    const ind = staff.find((s) => s.node === 'indopacom')!;
    expect(ind.augmentees).toEqual({ capacity: 2, in_s: 72 * 3600 - session.now });
    for (const width of [39, 80, 20]) {
      const lines = staffLines(staff, width);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const l of lines) expect(textWidth(l.text)).toBeLessThanOrEqual(width);
    }
    const text = staffLines(staff, 200).map((l) => l.text).join(' ');
    expect(text).toMatch(/tired \S+ ×1\.\d\d \d+h/);
    expect(text).toMatch(/indopacom \+2 in 1d\d\dh/);
  });

  it('the same nodes and the same fatigue in both structures where the nodes are the same', () => {
    const session = new PlaySession(loadScenario('taiwan-quarantine'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    playTo(session, 30 * 3600);
    const [a, b] = [session.staff(0), session.staff(1)];
    const cas = (x: typeof a) => x.find((s) => s.node === 'cas');
    expect(cas(a)).toEqual(cas(b));
  });

  it('a structure without endurance shows no staff line (panels as before)', () => {
    expect(staffLines([], 39)).toEqual([]);
    const view = { open: [], settled: [] };
    expect(panelLines('t', view, 0, 39, 9, undefined, [])).toEqual(panelLines('t', view, 0, 39, 9));
  });

  it('handovers under way and augmentees at work', () => {
    const lines = staffLines([
      { node: 'cas', hoursOnDuty: 0.1, slowdown: 1, inLow: false, handover: true },
      { node: 'indopacom', hoursOnDuty: 11, slowdown: 1.23, inLow: true, handover: false, augmentees: { capacity: 2, in_s: -10 } },
    ], 80);
    expect(lines.map((l) => l.text)).toEqual(['  tired indopacom ×1.23 11h low · handover cas · indopacom +2 on']);
    expect(lines[0]!.tone).toBe('warn');
  });
});

describe('play screen at 80 columns', () => {
  it('shows each structure\'s staff line in its panel', async () => {
    const app = (
      <App
        scenarios={[{ id: 'taiwan-quarantine', title: loadScenario('taiwan-quarantine').value.title, summary: '' }]}
        open={(id) => new PlaySession(loadScenario(id), [loadStructure('legacy'), loadStructure('jfhq')], 1)}
        tickMs={0}
        reportPath="r.json"
        writeReport={() => 'r.json'}
        onComplete={() => 'ok'}
      />
    );
    const ui = render(app);
    Object.defineProperty(ui.stdout, 'columns', { value: 80 });
    Object.defineProperty(ui.stdout, 'rows', { value: 30 });
    ui.rerender(app);
    const until = async (test: (f: string) => boolean, what: string): Promise<string> => {
      const end = Date.now() + 60_000;
      for (;;) {
        const f = ui.lastFrame() ?? '';
        if (test(f)) return f;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the frame was:\n${f}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    ui.stdin.write(ENTER);
    await until((f) => f.includes('Briefing'), 'the briefing');
    ui.stdin.write(ENTER);
    await until((f) => /T\+/.test(f), 'the play screen');
    // Step on until a watch has been on long enough to tire (Enter runs inject to inject).
    let frame = ui.lastFrame() ?? '';
    for (let i = 0; i < 60 && !/tired \S+ ×1\.\d\d/.test(frame); i++) {
      const before = frame;
      ui.stdin.write(ENTER);
      frame = await until((f) => f !== before, 'the screen to move on');
    }
    expect(frame).toMatch(/tired \S+ ×1\.\d\d \d+h/);
    for (const line of frame.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(80);
    ui.unmount();
  });
});
