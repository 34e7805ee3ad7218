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

/** CPU seconds of this process while f runs (one thread: immune to other processes' load). */
function cpuSeconds<T>(f: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const r = f();
  const dt = process.cpuUsage(t0);
  return [r, (dt.user + dt.system) / 1e6];
}

/**
 * The engine as a batch runs it, on the fixture: inputs prepared once, then runs of `customers`
 * simulated into a batch summary (decisions streamed into it as they settle). No report and no
 * critical-path re-runs: those are per batch, not per event. Returns events and CPU seconds.
 */
export function chainEngine(customers: number): (seed: number) => { events: number; seconds: number } {
  const { scenario, structure } = chainInputs();
  const b = prepareBatch({ scenario, structures: [structure], runs: 1, seed: 1, overrides: [parseSet(`scenario.injects[arrival].repeat.count=${customers}`)] });
  return (run) => {
    let events = 0;
    const [, seconds] = cpuSeconds(() => simulateRuns(b, run, run + 1, emptySummary(b), { onEvents: (n) => { events += n; } }));
    return { events, seconds };
  };
}

/** Cost per event of both, in CPU time: each warmed up, then the best of several rounds. */
export function chainCostPerEvent(customers = 2000, rounds = 7): ChainCost {
  const engine = chainEngine(customers);
  // Warm up both: the JIT, and the compiled chart's table, filled on first use.
  for (let i = 0; i < 3; i++) {
    runChainLoop({ ...CHAIN, customers });
    engine(100 + i);
  }
  let loopUs = Infinity;
  let simUs = Infinity;
  let loopEvents = 0;
  let simEvents = 0;
  for (let r = 0; r < rounds; r++) {
    const [loop, ls] = cpuSeconds(() => runChainLoop({ ...CHAIN, customers: customers * 10, seed: `bench-${r}` }));
    loopUs = Math.min(loopUs, (ls * 1e6) / loop.events);
    loopEvents = loop.events / (customers * 10);
    let events = 0;
    let seconds = 0;
    for (let i = 0; i < 4; i++) {
      const one = engine(1000 + r * 10 + i);
      events += one.events;
      seconds += one.seconds;
    }
    simUs = Math.min(simUs, (seconds * 1e6) / events);
    simEvents = events / (customers * 4);
  }
  return {
    loopUsPerEvent: loopUs,
    c2simUsPerEvent: simUs,
    ratio: simUs / loopUs,
    loopEventsPerCustomer: loopEvents,
    c2simEventsPerCustomer: simEvents,
  };
}
