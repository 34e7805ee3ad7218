/**
 * Regression: a 50 MB YAML string took 40 s and 2.9 GB of memory before it was refused. Every
 * input has a size limit, checked before it is read, with one line naming the file and the limit.
 */
import { openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDING_BYTES, MAX_REPORT_BYTES, MAX_SET_VALUE_BYTES, MAX_YAML_BYTES } from '../src/model/inputFile.js';
import { cli, scratchDir } from './helpers.js';

/** A sparse file of `size` bytes: large on paper, instant to make. */
function sparse(file: string, size: number): string {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

function refusedForSize(args: string[], pattern: RegExp) {
  const r = cli(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('oversized inputs are refused up front (regression: no size limit)', () => {
  const dir = scratchDir();

  it('a scenario, structure or variant file over 2 MiB', () => {
    expect(MAX_YAML_BYTES).toBe(2 * 1024 * 1024);
    const big = sparse(join(dir, 'big.yaml'), 50 * 1024 * 1024);
    refusedForSize(['validate', big], /big\.yaml: is 50 MiB, more than the 2 MiB c2sim reads for a (scenario or structure|scenario) file; expected a smaller file$/m);
    refusedForSize(['run', big], /big\.yaml: is 50 MiB, more than the 2 MiB c2sim reads for a scenario file/);
    refusedForSize(['run', 'nk-irbm-overflight', '--structures', `legacy,${big}`], /big\.yaml: is 50 MiB, more than the 2 MiB c2sim reads for a structure file/);
    refusedForSize(['run', 'nk-irbm-overflight', '--variant', big], /big\.yaml: is 50 MiB, more than the 2 MiB c2sim reads for a variant file/);
  });

  it('a file just at the limit is read (and judged on its content)', () => {
    const at = join(dir, 'at.yaml');
    writeFileSync(at, `# ${'x'.repeat(MAX_YAML_BYTES - 3)}\n`);
    const r = cli(['validate', at]);
    expect(r.stderr).not.toMatch(/more than the/);
  });

  it('a report over 32 MiB, a recording over 1 MiB', () => {
    expect(MAX_REPORT_BYTES).toBe(32 * 1024 * 1024);
    expect(MAX_RECORDING_BYTES).toBe(1024 * 1024);
    const report = sparse(join(dir, 'big.json'), 40 * 1024 * 1024);
    refusedForSize(['report', report], /big\.json: is 40 MiB, more than the 32 MiB c2sim reads for a report/);
    refusedForSize(['compare', report, report], /big\.json: is 40 MiB, more than the 32 MiB c2sim reads for a report/);
    refusedForSize(['replay', sparse(join(dir, 'rec.json'), 2 * 1024 * 1024)], /rec\.json: is 2 MiB, more than the 1 MiB c2sim reads for a recording/);
  });

  it('a --set value over 64 KiB', () => {
    expect(MAX_SET_VALUE_BYTES).toBe(64 * 1024);
    refusedForSize(['run', 'nk-irbm-overflight', '--set', `scenario.title=${'x'.repeat(MAX_SET_VALUE_BYTES + 1)}`], /^c2sim: --set: the value of "scenario.title" is 65,537 bytes, more than the 64 KiB c2sim takes for one value; put large changes in a variant file\n$/);
  });

  it('a device without a size (endless) is cut off at the limit', () => {
    refusedForSize(['run', '/dev/zero'], /\/dev\/zero: is over 2 MiB, more than the 2 MiB c2sim reads for a scenario file/);
  });
});
