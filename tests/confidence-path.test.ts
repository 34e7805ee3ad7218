/**
 * Confidence-weighted verdicts (issue 10, item 3): beside every verdict, the share of the
 * critical path's time that rests on sourced numbers and on assumptions of confidence M, L, U.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './helpers.js';

const RUNS = '30';
type Path = { latency_s: number; confidence_s?: { H: number; M: number; L: number; U: number } } | null;

describe('the critical path split by confidence', () => {
  const dir = scratchDir();
  const file = join(dir, 'r.json');
  cli(['run', 'nk-irbm-overflight', '--runs', RUNS, '--out', file]);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const flight = report.decisions.find((d: { decision: string }) => d.decision === 'bilateral-flight');

  it('splits every critical path\'s whole time by confidence', () => {
    let paths = 0;
    for (const d of report.decisions) {
      for (const r of Object.values(d.structures) as { criticalPath: { median: Path; slowest: Path } }[]) {
        for (const p of [r.criticalPath.median, r.criticalPath.slowest]) {
          if (!p) continue;
          paths++;
          const c = p.confidence_s!;
          expect(c.H + c.M + c.L + c.U).toBeCloseTo(p.latency_s, 2);
        }
      }
    }
    expect(paths).toBeGreaterThan(10);
  });

  it('shows that jfhq\'s faster bilateral flight rests on USFJ assumptions of confidence U', () => {
    expect(flight.paired[0].verdict).toBe('faster');
    expect(flight.structures.jfhq.criticalPath.median.confidence_s.U).toBeGreaterThan(0);
    expect(flight.structures.legacy.criticalPath.median.confidence_s.U).toBe(0);
  });

  it('follows the numbers: stating USFJ\'s node as sourced moves its time out of U', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', RUNS, '--json', '--set', 'jfhq.nodes[usfj].confidence=H']).stdout);
    const f = r.decisions.find((d: { decision: string }) => d.decision === 'bilateral-flight');
    const before = flight.structures.jfhq.criticalPath.median.confidence_s;
    const after = f.structures.jfhq.criticalPath.median.confidence_s;
    expect(after.U).toBeLessThan(before.U);
    expect(after.H).toBeGreaterThan(before.H);
    // The simulation is the same: only what the time rests on moved.
    expect(f.structures.jfhq.criticalPath.median.latency_s).toBe(flight.structures.jfhq.criticalPath.median.latency_s);
  });

  it('is shown beside the verdicts in the table, the after-action report, the HTML page and compare', () => {
    expect(cli(['report', file]).stdout).toMatch(/show-of-force-order\/bilateral-flight[^]*?faster\n {2}rests on: legacy: [^\n]*; jfhq: [^\n]*U \d+%/);
    expect(cli(['report', file, '--markdown']).stdout).toMatch(/faster than [^\n]*; its median critical path rests on numbers [^\n]*U \d+%/);
    const page = join(dir, 'r.html');
    cli(['report', file, '--html', page]);
    expect(readFileSync(page, 'utf8')).toMatch(/<th>median path rests on<\/th>[^]*?<td>legacy<\/td>.*?<td>[^<]*L \d+%<\/td>/);
    expect(cli(['compare', file, file]).stdout).toMatch(/rests on [^\n]*U \d+% → [^\n]*U \d+%/);
  });

  it('a report written before the split still reads, without it; one whose split does not add up is refused in one line', () => {
    const old = JSON.parse(JSON.stringify(report));
    for (const d of old.decisions) for (const r of Object.values(d.structures) as { criticalPath: { median: Path; slowest: Path } }[]) {
      for (const p of [r.criticalPath.median, r.criticalPath.slowest]) if (p) delete p.confidence_s;
    }
    const oldFile = join(dir, 'old.json');
    writeFileSync(oldFile, JSON.stringify(old));
    const shown = cli(['report', oldFile]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(/rests on/);
    const bad = JSON.parse(JSON.stringify(report));
    bad.decisions.find((d: { decision: string }) => d.decision === 'bilateral-flight').structures.jfhq.criticalPath.median.confidence_s.U += 600;
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const r = cli(['report', badFile]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/criticalPath\.median\.confidence_s: .*adds up to .* not the path's/);
  });
});
