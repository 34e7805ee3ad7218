/**
 * Honest verdicts: a miss is a latency censored at its expiry, not a run dropped from the
 * comparison; the paired interval keeps its nominal error rate (A/A) with misses in the sample.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, parseStructure, runBatch } from '../src/index.js';
import { contingency, miniScenario, miniStructure, oneInject, posture } from './fixtures.js';

/** The mini structure under another id, with the headquarters' decision time given. */
function variantOf(id: string, hqDecide: string, rename = false) {
  const base = miniStructure({ hqDecide });
  let text = base.text.replace(/^id: mini$/m, `id: ${id}`);
  // Other node ids give other random streams: the same law, independent draws.
  if (rename) text = text.replace(/\bhq\b/g, 'hq2').replace(/\bally\b/g, 'ally2');
  return parseStructure(`${id}.yaml`, text);
}

const expiring = (deadline: string, expires: string) => miniScenario(oneInject(posture(`, deadline: ${deadline}, expires: ${expires}`)));

describe('a structure that misses its slow cases', () => {
  it('is not judged faster: its misses count at their expiry (regression: paired dropped them)', () => {
    // Baseline: always decides in 10 minutes (executed at ~23m20s, before the 30m expiry).
    // Candidate: decides in 0–100 minutes: fast when it decides in time, but most runs expire.
    const baseline = variantOf('steady', '10m');
    const candidate = variantOf('erratic', '{ dist: uniform, min: 0s, max: 100m }');
    const report = runBatch({ scenario: expiring('20m', '30m'), structures: [baseline, candidate], runs: 200, seed: 3 });
    const d = report.decisions[0]!;
    const steady = d.structures.steady!;
    const erratic = d.structures.erratic!;
    // Over the instances it executed, the candidate is faster …
    expect(erratic.latency_s!.mean_s).toBeLessThan(steady.latency_s!.mean_s);
    expect(erratic.outcomes!.missed.rate).toBeGreaterThan(0.6);
    // … but the verdict counts every run in which both faced the decision, misses censored.
    const p = d.paired[0]!;
    expect(p.pairs).toBe(200);
    expect(p.censored).toEqual({ baseline: 0, candidate: erratic.outcomes!.missed.count });
    expect(p.verdict).toBe('slower');
    expect(erratic.restricted_s!.censored).toBe(erratic.outcomes!.missed.count);
    expect(erratic.restricted_s!.mean_s).toBeGreaterThan(steady.restricted_s!.mean_s);
  });

  it('says when a decision was faced in one structure only, instead of pairing a subset', () => {
    // The contingency fires only when the deadline passes: always for the slow structure, never for the fast one.
    const scenario = miniScenario(`${oneInject(posture(', deadline: 20m, onLate: [late]'))}
${contingency('late', 'Late', '      - { id: chase, kind: force-posture, success: s, failure: f, source: fixture }', '1m')}`);
    const report = runBatch({ scenario, structures: [variantOf('quick', '1m'), variantOf('slow', '30m')], runs: 20, seed: 1 });
    const chase = report.decisions.find((x) => x.decision === 'chase')!.paired[0]!;
    expect(chase.pairs).toBe(0);
    expect(chase.onlyCandidate).toBe(20);
    expect(chase.verdict).toBe('not demanded in both');
  });
});

describe('A/A with the paired method', () => {
  it('flags about 5% of true-null comparisons, with misses in the sample', () => {
    // Two copies of one structure with other node ids: the same law, independent draws.
    const a = variantOf('a', '{ dist: lognormal, median: 8m, p90: 20m }');
    const b = variantOf('b', '{ dist: lognormal, median: 8m, p90: 20m }', true);
    const scenario = expiring('20m', '35m');
    let flagged = 0;
    let censored = 0;
    const trials = 80;
    for (let k = 0; k < trials; k++) {
      const p = runBatch({ scenario, structures: [a, b], runs: 40, seed: 9000 + k }).decisions[0]!.paired[0]!;
      expect(p.pairs).toBe(40);
      censored += p.censored.baseline + p.censored.candidate;
      if (p.verdict !== 'no difference beyond noise') flagged++;
    }
    expect(censored).toBeGreaterThan(trials * 40 * 0.05);
    // Binomial(80, 0.05): more than 10 flagged has probability < 0.3%.
    expect(flagged).toBeLessThanOrEqual(10);
  });
});

describe('rates over runs with several instances each', () => {
  it('regression: none missed of a surge gave a zero-width interval [0, 0] (the clustered interval collapsed)', () => {
    // Fixed times: every instance is on time and none is missed, several per run (clustered).
    const scenario = miniScenario(oneInject(`      - { id: d, kind: force-posture, deadline: 2h, expires: 3h, success: s, failure: f, source: fixture }`,
      '    repeat: { count: 3, interval: 1m }'));
    const r = runBatch({ scenario, structures: [miniStructure()], runs: 5, seed: 1 }).decisions[0]!.structures.mini!;
    expect(r.clusters.maxPerRun).toBe(3);
    const { missed, onTime } = r.outcomes!;
    expect(missed.count).toBe(0);
    expect(missed.ci95![1]).toBeGreaterThan(0);
    expect(onTime.count).toBe(15);
    expect(onTime.ci95![0]).toBeLessThan(1);
  });
});

describe('a decision faced in few runs, several instances each', () => {
  it('regression: faced in one run of 20, three instances 58 s apart gave a zero-width mean interval (se 0 on 19 df)', () => {
    // A contingency of three instances, fired when d1 is late: in one run of these 20 (seed 3).
    const scenario = parseScenario('rare.yaml', `
id: rare
title: Rare
summary: Fixture.
briefing: Fixture.
start: "2026-01-05T01:00:00Z"
duration: 12h
sources: { fixture: "test fixture" }
injects:
  - id: e
    at: 0s
    title: Event
    detection: [{ node: radar, delay: { dist: exponential, mean: 2m } }]
    source: fixture
    decisions:
      - { id: d1, kind: intercept, deadline: 9m, success: s, failure: f, source: fixture, onLate: [c] }
  - id: c
    contingency: true
    title: Follow-up
    repeat: { count: 3, interval: 10s }
    detection: [{ node: radar, delay: 0s }]
    source: fixture
    decisions:
      - { id: d2, kind: force-posture, success: s, failure: f, source: fixture }
`);
    const r = runBatch({ scenario, structures: [miniStructure()], runs: 20, seed: 3 }).decisions.find((d) => d.decision === 'd2')!.structures.mini!;
    expect(r.instances).toBe(3);
    expect(r.latency_s!.sd_s).toBeGreaterThan(10);
    // One run is one sample: nothing to say how far the mean could move, so no interval at all.
    expect(r.latency_s!.mean_ci95_s).toBeNull();
    expect(r.restricted_s!.ci95_s).toBeNull();
    expect(r.latency_s!.p50_ci95_s).toBeNull();
  });
});
