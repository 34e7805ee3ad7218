/**
 * Batches on every core and across machines: fixed-size summaries that merge exactly, in any
 * order, so a report is the same bytes however its runs were split; quantiles within the stated
 * 0.5% of the exact ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, parseSet, parseStructure, runBatch, simulate, type RunResult } from '../src/index.js';
import { runBatchParallel } from '../src/analysis/parallel.js';
import { emptySummary, prepareBatch, simulateRuns } from '../src/analysis/batch.js';
import { LatencySketch, SKETCH_RELATIVE_ACCURACY } from '../src/analysis/sketch.js';
import { BatchSummary } from '../src/analysis/summary.js';
import { cli, scratchDir } from './helpers.js';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

/** A deterministic sample: a mixture of lognormals, like latencies with a slow after-hours tail. */
function sample(n: number): number[] {
  let s = 12345;
  const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    out.push(u() < 0.8 ? 300 * Math.exp(0.5 * z) : 3600 * Math.exp(0.8 * z));
  }
  return out;
}

describe('the latency sketch', () => {
  it('gives every percentile of 100,000 latencies within 0.5% of the exact quantile', () => {
    const xs = sample(100_000);
    const sketch = new LatencySketch();
    xs.forEach((x, i) => sketch.add(x, i, 1));
    const sorted = Float64Array.from(xs).sort();
    for (let k = 0; k <= 100; k++) {
      // The sketch's k-th order statistic against the exact one (rank n·p, 1-based).
      const rank = Math.max(1, Math.ceil((k / 100) * xs.length));
      const exact = sorted[rank - 1]!;
      const rel = Math.abs(sketch.valueAtRank(rank) - exact) / exact;
      expect(rel).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
    expect(sketch.valueAtRank(1)).toBe(sorted[0]);
    expect(sketch.valueAtRank(xs.length)).toBe(sorted[xs.length - 1]);
  });

  it('merges to the same sketch whatever the split and order', () => {
    const xs = sample(2000);
    const whole = new LatencySketch();
    xs.forEach((x, i) => whole.add(x, i, 1));
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: xs.length, maxLength: xs.length }), (parts) => {
      const sketches = Array.from({ length: 6 }, () => new LatencySketch());
      xs.forEach((x, i) => sketches[parts[i]!]!.add(x, i, 1));
      const merged = new LatencySketch();
      for (const s of sketches.reverse()) merged.merge(s);
      expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
    }), { numRuns: 30, seed: 7 });
  });
});

describe('batch summaries', () => {
  it('merge to the same bytes however the runs are split (any blocks, any order)', () => {
    const batch = prepareBatch({ scenario: 'nk-irbm-overflight', runs: 60, seed: 4 });
    const whole = JSON.stringify(simulateRuns(batch, 0, 60, emptySummary(batch)).toJSON());
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 59 }), { maxLength: 6 }), fc.boolean(), (cuts, reverse) => {
      const edges = [0, ...cuts.sort((x, y) => x - y), 60];
      const parts = edges.slice(1).map((to, i) => simulateRuns(batch, edges[i]!, to, emptySummary(batch)));
      if (reverse) parts.reverse();
      const merged = emptySummary(batch);
      for (const p of parts) merged.merge(BatchSummary.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))));
      expect(JSON.stringify(merged.toJSON())).toBe(whole);
    }), { numRuns: 8, seed: 3 });
  });

  it('merge contrasts between pairs (a sensitivity study\'s change in a difference) to the same bytes however split', () => {
    const batch = prepareBatch({ scenario: 'nk-irbm-overflight', runs: 30, seed: 5, arms: [{ id: 'slow', overrides: [parseSet('legacy.nodes[csjs].capacity=1')] }] });
    batch.contrasts = [[0, 1, 2, 3]];
    const whole = simulateRuns(batch, 0, 30, emptySummary(batch));
    expect(whole.contrasts[0]!.some((p) => p.pairs > 0 && p.sumD !== 0n)).toBe(true);
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 29 }), { maxLength: 4 }), fc.boolean(), (cuts, reverse) => {
      const edges = [0, ...cuts.sort((x, y) => x - y), 30];
      const parts = edges.slice(1).map((to, i) => simulateRuns(batch, edges[i]!, to, emptySummary(batch)));
      if (reverse) parts.reverse();
      const merged = emptySummary(batch);
      for (const p of parts) merged.merge(BatchSummary.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))));
      expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
    }), { numRuns: 4, seed: 3 });
  });

  it('fold a run\'s decisions in any order: streamed as they settle, or from whole results, the same bytes', () => {
    // A streamed batch adds each decision as it settles; with an onRun hook (--events, scripts)
    // whole results are folded in demand order. Retractions and false alarms settle late: both.
    for (const scenario of ['nk-lofted-alert', 'nk-irbm-overflight']) {
      const streamed = JSON.stringify(runBatch({ scenario, runs: 25, seed: 5 }));
      let seen = 0;
      const whole = JSON.stringify(runBatch({ scenario, runs: 25, seed: 5, onRun: () => { seen++; } }));
      expect(seen).toBe(50);
      expect(whole).toBe(streamed);
    }
  });

  it('stream a long run\'s decisions out as they settle: a run holds only what is in flight', () => {
    const b = prepareBatch({ scenario: 'nk-irbm-overflight', runs: 1, seed: 3 });
    const plan = b.plans[0]!;
    const streamed: string[] = [];
    const result = simulate(plan, { seed: b.seed, runIndex: 0, onSettled: (d) => streamed.push(`${d.inject}/${d.decision}#${d.occurrence}`) });
    const whole = simulate(plan, { seed: b.seed, runIndex: 0 });
    // Everything settled on a true track was streamed; the result keeps only the rest.
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.length + result.decisions.length).toBe(whole.decisions.length);
    expect(new Set([...streamed, ...result.decisions.map((d) => `${d.inject}/${d.decision}#${d.occurrence}`)]))
      .toEqual(new Set(whole.decisions.map((d) => `${d.inject}/${d.decision}#${d.occurrence}`)));
  });

  it('do not grow with the runs: ten times the runs, well under twice the bytes (bins fill, counts grow)', () => {
    const size = (runs: number) => {
      const batch = prepareBatch({ scenario: 'nk-irbm-overflight', runs, seed: 2 });
      return JSON.stringify(simulateRuns(batch, 0, runs, emptySummary(batch)).toJSON()).length;
    };
    const small = size(100);
    // Keeping anything per run would make this ten times larger.
    expect(size(1000)).toBeLessThan(small * 2);
  });

  it('report quantiles within 0.5% of the exact ones from every run', () => {
    const latencies: number[] = [];
    const report = runBatch({
      scenario: loadScenario('nk-irbm-overflight'), structures: ['legacy'], runs: 400, seed: 8,
      onRun: (r: RunResult) => { for (const d of r.decisions) if (d.decision === 'warn-public' && d.latency !== undefined) latencies.push(d.latency); },
    });
    const sorted = Float64Array.from(latencies).sort();
    const l = report.decisions.find((d) => d.decision === 'warn-public')!.structures.legacy!.latency_s!;
    const exact = (p: number) => { const h = (sorted.length - 1) * p; const lo = Math.floor(h); return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!); };
    for (const [p, v] of [[0.5, l.p50_s], [0.9, l.p90_s], [0.99, l.p99_s]] as const) {
      expect(Math.abs(v - exact(p)) / exact(p)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 0.001);
    }
    expect(l.mean_s).toBeCloseTo(latencies.reduce((a, b) => a + b, 0) / latencies.length, 2);
  });
});

