/**
 * Law: raising one link's latency never lowers the mean latency of the decisions that use it.
 * Checked over random links, factors and structures with paired runs (same seed, same run
 * indices), where time to resolution counts a missed decision at its expiry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure, runBatch, type LoadedStructure, type RunResult } from '../src/index.js';
import { HEAVY_TEST_TIMEOUT_MS } from './helpers.js';

type Dist = LoadedStructure['value']['links'][number]['latency'];

function scaled(d: Dist, f: number): Dist {
  switch (d.dist) {
    case 'fixed': return { ...d, value: d.value * f };
    case 'uniform': return { ...d, min: d.min * f, max: d.max * f };
    case 'triangular': return { ...d, min: d.min * f, mode: d.mode * f, max: d.max * f };
    case 'lognormal': return { ...d, median: d.median * f, p90: d.p90 * f, max: d.max === undefined ? undefined : d.max * f };
    case 'exponential': return { ...d, mean: d.mean * f };
  }
}

function withSlowerLink(s: LoadedStructure, linkId: string, factor: number): LoadedStructure {
  return {
    ...s,
    value: {
      ...s.value,
      links: s.value.links.map((l) => ((l.id ?? `${l.from}--${l.to}`) === linkId ? { ...l, latency: scaled(l.latency, factor) } : l)),
    },
  };
}

/** Mean time to resolution per decision key, and which keys crossed the link. */
function summarise(runs: RunResult[], linkId: string) {
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  const uses = new Set<string>();
  for (const r of runs) {
    for (const d of r.decisions) {
      const key = `${d.inject}/${d.decision}`;
      const t = d.latency ?? (d.expiresAt! - d.detectedAt);
      sum.set(key, (sum.get(key) ?? 0) + t);
      count.set(key, (count.get(key) ?? 0) + 1);
      if (d.tracks.some((tr) => tr.segments.some((s) => s.links?.includes(linkId)))) uses.add(key);
    }
  }
  return { mean: (k: string) => sum.get(k)! / count.get(k)!, uses };
}

describe('more latency on a link never speeds a decision', () => {
  const scenario = loadScenario('nk-irbm-overflight');
  const structures = { legacy: loadStructure('legacy'), jfhq: loadStructure('jfhq') };
  const collect = (s: LoadedStructure, seed: number) => {
    const out: RunResult[] = [];
    runBatch({ scenario, structures: [s], seed, runs: 50, onRun: (r) => out.push(r) });
    return out;
  };

  it('holds for random links, factors and structures', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    const cases = Object.entries(structures).flatMap(([id, s]) => s.value.links.map((l) => [id, l.id ?? `${l.from}--${l.to}`] as const));
    let strictlySlower = 0;
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.double({ min: 1.2, max: 6, noNaN: true }), fc.integer({ min: 1, max: 1000 }), ([sid, linkId], factor, seed) => {
        const base = structures[sid as keyof typeof structures];
        const before = summarise(collect(base, seed), linkId);
        const after = summarise(collect(withSlowerLink(base, linkId, factor), seed), linkId);
        for (const key of before.uses) {
          expect(after.mean(key)).toBeGreaterThanOrEqual(before.mean(key) - 1e-9);
          if (after.mean(key) > before.mean(key) + 1e-6) strictlySlower++;
        }
      }),
      { numRuns: 25, seed: 20241028 },
    );
    // The law is not vacuous: slower links did slow the decisions that use them.
    expect(strictlySlower).toBeGreaterThan(5);
  });
});
