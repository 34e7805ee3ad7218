/**
 * The HTML charts read as charts (html-charts-unreadable): axis titles, ticks at round durations
 * (not 47m07s), the deadline labelled above the plot where no curve runs, the tail drawn as a
 * step curve out to the slowest instance (not a straight line to the maximum), and the intervals
 * in words beside each chart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/index.js';
import { cli, scratchDir } from './helpers.js';

const dir = scratchDir();
const reportFile = join(dir, 'r.json');
expect(cli(['run', 'taiwan-quarantine', '--runs', '20', '--out', reportFile]).code).toBe(0);
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
expect(cli(['report', reportFile, '--html', join(dir, 'r.html')]).code).toBe(0);
const html = readFileSync(join(dir, 'r.html'), 'utf8');
const cdfs = html.match(/<svg[^>]*class="chart cdf"[\s\S]*?<\/svg>/g) ?? [];
const executed = report.decisions.filter((d) => Object.values(d.structures).some((s) => s.latency_s));

const attr = (el: string, name: string) => Number(new RegExp(`\\b${name}="([-\\d.]+)"`).exec(el)![1]);
const seconds = (label: string) => {
  if (label === '0') return 0;
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(label);
  if (!m || label === '') throw new Error(`not a duration label: ${label}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
};
const ROUND = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

describe('HTML latency charts', () => {
  it('one chart per executed decision', () => {
    expect(cdfs.length).toBe(executed.length);
    expect(cdfs.length).toBeGreaterThan(10);
  });

  it('have axis titles', () => {
    for (const svg of cdfs) {
      expect(svg).toContain('class="axis">latency: first detection → execution</text>');
      expect(svg).toContain('class="axis">executed by then</text>');
    }
  });

  it('tick at round durations, evenly, from 0 past the slowest instance', () => {
    for (const [i, svg] of cdfs.entries()) {
      const labels = [...svg.matchAll(/class="tick">([^<]+)</g)].map((m) => m[1]!);
      const values = labels.map(seconds);
      const step = values[1]!;
      expect(values[0]).toBe(0);
      expect(ROUND, `${labels.join(' ')}`).toContain(step);
      values.forEach((v, k) => expect(v).toBe(k * step));
      expect(labels.length).toBeLessThanOrEqual(7);
      const slowest = Math.max(...Object.values(executed[i]!.structures).map((s) => s.latency_s?.max_s ?? 0));
      expect(values[values.length - 1]).toBeGreaterThanOrEqual(slowest);
    }
  });

  it('label the deadline above the plot, clear of every curve', () => {
    let labelled = 0;
    for (const svg of cdfs) {
      const label = /<text[^>]*class="note">deadline [^<]+<\/text>/.exec(svg)?.[0];
      if (!label) continue;
      labelled++;
      const top = Math.min(...[...svg.matchAll(/<path d="([^"]+)"/g)].flatMap((m) => [...m[1]!.matchAll(/[ML][-\d.]+ ([-\d.]+)/g)].map((p) => Number(p[1]))));
      expect(attr(label, 'y')).toBeLessThan(top - 4);
    }
    expect(labelled).toBe(executed.filter((d) => d.deadline_s !== null).length);
  });

  it('draw the distribution as a step curve out to the slowest instance, the tail included', () => {
    for (const [i, svg] of cdfs.entries()) {
      const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => [...m[1]!.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((p) => [Number(p[1]), Number(p[2])] as const));
      const results = Object.values(executed[i]!.structures).filter((s) => s.latency_s);
      expect(paths.length).toBe(results.length);
      for (const [k, pts] of paths.entries()) {
        // Every segment is horizontal or vertical: no straight line across missing data.
        for (let j = 1; j < pts.length; j++) expect(pts[j]![0] === pts[j - 1]![0] || pts[j]![1] === pts[j - 1]![1]).toBe(true);
        // The last step rises to 100% at the slowest instance, from the 99th percentile's level.
        const [xEnd, yEnd] = pts[pts.length - 1]!;
        const [xPrev, yPrev] = pts[pts.length - 2]!;
        expect(xPrev).toBe(xEnd);
        expect(yEnd).toBeLessThan(yPrev);
        const l = results[k]!.latency_s!;
        const ticks = [...svg.matchAll(/class="tick">([^<]+)</g)].map((m) => seconds(m[1]!));
        const x = (v: number) => 56 + (v / ticks[ticks.length - 1]!) * (560 - 56 - 28);
        expect(xEnd).toBeCloseTo(x(l.max_s), 0);
        // The tail from the 95th percentile is drawn at its level, not as a slope to the maximum.
        expect(pts.some(([px, py]) => Math.abs(px - x(l.p99_s)) < 0.1 && py === yPrev)).toBe(true);
      }
    }
  });

  it('give the intervals in words beside each chart', () => {
    const blocks = html.match(/class="chart cdf"[\s\S]*?<\/svg><ul class="stats">([\s\S]*?)<\/ul>/g) ?? [];
    expect(blocks.length).toBe(cdfs.length);
    for (const [i, block] of blocks.entries()) {
      for (const [id, s] of Object.entries(executed[i]!.structures)) {
        if (!s.latency_s) continue;
        expect(block).toMatch(new RegExp(`<b>${id}</b>: median [^;]+\\((95% CI|too few)[^)]+\\); 90th percentile [^;]+\\((95% CI|too few)`));
      }
      if (executed[i]!.paired.some((p) => p.meanDifference_s !== null)) expect(block).toMatch(/jfhq − legacy, mean over \d+ paired runs: [^(]+\((95% CI|too few)/);
    }
  });

  it('a comparison page gives each change with its interval beside the chart', () => {
    expect(cli(['compare', reportFile, reportFile, '--html', join(dir, 'c.html')]).code).toBe(0);
    const page = readFileSync(join(dir, 'c.html'), 'utf8');
    expect(page).toMatch(/<\/svg><ul class="stats"><li><b>legacy<\/b>: mean \S+ → \S+, b − a 0s \(95% CI [^)]+\): no difference beyond noise/);
  });
});
