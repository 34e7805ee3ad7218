/**
 * Output fits 80 columns (terminal-output-too-wide): the run table, `list`, and the help of the
 * program and of every subcommand, whichever terminal width (or none) the program sees.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './helpers.js';
import { join } from 'node:path';

/** Lines wider than 80 columns (terminal columns: one per code point in c2sim's output). */
function tooWide(text: string): string[] {
  return text.split('\n').filter((line) => [...line].length > 80).map((line) => `${[...line].length}: ${line}`);
}

function ok(args: string[], env: Record<string, string> = {}): string {
  const r = cli(args, { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const subcommands = (() => {
  const help = cli(['--help']).stdout;
  return help.slice(help.indexOf('Commands:')).split('\n').slice(1).map((l) => /^ {2}([a-z]+)\b/.exec(l)?.[1]).filter((c): c is string => c !== undefined && c !== 'help');
})();

describe('every line fits 80 columns', () => {
  it('finds the subcommands in the help', () => {
    expect(subcommands).toEqual(expect.arrayContaining(['list', 'validate', 'run', 'play', 'replay', 'compare', 'report', 'graph', 'schema']));
  });

  it('c2sim --help, also when the terminal is wide', () => {
    expect(tooWide(ok(['--help']))).toEqual([]);
    expect(tooWide(ok(['--help'], { COLUMNS: '200' }))).toEqual([]);
  });

  it.each(subcommands)('c2sim %s --help', (command) => {
    expect(tooWide(ok([command, '--help']))).toEqual([]);
  });

  it('c2sim list: descriptions wrap in their own column', () => {
    const out = ok(['list']);
    expect(tooWide(out)).toEqual([]);
    // A wrapped description continues under its first line, not at the left margin.
    expect(out).toMatch(/\n {2}taiwan-quarantine +A 40-minute-warning.*\n {10,}\S/);
  });

  it.each(['taiwan-quarantine', 'nk-irbm-overflight'])('c2sim run %s --runs 20, and the report rendered again', (scenario) => {
    const file = join(scratchDir(), 'r.json');
    const r = cli(['run', scenario, '--runs', '20', '--out', file]);
    expect(r.code).toBe(0);
    expect(tooWide(r.stdout)).toEqual([]);
    expect(tooWide(ok(['report', file]))).toEqual([]);
    expect(tooWide(ok(['compare', file, file]))).toEqual([]);
  });

  it('c2sim validate of every bundled file: a long line puts its details below the path', () => {
    const out = ok(['validate', 'nk-irbm-overflight', 'taiwan-quarantine', 'legacy', 'jfhq', 'degraded-pacific', 'stalled-transition']);
    expect(tooWide(out)).toEqual([]);
    expect(out.match(/^ok {2}\S+/gm)).toHaveLength(6);
  });

  it('a long scenario title wraps rather than overflowing the table', () => {
    const title = 'An exceptionally long scenario title that goes on and on well past the eightieth column of any terminal';
    const out = ok(['run', 'nk-irbm-overflight', '--runs', '2', '--set', `scenario.title=${title}`]);
    expect(tooWide(out)).toEqual([]);
    expect(out).toMatch(/^An exceptionally long/);
  });
});
