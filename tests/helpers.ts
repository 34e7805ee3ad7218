/** Shared test helpers: the real CLI as a child process, and scratch files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds it first), piped: not a terminal. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'c2sim-test-'));
}

export function bundled(path: string): string {
  return readFileSync(join(ROOT, 'scenarios', path), 'utf8');
}

/** Writes text to a new scratch file and returns its path. */
export function scratchFile(name: string, text: string, dir = scratchDir()): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Replaces exactly one occurrence (fails loudly if the fixture text moved). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`fixture: expected exactly one "${from}"`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/**
 * The time limit of a heavy statistical check (thousands of simulated runs): ~10 s on an idle
 * core today, several times that on a busy 2-core machine shared with other test runs. Its size
 * stays what the statistics need; only the limit is sized to the slow case. No timing is checked.
 */
export const HEAVY_TEST_TIMEOUT_MS = 600_000;
