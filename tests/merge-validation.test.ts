/**
 * merge checks what it adds: a part that is not one of the split, or whose summary is damaged,
 * is refused with one line naming it (exit 2), never merged into a wrong report or a crash.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, scratchDir } from './helpers.js';

const BATCH = ['run', 'nk-irbm-overflight', '--seed', '3', '--runs', '4', '--workers', '1'];

function refused(r: { code: number; stderr: string }, what: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(what);
}

describe('merge validation', () => {
  let dir = '';
  const part = (i: number) => join(dir, `p${i}.json`);
  /** Part 2 with `edit` applied, written beside the others. */
  const tampered = (name: string, edit: (p: any) => void) => {
    const p = JSON.parse(readFileSync(part(2), 'utf8'));
    edit(p);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(p));
    return file;
  };

  beforeAll(() => {
    dir = scratchDir();
    for (const i of [1, 2]) expect(cli([...BATCH, '--shard', `${i}/2`, '--out', part(i)]).code).toBe(0);
  });

  it('regression: a part claiming shard 3 of 2 was not refused (internal error "summary holds 6 runs")', () => {
    const extra = tampered('p3.json', (p) => { p.shard.index = 3; p.shard.firstRun = 4; });
    refused(cli(['merge', part(1), part(2), extra]), /p3\.json: .*shard 3 of 2/);
  });

  it('regression: a part whose summary lost its tallies merged into a report with fewer instances', () => {
    const bad = tampered('no-tallies.json', (p) => { p.summary.tallies = []; });
    refused(cli(['merge', part(1), bad]), /no-tallies\.json: holds a summary that is damaged/);
  });

  it('regression: a part whose sketch disagrees with its counts merged into wrong quantiles', () => {
    const bad = tampered('sketch.json', (p) => {
      const t = p.summary.tallies[0].find((x: any) => x.sketch);
      t.sketch.bins[0][1] += 1000;
      t.sketch.n += 1000;
    });
    refused(cli(['merge', part(1), bad]), /sketch\.json: holds a summary that is damaged/);
  });

  it('regression: `c2sim report` of a shard part said "schema version none" instead of "merge the parts first"', () => {
    refused(cli(['report', part(1)]), /is a partial result of run --shard, not a report; merge the parts first: c2sim merge/);
  });

  it('the untouched parts still merge into the single-process report', () => {
    const merged = cli(['merge', part(2), part(1), '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(cli([...BATCH, '--json']).stdout);
  });
});
