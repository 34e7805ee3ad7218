/** The README's promises: its library example runs as written, and every command it shows exists. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

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
    expect(commands).toEqual(['play', 'replay', 'list', 'validate', 'run', 'compare', 'report', 'graph', 'schema']);
    for (const c of commands) expect(cli([c, '--help']).code).toBe(0);
  });
});
