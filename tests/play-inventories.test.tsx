/**
 * Play mode shows inventories (issue 9, items 3, 4 and 6): each structure's panel lists its
 * magazines and sortie pools with the count on hand, marks one that is empty, and a track that
 * waits for an asset says so.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { App } from '../src/ui/App.js';
import { panelLines } from '../src/ui/panelText.js';

const session = () => new PlaySession(loadScenario('taiwan-contingency'), [loadStructure('legacy'), loadStructure('jfhq')], 1);

/** The App on the one scenario, at a terminal size; `see` polls the frames (never a fixed wait). */
function setup(columns: number, rows: number) {
  const opened: PlaySession[] = [];
  const app = (
    <App
      scenarios={[{ id: 'taiwan-contingency', title: 'Taiwan', summary: 'test' }]}
      open={() => { const s = session(); opened.push(s); return s; }}
      tickMs={0} reportPath="r.json" writeReport={() => 'r.json'} onComplete={() => ''}
    />
  );
  const ui = render(app);
  Object.defineProperty(ui.stdout, 'columns', { value: columns });
  Object.defineProperty(ui.stdout, 'rows', { value: rows });
  ui.rerender(app);
  const see = async (test: RegExp, ms = 30_000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const f = ui.lastFrame() ?? '';
      if (test.test(f)) return f;
      if (Date.now() > end) throw new Error(`timed out waiting for ${test}; the frame was:\n${f}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { ui, see, opened };
}

describe('play mode inventories', () => {
  it('each panel shows every magazine and sortie pool with its count on hand, within the screen', async () => {
    const { ui, see } = setup(120, 30);
    ui.stdin.write('\r');
    await see(/Briefing/);
    ui.stdin.write('\r');
    const f = await see(/stock: jp-pac3 280 · us-sm3 96[\s\S]*stock: jp-pac3 280/);
    expect(f).toMatch(/legacy — /);
    for (const line of f.split('\n')) expect([...line].length).toBeLessThanOrEqual(120);
    ui.unmount();
  });

  it('counts go down as raids are engaged, and an empty pool is marked with the requests that wait for it', () => {
    const s = session();
    // Four MQ-9Bs cannot keep up with six contacts a day: within days the pool is out, or has a queue.
    let t = 0;
    const short = () => s.inventories(0).find((a) => a.id === 'jp-mq9b')!;
    while (t < 5 * 86400 && short().onHand > 0 && short().waiting === 0) s.advanceTo((t += 600));
    const stock = s.inventories(0);
    expect(stock.find((a) => a.id === 'jp-pac3')!.onHand).toBeLessThan(280);
    const lines = panelLines('legacy', s.view(0), s.now, 60, 12, undefined, stock);
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain(`jp-pac3 ${stock.find((a) => a.id === 'jp-pac3')!.onHand}`);
    expect(text).toMatch(/jp-mq9b (✗0|\d+ \(\+\d+ waiting\))/);
    expect(lines[1]!.tone).toBe('warn');
    for (const l of lines) expect([...l.text].length).toBeLessThanOrEqual(60);
  });

  it('a track held for want of a drone says what it waits for', () => {
    const s = session();
    let waiting: string | undefined;
    for (let t = 3600; t < 5 * 86400 && !waiting; t += 3600) {
      s.advanceTo(t);
      waiting = s.view(0).open.flatMap((d) => d.tracks).find((tr) => tr.status === 'waiting-asset')?.detail;
    }
    expect(waiting).toMatch(/^waiting for (us-mq9|jp-mq9b)/);
  });
});
