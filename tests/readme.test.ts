/** The README's promises: its library example runs as written, and every command it shows works. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { recordSession } from '../src/analysis/recording.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { cli, ROOT, scratchDir } from './helpers.js';

/**
 * The README's examples run at most this many runs per batch here: the commands, flags and files
 * are checked as written, while a 500-run Taiwan batch (over a minute of CPU today) would size the
 * suite to the batch engine rather than to the README. Raise it when the engine is faster.
 */
const EXAMPLE_MAX_RUNS = 10;

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('the library example runs as written, from the repository root', () => {
    const library = readme.slice(readme.indexOf('## Library'));
    const code = /```js\n([\s\S]*?)```/.exec(library)![1]!;
    const file = join(ROOT, `.readme-example-${process.pid}.mjs`);
    writeFileSync(file, code);
    try {
      const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^warn-public\s+jfhq − legacy\s+0 s\s+no difference beyond noise$/m);
      expect(r.stdout).toMatch(/^bilateral-flight\s+jfhq − legacy\s+-\d+ s\s+faster$/m);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('shows the two commands, and the test command is the one CI runs', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm test/);
  });

  it('every subcommand in the table has help', () => {
    const commands = [...readme.matchAll(/^\| `c2sim (\w+)/gm)].map((m) => m[1]!);
    expect(commands).toEqual(['play', 'replay', 'list', 'validate', 'run', 'merge', 'compare', 'report', 'graph', 'sweep', 'attribute', 'ranges', 'sensitivity', 'schema']);
    for (const c of commands) expect(cli([c, '--help']).code).toBe(0);
  });

  it('runs the CLI as ./c2sim, never npx (which builds a copy in npm\'s cache)', () => {
    expect(readme).not.toMatch(/\bnpx c2sim\b(?!`: npx)/);
    const launcher = readFileSync(join(ROOT, 'c2sim'), 'utf8');
    // It starts the compiled CLI in place: no npm, no build, and exec hands Ctrl-C to it directly.
    const code = launcher.split('\n').filter((l) => !/^\s*(#|echo )/.test(l)).join('\n');
    expect(code).not.toMatch(/\bnpm\b|\bnpx\b|\btsc\b/);
    expect(launcher).toMatch(/^exec node "\$here\/dist\/src\/cli\/main\.js" "\$@"$/m);
    const r = spawnSync(join(ROOT, 'c2sim'), ['list'], { cwd: scratchDir(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('nk-irbm-overflight');
  });

  // Some twenty processes, each starting Node: give a busy machine time (no timing is checked).
  it('every example command works as shown, run by run from one directory', { timeout: 300_000 }, () => {
    const examples = /Examples:\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!.split('\n').filter(Boolean);
    expect(examples.length).toBeGreaterThan(10);
    const dir = scratchDir();
    // The examples name the bundled files as seen from the repository root.
    symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
    const hasDot = spawnSync('dot', ['-V']).status === 0;
    for (const example of examples) {
      let line = example.replace(/\s+#.*$/, '').trim();
      expect(line, example).toMatch(/^\.\/c2sim /);
      line = line.replace(/--runs (\d+)/, (_, n: string) => `--runs ${Math.min(Number(n), EXAMPLE_MAX_RUNS)}`);
      // A batch that takes the default (200) runs: the same command, at the cap.
      if (/^\.\/c2sim run /.test(line) && !line.includes('--runs')) line = line.replace(/^(\.\/c2sim run \S+)/, `$1 --runs ${EXAMPLE_MAX_RUNS}`);
      if (/^\.\/c2sim play /.test(line)) {
        // Play needs a terminal (the tmux test plays for real): here, record what it would.
        const scenario = /play (\S+)/.exec(line)![1]!;
        const session = new PlaySession(loadScenario(scenario), [loadStructure('legacy'), loadStructure('jfhq')], 1);
        while (!session.finished) {
          if (session.pending) session.choose(session.pending.default);
          else session.skipToDecision();
        }
        const file = join(dir, /--record (\S+)/.exec(line)![1]!);
        writeFileSync(file, JSON.stringify(recordSession(session, file)));
        continue;
      }
      if (!hasDot) line = line.replace(/\s*\|\s*dot .*$/, '');
      const r = spawnSync('sh', ['-c', line.replace(/^\.\/c2sim/, `'${join(ROOT, 'c2sim')}'`)], { cwd: dir, encoding: 'utf8' });
      expect({ example, status: r.status, stderr: r.stderr.replace(/\r?.*progress.*\n?/g, '') }).toMatchObject({ example, status: 0 });
      for (const out of [...line.matchAll(/(?:>|--out|--html|--csv|--events) (\S+)/g)].map((m) => m[1]!)) expect(existsSync(join(dir, out)), `${example}: ${out}`).toBe(true);
    }
  });
});

