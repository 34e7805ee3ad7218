/**
 * `c2sim sweep`: the same batch at each value of an input, each point with the same seed — so
 * each point is exactly the report `run --set` gives for that value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { cli, ROOT, scratchDir } from './helpers.js';

interface SweepJson {
  sweep: { seed: string; runs: number; dimensions: { path: string; values: string[] }[]; note: string };
  points: {
    values: string[];
    set: string[];
    decisions: { inject: string; decision: string; structures: Record<string, { p50_s: number | null; mean_s: number | null; mean_ci95_s: [number, number] | null; onTime: { rate: number } | null }> }[];
  }[];
}

describe('c2sim sweep', () => {
  const dir = scratchDir();
  const args = ['sweep', 'nk-irbm-overflight', '--set', 'legacy.nodes[csjs].capacity=1,4', '--runs', '12', '--seed', '3'];

  it('each point is the report of run --set at that value (same seed), in JSON, table and CSV', () => {
    const out = cli([...args, '--json', '--csv', join(dir, 'sweep.csv')]);
    expect(out.code).toBe(0);
    const sweep = JSON.parse(out.stdout) as SweepJson;
    expect(sweep.sweep.dimensions).toEqual([{ path: 'legacy.nodes[csjs].capacity', values: ['1', '4'] }]);
    expect(sweep.sweep.note).toMatch(/paired only through the seed/);
    expect(sweep.points.map((p) => p.set)).toEqual([['legacy.nodes[csjs].capacity=1'], ['legacy.nodes[csjs].capacity=4']]);
    for (const p of sweep.points) {
      const run = cli(['run', 'nk-irbm-overflight', '--runs', '12', '--seed', '3', '--set', p.set[0]!, '--json']);
      const report = JSON.parse(run.stdout) as Report;
      for (const d of report.decisions) {
        const mine = p.decisions.find((x) => x.inject === d.inject && x.decision === d.decision)!;
        for (const [id, r] of Object.entries(d.structures)) {
          expect([mine.structures[id]!.p50_s, mine.structures[id]!.mean_s, mine.structures[id]!.onTime?.rate ?? null])
            .toEqual([r.latency_s?.p50_s ?? null, r.latency_s?.mean_s ?? null, r.outcomes?.onTime.rate ?? null]);
        }
      }
    }
    const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(csv[0]).toMatch(/^"point","set","scenario",/);
    const decisions = sweep.points[0]!.decisions.length;
    expect(csv).toHaveLength(1 + 2 * decisions * 2);
    expect(csv[1]).toMatch(/^1,"legacy\.nodes\[csjs\]\.capacity=1","nk-irbm-overflight"/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`point`');
  });

  it('the table fits 80 columns, says how points are paired, and shows each value', () => {
    const out = cli(args);
    expect(out.code).toBe(0);
    for (const line of out.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(out.stdout).toMatch(/paired only through the seed/);
    expect(out.stdout).toMatch(/^ {2}CAPACITY/m);
    expect(out.stdout).toMatch(/^ {2}1 +legacy +\d/m);
    expect(out.stdout).toMatch(/^ {2}4 +legacy +\d/m);
  });

  it('two inputs make a grid; a value with commas inside braces is one value', () => {
    const out = cli(['sweep', 'nk-irbm-overflight', '--structures', 'legacy', '--runs', '3', '--json',
      '--set', 'legacy.nodes[csjs].capacity=1,4', '--set', 'legacy.links[bocc--indopacom].latency={dist: fixed, value: 2m},20m']);
    expect(out.code).toBe(0);
    const sweep = JSON.parse(out.stdout) as SweepJson;
    expect(sweep.points.map((p) => p.values)).toEqual([['1', '{dist: fixed, value: 2m}'], ['1', '20m'], ['4', '{dist: fixed, value: 2m}'], ['4', '20m']]);
  });

  it('a bad value, a missing --set, or too many points: one line, exit 2, before anything runs', () => {
    const bad = cli(['sweep', 'nk-irbm-overflight', '--set', 'legacy.nodes[csjs].capacity=1,x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^c2sim: --set legacy\.nodes\[csjs\]\.capacity: .*capacity: expected number, got string "x"\n$/);
    const none = cli(['sweep', 'nk-irbm-overflight']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const many = cli(['sweep', 'nk-irbm-overflight', '--set', `legacy.nodes[csjs].capacity=${Array.from({ length: 11 }, (_, i) => i + 1).join(',')}`,
      '--set', `legacy.nodes[mod].capacity=${Array.from({ length: 10 }, (_, i) => i + 1).join(',')}`]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/110 points; expected at most 100/);
  });
});
