/** The report: valid against the published schema, provenance that identifies inputs, figures that add up. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

const run = cli(['run', 'taiwan-quarantine', '--runs', '20', '--seed', '4', '--json']);
const report = JSON.parse(run.stdout);

describe('report', () => {
  it('validates against the JSON Schema that `c2sim schema report` publishes', () => {
    const schema = JSON.parse(cli(['schema', 'report']).stdout);
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // And a broken report does not.
    expect(validate({ ...report, schemaVersion: report.schemaVersion + 1 })).toBe(false);
    expect(validate({ ...report, decisions: [{ ...report.decisions[0], kind: 7 }] })).toBe(false);
  });

  it('records provenance: tool version, input hashes, seed, runs, choices', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(report.tool).toEqual({ name: 'c2sim', version: pkg.version });
    const sha = (f: string) => createHash('sha256').update(readFileSync(join(ROOT, f))).digest('hex');
    expect(report.scenario).toMatchObject({ id: 'taiwan-quarantine', file: 'scenarios/taiwan-quarantine.yaml', sha256: sha('scenarios/taiwan-quarantine.yaml') });
    expect(report.structures.map((s: { id: string; sha256: string }) => [s.id, s.sha256])).toEqual([
      ['legacy', sha('scenarios/structures/legacy.yaml')],
      ['jfhq', sha('scenarios/structures/jfhq.yaml')],
    ]);
    expect([report.seed, report.runs, report.firstRun]).toEqual(['4', 20, 0]);
    // No wall-clock time anywhere: the same command twice must give the same bytes.
    expect(run.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('breakdowns by cause and by node each add up to the mean latency', () => {
    let checked = 0;
    for (const d of report.decisions) {
      for (const r of Object.values(d.structures) as { latency_s: { mean_s: number } | null; byCause_s: Record<string, number>; byNode_s: Record<string, number> }[]) {
        if (!r.latency_s) continue;
        const byCause = Object.values(r.byCause_s).reduce((a, b) => a + b, 0);
        const byNode = Object.values(r.byNode_s).reduce((a, b) => a + b, 0);
        expect(byCause).toBeCloseTo(r.latency_s.mean_s, 0);
        expect(byNode).toBeCloseTo(r.latency_s.mean_s, 0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('outcome rates partition the instances with deadlines, with Wilson intervals around them', () => {
    for (const d of report.decisions) {
      for (const r of Object.values(d.structures) as { outcomes: null | Record<string, { count: number; rate: number; ci95: [number, number] | null }> }[]) {
        if (!r.outcomes) continue;
        const { onTime, late, missed } = r.outcomes;
        expect(onTime!.rate + late!.rate + missed!.rate).toBeCloseTo(1, 5);
        for (const x of [onTime!, late!, missed!]) {
          expect(x.ci95![0]).toBeLessThanOrEqual(x.rate + 1e-9);
          expect(x.ci95![1]).toBeGreaterThanOrEqual(x.rate - 1e-9);
        }
      }
    }
  });

  it('quantiles are ordered and their intervals contain them', () => {
    for (const d of report.decisions) {
      for (const r of Object.values(d.structures) as { latency_s: Record<string, number | [number, number] | null> | null }[]) {
        const l = r.latency_s;
        if (!l) continue;
        expect(l.min_s! <= l.p50_s! && l.p50_s! <= l.p90_s! && l.p90_s! <= l.p99_s! && l.p99_s! <= l.max_s!).toBe(true);
        const ci = l.p50_ci95_s as [number, number] | null;
        if (ci) expect(ci[0] <= (l.p50_s as number) && (l.p50_s as number) <= ci[1]).toBe(true);
      }
    }
  });

  it('the surge loads the staffs: legacy ISR retasking waits in queues, and jfhq is faster beyond noise', () => {
    const isr = report.decisions.find((d: { decision: string }) => d.decision === 'track-air-contact');
    expect(isr.structures.legacy.byCause_s.queueing).toBeGreaterThan(60);
    expect(isr.paired[0]).toMatchObject({ baseline: 'legacy', candidate: 'jfhq', verdict: 'faster' });
  });
});
