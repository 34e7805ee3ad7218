/**
 * Data out: `run --csv`, `compare --csv` and `run --events` load back (an RFC 4180 parser here,
 * JSON per line) and agree with the report; text from inputs cannot become a spreadsheet formula.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison, Report } from '../src/index.js';
import { asObjects, parseCsv } from './csvParse.js';
import { bundled, cli, replaceOnce, ROOT, scratchDir, scratchFile } from './helpers.js';

const dir = scratchDir();
const run = cli(['run', 'nk-irbm-overflight', '--runs', '30', '--seed', '5', '--out', join(dir, 'a.json'), '--csv', join(dir, 'a.csv'), '--events', join(dir, 'a.jsonl')]);
const report = () => JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Report;

describe('run --csv', () => {
  it('writes one row per decision × structure with the figures of the report, columns as README documents', () => {
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const csv = parseCsv(readFileSync(join(dir, 'a.csv'), 'utf8'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const h of csv.header) expect(readme, h).toContain(`\`${h}\``);
    const rows = asObjects(csv);
    const r = report();
    expect(rows).toHaveLength(r.decisions.length * r.structures.length);
    for (const row of rows) {
      const d = r.decisions.find((x) => x.inject === row.inject && x.decision === row.decision)!;
      const s = d.structures[row.structure as string]!;
      // The seed is a number column (unquoted): only text is quoted and guarded.
      expect([row.scenario, row.seed, row.runs, row.kind, row.title, row.deadline_s]).toEqual([r.scenario.id, Number(r.seed), r.runs, d.kind, d.title, d.deadline_s]);
      expect([row.instances, row.executed]).toEqual([s.instances, s.executed]);
      expect([row.p50_s, row.p90_s, row.mean_s]).toEqual([s.latency_s?.p50_s ?? null, s.latency_s?.p90_s ?? null, s.latency_s?.mean_s ?? null]);
      expect([row.mean_lo_s, row.mean_hi_s]).toEqual(s.latency_s?.mean_ci95_s ?? [null, null]);
      expect(row.on_time_rate).toEqual(s.outcomes?.onTime.rate ?? null);
      const pair = d.paired.find((p) => p.candidate === row.structure);
      expect([row.baseline, row.difference_s, row.verdict]).toEqual(pair ? [pair.baseline, pair.meanDifference_s, pair.verdict] : [null, null, null]);
    }
  });

  it('quotes text from inputs per RFC 4180 and never lets it start a formula (OWASP CSV injection)', () => {
    const evil = '=HYPERLINK("http://evil.example","click"), and\nmore';
    const text = replaceOnce(bundled('nk-irbm-overflight.yaml'), 'title: Hwasong-12 launched toward northern Japan', `title: ${JSON.stringify(evil)}`);
    const d = scratchDir();
    const out = cli(['run', scratchFile('evil.yaml', text, d), '--runs', '2', '--csv', join(d, 'evil.csv')]);
    expect(out.code).toBe(0);
    const raw = readFileSync(join(d, 'evil.csv'), 'utf8');
    // No cell starts with a formula character, quoted or not.
    for (const cell of raw.split(/,|\r\n/)) expect(cell, cell).not.toMatch(/^"?[=+@\t\r]/);
    const rows = asObjects(parseCsv(raw));
    expect(rows.find((r) => r.decision === 'warn-public')!.title).toBe(`'${evil}`);
    // Numbers stay numbers, negative ones too (only text is guarded).
    expect(rows.every((r) => typeof r.runs === 'number')).toBe(true);
  });
});

describe('run --events', () => {
  const lines = () => readFileSync(join(dir, 'a.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('one JSON object per line, every line with the documented keys, in run order', () => {
    const all = lines();
    const keys = ['run', 'structure', 'event', 't_s', 'inject', 'occurrence', 'decision', 'nation', 'node', 'step', 'cause', 'seconds', 'outcome', 'branches'];
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const k of keys) expect(readme, k).toContain(`\`${k}\``);
    for (const l of all) expect(Object.keys(l)).toEqual(keys);
    const runs = all.map((l) => l.run as number);
    expect(runs).toEqual([...runs].sort((a, b) => a - b));
    expect(new Set(runs).size).toBe(30);
  });

  it('its outcomes and spans give back the report: instances, executed, on time, mean latency, time by cause', () => {
    const all = lines();
    const r = report();
    for (const d of r.decisions) {
      for (const s of r.structures) {
        const res = d.structures[s.id]!;
        const mine = all.filter((l) => l.structure === s.id && l.inject === d.inject && l.decision === d.decision);
        const outcomes = mine.filter((l) => l.event === 'outcome');
        const executed = outcomes.filter((l) => l.seconds !== null);
        const key = `${d.inject}/${d.decision} ${s.id}`;
        expect(outcomes.length, key).toBe(res.instances);
        expect(executed.length, key).toBe(res.executed);
        if (res.outcomes) expect(outcomes.filter((l) => l.outcome === 'on-time').length, key).toBe(res.outcomes.onTime.count);
        if (!res.latency_s) continue;
        const mean = executed.reduce((a, l) => a + (l.seconds as number), 0) / executed.length;
        expect(mean, key).toBeCloseTo(res.latency_s.mean_s, 2);
        // The spans of the track that set each executed instance's time, by cause, per executed instance.
        const byCause: Record<string, number> = {};
        for (const o of executed) {
          for (const l of mine) {
            if (l.event === 'span' && l.run === o.run && l.occurrence === o.occurrence && l.nation === o.nation) {
              byCause[l.cause as string] = (byCause[l.cause as string] ?? 0) + (l.seconds as number) / executed.length;
            }
          }
        }
        for (const [cause, sec] of Object.entries(res.byCause_s)) expect(byCause[cause] ?? 0, `${key} ${cause}`).toBeCloseTo(sec, 1);
      }
    }
  });

  it('the report is the same bytes as a run on workers without --events', () => {
    const d = scratchDir();
    const again = cli(['run', 'nk-irbm-overflight', '--runs', '30', '--seed', '5', '--workers', '2', '--out', join(d, 'b.json')]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(d, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });

  it('an arm\'s runs are named as the report names its structures (jfhq@slow)', () => {
    const d = scratchDir();
    const out = cli(['run', 'nk-irbm-overflight', '--runs', '2', '--arm', 'slow=variant:degraded-pacific', '--events', join(d, 'e.jsonl'), '--json']);
    expect(out.code).toBe(0);
    const ids = (JSON.parse(out.stdout) as Report).structures.map((s) => s.id);
    expect(ids).toContain('jfhq@slow');
    const seen = new Set(readFileSync(join(d, 'e.jsonl'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { structure: string }).structure));
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('refuses --workers (one thread) and an unwritable path, before running, leaving no temporary file', () => {
    const w = cli(['run', 'nk-irbm-overflight', '--runs', '2', '--events', join(dir, 'x.jsonl'), '--workers', '2']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/^c2sim: --events: writes every run's detail .*one thread; drop --workers\n$/);
    const d = scratchDir();
    const bad = cli(['run', 'nk-irbm-overflight', '--runs', '2', '--events', join(d, 'missing', 'e.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--events.*its directory does not exist/);
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  });
});

describe('compare --csv', () => {
  it('writes one row per decision × structure that agrees with compare --json', () => {
    const d = scratchDir();
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '20', '--seed', '6', '--variant', 'degraded-pacific', '--out', join(d, 'b.json')]).code).toBe(0);
    const out = cli(['compare', join(dir, 'a.json'), join(d, 'b.json'), '--json', '--csv', join(d, 'c.csv')]);
    expect(out.code).toBe(0);
    const c = JSON.parse(out.stdout) as Comparison;
    const csv = parseCsv(readFileSync(join(d, 'c.csv'), 'utf8'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const h of csv.header) expect(readme, h).toContain(`\`${h}\``);
    const rows = asObjects(csv);
    expect(rows).toHaveLength(c.decisions.reduce((n, x) => n + Object.keys(x.structures).length, 0));
    for (const row of rows) {
      const s = c.decisions.find((x) => x.key === row.decision)!.structures[row.structure as string]!;
      expect([row.a_mean_s, row.b_mean_s, row.difference_s, row.verdict, row.on_time_verdict])
        .toEqual([s.a.mean_s, s.b.mean_s, s.meanDifference_s, s.verdict, s.onTimeVerdict]);
      expect([row.difference_lo_s, row.difference_hi_s]).toEqual(s.ci95_s ?? [null, null]);
      expect([row.a_seed, row.b_seed]).toEqual([Number(c.a.seed), Number(c.b.seed)]);
    }
  });
});
