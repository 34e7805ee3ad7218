/**
 * Queueing right (issue 8, item 5): a zero-time step waits for no server, so c2sim's M/M/c
 * tandem (bench/chain) matches the analytic mean time in the system of a Jackson network within
 * Monte Carlo error; and a cancel at the very instant of the inject it targets takes effect.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAIN, chainMeanSojourn, runChainLoop } from '../bench/chain-loop.js';
import { chainInputs, runChainC2sim } from '../bench/chain.js';
import { parseScenario, runBatch, type RunResult } from '../src/index.js';
import { ROOT, cli, scratchFile } from './helpers.js';

describe('M/M/c tandem against Erlang C (Jackson network)', () => {
  it('zero-time steps wait for no server: mean sojourn within Monte Carlo error of the analytic mean (zero-time-step-queues)', () => {
    // 20 independent runs of 1,000 customers (utilisation 0.6 at each node): the runs are the
    // samples, so the interval accounts for the correlation of customers within a run.
    const runs = 20;
    const { runMeans } = runChainC2sim(1000, runs, 1);
    const n = runMeans.length;
    const mean = runMeans.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(runMeans.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const half = 2.861 * (sd / Math.sqrt(n)); // t(0.995, 19 df): a 99% interval
    const expected = chainMeanSojourn(CHAIN); // 281.25 s
    expect(expected).toBeCloseTo(281.25, 2);
    // Tight enough to tell: with zero-time steps queueing behind work it came out ~17% above.
    expect(half / expected).toBeLessThan(0.07);
    expect(Math.abs(mean - expected), `mean ${mean.toFixed(1)} s ± ${half.toFixed(1)} vs ${expected} s`).toBeLessThanOrEqual(half);
  });

  it('the hand-written loop agrees with the same analytic mean (the yardstick is right too)', () => {
    const r = runChainLoop({ ...CHAIN, customers: 200_000, seed: 'test' });
    expect(r.events).toBe(800_000);
    expect(Math.abs(r.meanSojourn - chainMeanSojourn(CHAIN)) / chainMeanSojourn(CHAIN)).toBeLessThan(0.02);
  });
});

/** The chain fixture's scenario with these injects and decision points instead of its own. */
function scenarioWith(body: string) {
  const text = readFileSync(join(ROOT, 'bench', 'chain', 'scenario.yaml'), 'utf8');
  return parseScenario('cancel-test.yaml', text.slice(0, text.indexOf('injects:')) + body);
}

const customer = (id: string, at: string, extra = '') => `
  - id: ${id}
    at: ${at}
    title: ${id}
    detection: [{ node: q1 }]
    assumption: test
    decisions:
      - { id: serve, kind: public-warning, success: served, failure: not served, assumption: test }
${extra}`;

function run(body: string): RunResult {
  let result: RunResult | undefined;
  runBatch({ scenario: scenarioWith(body), structures: [chainInputs().structure], runs: 1, onRun: (r) => { result = r; } });
  return result!;
}
const occurred = (r: RunResult, inject: string) => r.decisions.filter((d) => d.inject === inject).length;

describe('cancel at the same instant as its target (cancel-same-instant-ignored)', () => {
  it('an inject listed after its target, at the same time, still cancels it', () => {
    const r = run(`injects:${customer('target', '10m')}${customer('other', '20m')}
  - id: canceller
    at: 10m
    title: canceller
    effects: [{ cancel: target }]
    assumption: test
`);
    expect(occurred(r, 'target')).toBe(0);
    expect(occurred(r, 'other')).toBe(1);
  });

  it('a decision point at the same time as the inject cancels it (default option)', () => {
    const body = `injects:${customer('target', '10m')}
decisionPoints:
  - id: call-off
    at: 10m
    prompt: Call it off?
    default: yes
    options:
      - { id: yes, label: Call off, consequence: none, effects: [{ cancel: target }] }
      - { id: no, label: Go on, consequence: it happens }
`;
    expect(occurred(run(body), 'target')).toBe(0);
    let kept: RunResult | undefined;
    runBatch({ scenario: scenarioWith(body), structures: [chainInputs().structure], runs: 1, choices: { 'call-off': 'no' }, onRun: (r) => { kept = r; } });
    expect(occurred(kept!, 'target')).toBe(1);
  });

  it('a cancel stops the remaining repeats of a surge, including one at the same instant', () => {
    const r = run(`injects:${customer('surge', '0s', '    repeat: { count: 5, interval: 10m }\n')}
  - id: canceller
    at: 20m
    title: canceller
    effects: [{ cancel: surge }]
    assumption: test
`);
    // Occurrences at 0, 10m; the one at 20m is cancelled with the rest.
    expect(occurred(r, 'surge')).toBe(2);
  });

  it('a cancellable inject listed before its canceller, at the same instant, is still cancelled', () => {
    // b and a both run last in their instant (each is a cancel target: c cancels a later).
    const r = run(`injects:${customer('b', '10m')}${customer('a', '10m', '    effects: [{ cancel: b }]\n')}${customer('c', '50m', '    effects: [{ cancel: a }]\n')}`);
    expect(occurred(r, 'b')).toBe(0);
    expect(occurred(r, 'a')).toBe(1);
  });

  it('where it cannot take effect (a cycle of cancels at one instant), the run says so: one line, exit 2', () => {
    const dir = join(ROOT, 'bench', 'chain');
    const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8');
    const cancels = (id: string) => `    effects: [{ cancel: ${id} }]\n`;
    const body = `injects:${customer('a', '10m', cancels('b'))}${customer('b', '10m', cancels('c'))}${customer('c', '10m', cancels('a'))}`;
    const file = scratchFile('clash.yaml', text.slice(0, text.indexOf('injects:')) + body);
    const r = cli(['run', file, '--structures', join(dir, 'structure.yaml'), '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/same instant/);
  });
});
