/**
 * Shards and merge through the GNU parallel recipe (deploy/parallel/run-shards.sh): a 4-shard
 * batch merged must be byte-identical to the single-process run, and merge must refuse parts
 * that do not make one batch (overlap, gap, other inputs) with one line naming the part.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, cli, scratchDir } from './helpers.js';

const hasParallel = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).status === 0;
const SCENARIO = 'nk-irbm-overflight';
const BATCH = ['--seed', '3', '--runs', '40'];

/** Exit 2, one line on stderr naming `what`, no stack trace. */
function refused(r: { code: number; stderr: string }, what: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe.skipIf(!hasParallel)('shards through GNU parallel (deploy/parallel/run-shards.sh)', () => {
  let dir = '';
  let single = '';
  const part = (i: number) => join(dir, `part-${i}.json`);

  /** The recipe's 4-shard run and the single-process run, once (inside a test: a failure shows as one). */
  function batch(): void {
    if (dir) return;
    const d = scratchDir();
    const r = spawnSync('bash', [join(ROOT, 'deploy', 'parallel', 'run-shards.sh'), SCENARIO, '3', '40', '4', d], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, C2SIM: `${process.execPath} ${CLI}`, C2SIM_JOBS: '2' },
    });
    expect(r.stderr).toContain('from 4 parts');
    expect(r.status).toBe(0);
    const s = cli(['run', SCENARIO, ...BATCH, '--json']);
    expect(s.code).toBe(0);
    single = s.stdout;
    dir = d;
  }
  beforeEach(() => batch());

  it('4 shards merged give the bytes of the single-process run --json', () => {
    expect(single.length).toBeGreaterThan(100);
    const merged = cli(['merge', part(3), part(1), part(4), part(2), '--json']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(single);
  });

  it('the recipe\'s report.json equals the single-process run --out', () => {
    const out = join(dir, 'single.json');
    expect(cli(['run', SCENARIO, ...BATCH, '--out', out]).code).toBe(0);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('merge refuses overlapping shards, naming the part', () => {
    const half = join(dir, 'half-1of2.json');
    expect(cli(['run', SCENARIO, ...BATCH, '--shard', '1/2', '--out', half]).code).toBe(0);
    refused(cli(['merge', part(1), part(2), part(3), part(4), half, '--json']), new RegExp(basename(half)));
    const again = join(dir, 'again-2.json');
    copyFileSync(part(2), again);
    refused(cli(['merge', part(1), part(2), again, part(3), part(4), '--json']), /again-2\.json|part-2\.json/);
  });

  it('merge refuses a missing shard, naming it', () => {
    refused(cli(['merge', part(1), part(2), part(4), '--json']), /3\/4|shard 3\b|part-3/);
  });

  it('merge refuses a part of other inputs (another seed), naming the part', () => {
    const other = join(dir, 'seed4-part-2.json');
    expect(cli(['run', SCENARIO, '--seed', '4', '--runs', '40', '--shard', '2/4', '--out', other]).code).toBe(0);
    refused(cli(['merge', part(1), other, part(3), part(4), '--json']), /seed4-part-2\.json/);
  });
});

// Without parallel the suite says why, by name, instead of silently running fewer tests.
if (!hasParallel) {
  describe('shards through GNU parallel', () => {
    it.skip('skipped: GNU parallel is not installed (apt-get install parallel; .ci/run installs it)', () => {});
  });
}
