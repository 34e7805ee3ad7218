/**
 * Law: raising one link's latency never speeds a decision whose messages cross it. Checked over
 * random links, factors and structures, instance by instance on paired runs (same seed, same run
 * indices), where time to resolution counts a missed decision at its expiry.
 *
 * Where the law holds exactly, and so where it is checked: staff do not contend (with shared,
 * non-preemptive servers, delaying one item can let another be served first — a real queueing
 * effect), and the instance's messages take the same links before and after (a slower link can
 * send a message another way, whose draw may happen to be shorter; that holds only on average).
 * What it guards: every draw belongs to its piece of work, so a message arriving later cannot
 * change anyone else's draws (it did while a node's staff times came from one stream, in order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure, runBatch, type DecisionOutcome, type LoadedStructure, type RunResult } from '../src/index.js';
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

const timeToResolution = (d: DecisionOutcome) => d.latency ?? (d.expiresAt! - d.detectedAt);
const routes = (d: DecisionOutcome) => JSON.stringify(d.tracks.map((t) => t.segments.map((s) => s.links ?? [])));
const crosses = (d: DecisionOutcome, linkId: string) => d.tracks.some((t) => t.segments.some((s) => s.links?.includes(linkId)));

describe('more latency on a link never speeds a decision', () => {
  const scenario = loadScenario('nk-irbm-overflight');
  const uncontended = (s: LoadedStructure): LoadedStructure => ({ ...s, value: { ...s.value, nodes: s.value.nodes.map((n) => ({ ...n, capacity: 1000 })) } });
  const structures = { legacy: uncontended(loadStructure('legacy')), jfhq: uncontended(loadStructure('jfhq')) };
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
        const before = collect(base, seed);
        const after = collect(withSlowerLink(base, linkId, factor), seed);
        before.forEach((run, i) => {
          for (const d of run.decisions) {
            if (!crosses(d, linkId)) continue;
            const e = after[i]!.decisions.find((x) => x.inject === d.inject && x.decision === d.decision && x.occurrence === d.occurrence);
            if (!e || routes(e) !== routes(d)) continue;
            expect(timeToResolution(e)).toBeGreaterThanOrEqual(timeToResolution(d) - 1e-9);
            if (timeToResolution(e) > timeToResolution(d) + 1e-6) strictlySlower++;
          }
        });
      }),
      { numRuns: 25, seed: 20241028 },
    );
    // The law is not vacuous: slower links did slow the decisions that use them.
    expect(strictlySlower).toBeGreaterThan(5);
  });
});
