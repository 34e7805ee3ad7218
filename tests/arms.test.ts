/**
 * What-ifs paired (issue 12): arms run on the same runs as the batch, with common random numbers,
 * and are compared run by run; `compare` of reports made apart says it is unpaired.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSet, runBatch } from '../src/index.js';
import { runBatchParallel } from '../src/analysis/parallel.js';
import { compareReports } from '../src/analysis/compare.js';
import { cli, scratchDir } from './helpers.js';

const width = (i: [number, number] | null) => (i ? i[1] - i[0] : Infinity);

describe('arms', () => {
  it('pair each arm with the base, structure by structure, and find a small effect that compare misses', () => {
    // A small what-if: INDOPACOM's staff decides a fifth slower (median 8m → 9m36s) in both structures.
    const set = ['legacy', 'jfhq'].map((s) => parseSet(`${s}.nodes[indopacom].processing.decide={dist: lognormal, median: 576s, p90: 24m}`));
    const base = { scenario: 'nk-irbm-overflight', runs: 120, seed: 4 } as const;
    const withArm = runBatch({ ...base, arms: [{ id: 'slow-js', overrides: set }] });
    expect(withArm.structures.map((s) => s.id)).toEqual(['legacy', 'jfhq', 'legacy@slow-js', 'jfhq@slow-js']);
    expect(withArm.options.arms).toEqual([{ id: 'slow-js', variants: [], overrides: set.map((o) => ({ ...o })) }]);
    // The base columns are the batch without the arm, byte for byte.
    const plain = runBatch(base);
    const d = (r: typeof plain, key: string) => r.decisions.find((x) => `${x.inject}/${x.decision}` === key)!;
    for (const key of plain.decisions.map((x) => `${x.inject}/${x.decision}`)) {
      expect(d(withArm, key).structures.legacy).toEqual(d(plain, key).structures.legacy);
    }
    // Paired: the arm against the same structure in the base, over the same runs.
    let pairedNarrower = 0;
    let armFlagged = 0;
    let compareFlagged = 0;
    const apart = runBatch({ ...base, seed: 5, overrides: set });
    const unpaired = compareReports(plain, apart, { a: 'base', b: 'what-if' });
    for (const x of withArm.decisions) {
      const p = x.paired.find((q) => q.candidate === 'legacy@slow-js')!;
      expect(p.baseline).toBe('legacy');
      const u = unpaired.decisions.find((y) => y.key === `${x.inject}/${x.decision}`)!.structures.legacy!;
      if (p.verdict === 'slower') armFlagged++;
      if (u.verdict === 'slower') compareFlagged++;
      if (p.ci95_s && u.ci95_s && width(p.ci95_s) < width(u.ci95_s) / 2) pairedNarrower++;
    }
    expect(pairedNarrower).toBeGreaterThanOrEqual(2);
    expect(armFlagged).toBeGreaterThan(compareFlagged);
    expect(unpaired.method).toBe('unpaired');
  });

  it('give the same bytes with any number of workers, and through shards and merge', async () => {
    const opts = { scenario: 'nk-irbm-overflight', runs: 240, seed: 9, arms: [{ id: 'slow', variants: ['degraded-pacific'] }] };
    const one = JSON.stringify(runBatch(opts));
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 2, thisThreadWorks: false }))).toBe(one);
    const dir = scratchDir();
    const args = ['run', 'nk-irbm-overflight', '--runs', '240', '--seed', '9', '--arm', 'slow=variant:degraded-pacific'];
    for (const i of [1, 2]) expect(cli([...args, '--shard', `${i}/2`, '--out', join(dir, `p${i}.json`)]).code).toBe(0);
    const merged = cli(['merge', join(dir, 'p2.json'), join(dir, 'p1.json'), '--json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(JSON.stringify(JSON.parse(one), null, 2) + '\n');
  });

  it('regression: an arm that moved a deadline was read against the base\'s deadline_s (refused now)', () => {
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '5', '--workers', '1', '--arm', 'tight=set:scenario.injects[launch].decisions[warn-public].deadline=1m']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--arm tight: changes how decision launch\/warn-public is stated/);
  });

  it('refuse a bad arm with one line naming it', () => {
    const cases: [string[], RegExp][] = [
      [['--arm', 'slow'], /--arm: expected NAME=SPEC/],
      [['--arm', 'Slow=variant:degraded-pacific'], /--arm: expected NAME=SPEC/],
      [['--arm', 'base=variant:degraded-pacific'], /--arm base: .*not "base"/],
      [['--arm', 'a=variant:degraded-pacific', '--arm', 'a=variant:stalled-transition'], /--arm a: arm "a" is named twice/],
      [['--arm', 'a=nothing'], /--arm a: "nothing" is not variant:NAME or set:/],
      [['--arm', 'a='], /--arm a: changes nothing/],
      [['--arm', 'a=variant:no-such-variant'], /no-such-variant/],
      [['--arm', 'a=set:jfhq.nodes[nowhere].capacity=2'], /nowhere/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['run', 'nk-irbm-overflight', '--runs', '5', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
