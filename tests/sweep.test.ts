/**
 * `c2sim sweep`: the same batch at each value of an input, each point with the same seed — so
 * each point is exactly the report `run --set` gives for that value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { asObjects, parseCsv } from './csvParse.js';
import { bundled, cli, ROOT, scratchDir, scratchFile } from './helpers.js';

interface SweepJson {
  sweep: { seed: string; runs: number; dimensions: { path: string; values: string[]; variant?: true }[]; note: string; options: { variants: unknown[] } };
  points: {
    values: string[];
    set: string[];
    variants: string[];
    decisions: { inject: string; decision: string; structures: Record<string, { p50_s: number | null; mean_s: number | null; mean_ci95_s: [number, number] | null; onTime: { rate: number; ci95: [number, number] | null } | null }> }[];
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
    expect(csv[0]).toMatch(/^"point","set","variant","scenario",/);
    const decisions = sweep.points[0]!.decisions.length;
    expect(csv).toHaveLength(1 + 2 * decisions * 2);
    expect(csv[1]).toMatch(/^1,"legacy\.nodes\[csjs\]\.capacity=1","","nk-irbm-overflight"/);
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

  it('over variants: each point is the report of run --variant (none: no variant), in JSON, a CSV that loads back, and an HTML page', () => {
    const d = scratchDir();
    const out = cli(['sweep', 'nk-irbm-overflight', '--variants', 'none,stalled-transition', '--runs', '12', '--seed', '3', '--json', '--csv', join(d, 'v.csv'), '--html', join(d, 'v.html')]);
    expect(out.code).toBe(0);
    const sweep = JSON.parse(out.stdout) as SweepJson;
    expect(sweep.sweep.dimensions).toEqual([{ path: 'variant', values: ['none', 'stalled-transition'], variant: true }]);
    expect(sweep.sweep.options.variants).toEqual([]);
    expect(sweep.points.map((p) => [p.values, p.set, p.variants])).toEqual([[['none'], [], []], [['stalled-transition'], [], ['stalled-transition']]]);
    const runs = [[], ['--variant', 'stalled-transition']].map((v) => JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '12', '--seed', '3', ...v, '--json']).stdout) as Report);
    // The variant changes what it should (bilateral-flight's jfhq), so the points differ.
    const flight = (p: SweepJson['points'][number]) => p.decisions.find((x) => x.decision === 'bilateral-flight')!.structures.jfhq!.mean_s;
    expect(flight(sweep.points[0]!)).not.toBe(flight(sweep.points[1]!));
    sweep.points.forEach((p, i) => {
      for (const d of runs[i]!.decisions) {
        const mine = p.decisions.find((x) => x.inject === d.inject && x.decision === d.decision)!;
        for (const [id, r] of Object.entries(d.structures)) {
          expect([mine.structures[id]!.p50_s, mine.structures[id]!.mean_s, mine.structures[id]!.onTime?.rate ?? null])
            .toEqual([r.latency_s?.p50_s ?? null, r.latency_s?.mean_s ?? null, r.outcomes?.onTime.rate ?? null]);
        }
      }
    });
    // The CSV loads back to the JSON, row by row.
    const rows = asObjects(parseCsv(readFileSync(join(d, 'v.csv'), 'utf8')));
    expect(rows).toHaveLength(2 * sweep.points[0]!.decisions.length * 2);
    for (const row of rows) {
      const p = sweep.points[(row.point as number) - 1]!;
      expect([row.variant, row.set]).toEqual([p.variants.join('; '), p.set.join('; ')]);
      const r = p.decisions.find((x) => x.inject === row.inject && x.decision === row.decision)!.structures[row.structure as string]!;
      expect([row.p50_s, row.mean_s, row.mean_lo_s, row.mean_hi_s, row.on_time_rate, row.on_time_lo, row.on_time_hi])
        .toEqual([r.p50_s, r.mean_s, ...(r.mean_ci95_s ?? [null, null]), r.onTime?.rate ?? null, ...(r.onTime?.ci95 ?? [null, null])]);
    }
    const html = readFileSync(join(d, 'v.html'), 'utf8');
    expect(html.match(/<svg[^>]*class="chart sweep"/g)!.length).toBeGreaterThanOrEqual(sweep.points[0]!.decisions.length);
    expect(html).not.toMatch(/<script/i);
  });

  it('variants by one --set: a grid; the table and charts fit 80 columns; the page escapes a variant file name with markup', () => {
    const d = scratchDir();
    const file = scratchFile('<b>stall&.yaml', bundled('variants/stalled-transition.yaml'), d);
    const out = cli(['sweep', 'nk-irbm-overflight', '--variants', `none,${file}`, '--set', 'jfhq.nodes[usfj].capacity=2,4', '--runs', '4', '--html', join(d, 'g.html')]);
    expect(out.code).toBe(0);
    for (const line of out.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(out.stdout).toMatch(/^ {2}#4 {3}.*stall&\.yaml × 4$/m);
    expect(out.stdout).toMatch(/^ {2}mean latency +0 +\S+$/m);
    expect(out.stdout).toMatch(/^ {14}jfhq +.*├─*●─*┤/m);
    const html = readFileSync(join(d, 'g.html'), 'utf8');
    expect(html).toContain('&lt;b&gt;stall&amp;.yaml');
    expect(html).not.toContain('<b>stall');
  });

  it('bad --variants: an unknown name, a repeat, or with two --set: one line, exit 2, before anything runs', () => {
    const d = scratchDir();
    const cases: [string[], RegExp][] = [
      [['--variants', 'none,no-such-variant'], /no-such-variant/],
      [['--variants', 'none,none'], /"none" is listed twice/],
      [['--variants', 'none', '--set', 'legacy.nodes[csjs].capacity=1,2', '--set', 'legacy.nodes[mod].capacity=1,2'], /3 inputs to sweep/],
      [['--variants', 'none', '--html', join(d, 'missing', 'x.html')], /--html.*directory does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['sweep', 'nk-irbm-overflight', '--runs', '2', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(d)).toEqual([]);
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
