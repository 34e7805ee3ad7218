/**
 * The HTML reports in a real headless browser (Debian's chromium; .ci/run installs it when
 * missing): they render their charts, fetch nothing, and log no console errors.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './helpers.js';

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version']).status === 0);
if (!chromium && process.env.CI) throw new Error('chromium is required in CI (.ci/run installs it)');

function browse(file: string, dir: string, extra: string[]) {
  return spawnSync(chromium!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', `--user-data-dir=${join(dir, 'profile')}`,
    '--enable-logging=stderr', '--v=0', ...extra, `file://${file}`,
  ], { encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(!chromium)('HTML reports in a headless browser', () => {
  const dir = scratchDir();
  cli(['run', 'nk-irbm-overflight', '--runs', '60', '--seed', '1', '--out', join(dir, 'a.json')]);
  cli(['run', 'nk-irbm-overflight', '--runs', '60', '--seed', '1', '--variant', 'degraded-pacific', '--out', join(dir, 'b.json')]);
  cli(['report', join(dir, 'a.json'), '--html', join(dir, 'report.html')]);
  cli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--html', join(dir, 'compare.html')]);

  it.each(['report.html', 'compare.html'])('%s renders its charts without console errors and fetches nothing', (name) => {
    const file = join(dir, name);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script/i);

    const shot = join(dir, `${name}.png`);
    const r = browse(file, dir, ['--window-size=1250,2400', `--screenshot=${shot}`]);
    expect(r.status).toBe(0);
    expect(statSync(shot).size).toBeGreaterThan(30_000);
    // Chromium logs console messages as ":CONSOLE:<line>]" (older builds: "CONSOLE(<line>)").
    expect(r.stderr).not.toMatch(/CONSOLE[:(]\d+|Uncaught|Failed to load resource/);

    // The DOM the browser built holds one CDF and one bar chart per executed decision.
    const dom = browse(file, dir, ['--dump-dom']).stdout;
    const cdfs = dom.match(/<svg[^>]*class="chart cdf"/g) ?? [];
    const bars = dom.match(/<svg[^>]*class="chart bars"/g) ?? [];
    expect(cdfs.length).toBeGreaterThanOrEqual(5);
    expect(bars.length).toBe(cdfs.length);
    expect(dom).toMatch(/<path d="M[^"]*" fill="none" stroke="#1f77b4"/);
  });
});