describe('workers and shards', () => {
  it('give the report of one thread, for any number of workers', async () => {
    const opts = { scenario: 'nk-irbm-overflight', runs: 300, seed: 6 } as const;
    const one = JSON.stringify(runBatch(opts));
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 2 }))).toBe(one);
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 3, thisThreadWorks: false }))).toBe(one);
  });

  it('regression: workers parsed two in-memory structures of one file name as the first (parse cache keyed without the text)', async () => {
    const server = (id: string, mean: string) => parseStructure('structure.yaml', `
id: ${id}
name: One server
description: A fixture.
sources: {}
nodes:
  - { id: q, name: Queue, nation: JP, location: nowhere (fixture), timeZone: UTC, capacity: 1, assumption: "Fixture.",
      processing: { assess: { dist: exponential, mean: ${mean} }, decide: 0s, task: 0s } }
links: []
authority:
  public-warning:
    - { chain: [q], executor: q, assumption: "Fixture." }
`);
    const scenario = parseScenario('scenario.yaml', `
id: one
title: One
summary: A fixture.
briefing: Fixture.
start: 2025-01-01T00:00:00Z
duration: 1d
sources: {}
injects:
  - id: pw
    at: 0s
    title: pw
    detection: [{ node: q, delay: 0s }]
    assumption: "Fixture."
    decisions:
      - { id: d, kind: public-warning, success: s, failure: f, assumption: "Fixture." }
`);
    const opts = { scenario, structures: [server('fast', '10s'), server('slow', '1h')], runs: 200, seed: 3 };
    const one = JSON.stringify(runBatch(opts));
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 2, thisThreadWorks: false }))).toBe(one);
  });

  it('c2sim merge of shards, in any order, writes the bytes of a single run (CLI)', () => {
    const dir = scratchDir();
    const base = ['run', 'nk-irbm-overflight', '--runs', '90', '--seed', '5'];
    for (const i of [1, 2, 3]) expect(cli([...base, '--shard', `${i}/3`, '--out', join(dir, `part-${i}.json`)]).code).toBe(0);
    const single = cli([...base, '--json', '--workers', '2']);
    const merged = cli(['merge', join(dir, 'part-2.json'), join(dir, 'part-3.json'), join(dir, 'part-1.json'), '--out', join(dir, 'merged.json'), '--json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(single.stdout);
  });

  it('merge refuses a missing shard, an overlap and a part of another batch, naming the part', () => {
    const dir = scratchDir();
    const base = ['run', 'nk-irbm-overflight', '--runs', '20', '--seed', '5'];
    for (const i of [1, 2]) cli([...base, '--shard', `${i}/2`, '--out', join(dir, `p${i}.json`)]);
    cli(['run', 'nk-irbm-overflight', '--runs', '20', '--seed', '6', '--shard', '2/2', '--out', join(dir, 'other.json')]);
    const missing = cli(['merge', join(dir, 'p1.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 2 of 2 missing/);
    const overlap = cli(['merge', join(dir, 'p1.json'), join(dir, 'p2.json'), join(dir, 'p2.json')]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/p2\.json: is shard 2\/2 again/);
    const other = cli(['merge', join(dir, 'p1.json'), join(dir, 'other.json')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/other\.json: is a shard of another batch .*seed/);
    const report = cli(['merge', join(dir, 'p1.json'), join(dir, 'p2.json'), '--json']);
    const notPart = join(dir, 'report.json');
    writeFileSync(notPart, report.stdout);
    const wrong = cli(['merge', notPart]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/report\.json: is not a partial result/);
  });

  it('refuses absurd --workers and --shard values with one line', () => {
    for (const args of [['--workers', '0'], ['--workers', 'many'], ['--shard', '0/4'], ['--shard', '5/4'], ['--shard', '1-4']]) {
      const r = cli(['run', 'nk-irbm-overflight', '--runs', '5', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(args[0]!));
    }
  });
});
