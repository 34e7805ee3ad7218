/**
 * The three-node M/M/c tandem as a c2sim structure and scenario (bench/chain/*.yaml), beside the
 * hand-written loop (chain-loop.ts): both run the same chain, and their costs per event are the
 * figure issue 7 sets a target on (c2sim ≤ 3× the hand-written loop).
 */
import { join } from 'node:path';
import { loadScenario, loadStructure, runBatch, type LoadedScenario, type LoadedStructure } from '../src/index.js';
import { emptySummary, prepareBatch, simulateRuns } from '../src/analysis/batch.js';
import { packageRoot } from '../src/model/load.js';
import { parseSet } from '../src/model/override.js';
import { CHAIN, runChainLoop } from './chain-loop.js';

const dir = () => join(packageRoot(), 'bench', 'chain');

/** The fixture as written (1,000 customers; runChainC2sim sets the count by an override). */
export function chainInputs(): { scenario: LoadedScenario; structure: LoadedStructure } {
  return { scenario: loadScenario(join(dir(), 'scenario.yaml')), structure: loadStructure(join(dir(), 'structure.yaml')) };
}

export interface ChainRun {
  /** Scheduler events over all runs. */
  events: number;
  seconds: number;
  /** Mean sojourn (arrival → executed) over all customers of all runs. */
  meanSojourn: number;
  /** Each run's mean sojourn (runs are independent: the samples for an interval). */
  runMeans: number[];
}

/** Runs the fixture through runBatch: `runs` runs of `customers` customers each. */
export function runChainC2sim(customers: number, runs = 1, seed = 1): ChainRun {
  const { scenario, structure } = chainInputs();
  let events = 0;
  const runMeans: number[] = [];
  const t0 = performance.now();
  runBatch({
    scenario,
    structures: [structure],
    runs,
    seed,
    overrides: [parseSet(`scenario.injects[arrival].repeat.count=${customers}`)],
    onRun: (r) => {
      events += r.events;
      let sum = 0;
      for (const d of r.decisions) sum += d.latency ?? NaN;
      runMeans.push(sum / r.decisions.length);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds, meanSojourn: runMeans.reduce((a, b) => a + b, 0) / runMeans.length, runMeans };
}

export interface ChainCost {
  /** Microseconds of wall time per event, hand-written loop. */
  loopUsPerEvent: number;
  /** Microseconds of wall time per event, c2sim's engine (one run, plan compiled beforehand). */
  c2simUsPerEvent: number;
  /** c2sim ÷ loop. */
  ratio: number;
  loopEventsPerCustomer: number;
  c2simEventsPerCustomer: number;
}

/**
 * The engine as a batch runs it, on the fixture: inputs prepared once, then one run of
 * `customers` simulated into a batch summary (decisions streamed into it as they settle). No
 * report and no critical-path re-runs: those are per batch, not per event.
 */
export function runChainEngine(customers: number, seed = 1): { events: number; seconds: number } {
  const { scenario, structure } = chainInputs();
  const b = prepareBatch({ scenario, structures: [structure], runs: 1, seed, overrides: [parseSet(`scenario.injects[arrival].repeat.count=${customers}`)] });
  let events = 0;
  const summary = emptySummary(b);
  const t0 = performance.now();
  simulateRuns(b, 0, 1, summary, { onEvents: (n) => { events += n; } });
  return { events, seconds: (performance.now() - t0) / 1000 };
}

/** Cost per event of both, each measured after a warm-up run. */
export function chainCostPerEvent(customers = 2000): ChainCost {
  runChainLoop({ ...CHAIN, customers });
  const loop = runChainLoop({ ...CHAIN, customers: customers * 50, seed: 'bench' });
  // Warm up as the loop is warmed up: the JIT, and the compiled chart's table, filled on first use.
  for (let i = 0; i < 3; i++) runChainEngine(customers, 100 + i);
  const sim = runChainEngine(customers, 2);
  const loopUs = (loop.seconds * 1e6) / loop.events;
  const simUs = (sim.seconds * 1e6) / sim.events;
  return {
    loopUsPerEvent: loopUs,
    c2simUsPerEvent: simUs,
    ratio: simUs / loopUs,
    loopEventsPerCustomer: loop.events / (customers * 50),
    c2simEventsPerCustomer: sim.events / customers,
  };
}
