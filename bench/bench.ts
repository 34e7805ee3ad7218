/**
 * `npm run bench`: the figures issue 7 sets targets on, measured on this machine. Figures, not
 * pass/fail: compare them across changes on the same machine (README, "Benchmarks").
 *   npm run bench                 # throughput, the M/M/c chain, memory at 10k runs, start-up
 *   npm run bench -- --full       # also peak memory at 1,000,000 paired nk runs (a few minutes)
 *   npm run bench -- --sensitivity  # only: a full sensitivity study of nk-irbm-overflight (many minutes)
 *
 * - Throughput per scenario and structure, with 1 worker and with every core: runs/s, events/s,
 *   and CPU µs per event (process CPU time, all threads, over events).
 * - Paired runs/s (every structure of the scenario in each run): the figure a comparison pays.
 * - The three-node M/M/c chain: c2sim against a hand-written event loop, cost per event.
 * - Peak resident memory of paired nk batches, each in a fresh child process.
 * - Start-up of `c2sim --version` and `c2sim list` against a bare `node -e 0`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundledScenarios, loadScenario, loadStructure, runBatch, type LoadedScenario, type LoadedStructure } from '../src/index.js';
import { runBatchParallel } from '../src/analysis/parallel.js';
import { runSensitivity } from '../src/analysis/sensitivity.js';
import { chainCostPerEvent } from './chain.js';
import { tuneHeapForBatches } from '../src/cli/heap.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CORES = availableParallelism();

/** Child mode: one paired batch on every core, then its own peak resident memory (all threads). */
// The chain in a process of its own, as a batch of one scenario runs: the JIT has seen only the
// chain, as the hand-written loop's has seen only itself (after the other scenarios' batches the
// engine's call sites are polymorphic, and a chain measured there costs about a third more).
if (process.argv[2] === '--chain-child') {
  process.stdout.write(JSON.stringify(chainCostPerEvent(4000)));
  process.exit(0);
}
if (process.argv[2] === '--memory-child') {
  const [, , , scenario, runs] = process.argv;
  // As the CLI runs a batch (see src/cli/heap.ts).
  tuneHeapForBatches();
  const t0 = performance.now();
  await runBatchParallel({ scenario: scenario!, runs: Number(runs), workers: CORES });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, seconds }));
  process.exit(0);
}

const full = process.argv.includes('--full');
const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join('').trimEnd();
const cpuSeconds = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };

// ---- Sensitivity: a full one-at-a-time study, on its own (it takes many minutes) ---------------
// Every ranged input of nk-irbm-overflight and both structures at its low and high ends, then
// bisection on every verdict flip, 500 runs per point on every core (c2sim sensitivity).
if (process.argv.includes('--sensitivity')) {
  const at = process.argv.indexOf('--sensitivity-runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 500;
  console.log(`c2sim bench, sensitivity — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const s = await runSensitivity({ scenario: 'nk-irbm-overflight', runs, workers: CORES });
  const seconds = (performance.now() - t0) / 1000;
  const p = s.points;
  const all = s.decisions.flatMap((d) => d.flips.map((f) => ({ ...f, decision: `${d.inject}/${d.decision}` })));
  const switches = all.filter((f) => f.onOff).length;
  const shared = s.decisions[0]?.inputs.filter((i) => i.targets).length ?? 0;
  const delegations = s.decisions[0]?.inputs.filter((i) => i.kind === 'presence').length ?? 0;
  console.log(`sensitivity of nk-irbm-overflight on ${s.structures.join(', ')}, ${fmt(runs)} runs per point, ${CORES} workers:`);
  console.log(`  ${fmt(p.inputs)} inputs (${fmt(shared)} moved in both structures at once, ${fmt(delegations)} delegations on/off)`);
  console.log(`  ${fmt(p.oneAtATime + p.bisection)} points (${fmt(p.oneAtATime)} at the ends of ranges, ${fmt(p.bisection)} by bisection for ${fmt(all.length - switches)} flips; ${fmt(switches)} flips by a delegation switched off) in ${fmt(p.batches)} batches`);
  for (const f of all) console.log(`    flip: ${f.decision} ${f.candidate} vs ${f.baseline}: ${f.target}.${f.path} ${f.onOff ? 'absent' : `×${f.factor.toFixed(3)}`} → ${f.to}`);
  console.log(`  ${fmt(seconds, 1)} s wall (${fmt(seconds / 60, 1)} min), ${fmt(cpuSeconds(cpu), 1)} s CPU (all threads); ${fmt(seconds / (p.oneAtATime + p.bisection), 2)} s per point; load average ${loadavg()[0]!.toFixed(1)} at the end`);
  process.exit(0);
}

console.log(`c2sim bench — Node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
console.log('');

/** Runs a batch with 1 worker (in this thread) or with every core; returns wall and CPU seconds. */
async function timed(scenario: LoadedScenario, structures: LoadedStructure[], runs: number, workers: number) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  if (workers === 1) runBatch({ scenario, structures, runs, firstRun: 1_000_000 });
  else await runBatchParallel({ scenario, structures, runs, firstRun: 1_000_000, workers });
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(cpu) };
}

const widths = [20, 10, 9, 8, 10, 11, 10];
console.log(row(['scenario', 'structure', 'workers', 'runs', 'runs/s', 'events/s', 'CPU µs/ev'], widths));
// Large enough that the all-cores rows use workers (small batches stay in one thread, where they are faster).
// taiwan-contingency (four weeks, ~330 decision instances a run) stays small: its rows take seconds, not minutes.
const throughputRuns: Record<string, number> = { 'nk-irbm-overflight': 60000, 'nk-lofted-alert': 20000, 'taiwan-quarantine': 1500, 'taiwan-contingency': 200 };
const paired: string[] = [];
for (const id of bundledScenarios()) {
  const scenario = loadScenario(id);
  const structures = scenario.value.structures.map((s) => loadStructure(s));
  const runs = throughputRuns[id] ?? 300;
  for (const structure of [...structures.map((s) => [s]), structures]) {
    const label = structure.length > 1 ? 'paired' : structure[0]!.value.id;
    // Events per run, counted once in this thread (workers do not send runs back).
    let events = 0;
    runBatch({ scenario, structures: structure, runs: Math.min(100, runs), firstRun: 1_000_000, onRun: (r) => { events += r.events; } });
    const eventsPerRun = events / Math.min(100, runs);
    for (const workers of [1, CORES]) {
      await timed(scenario, structure, Math.min(100, runs), workers); // warm up
      const t = await timed(scenario, structure, runs, workers);
      const ev = eventsPerRun * runs;
      console.log(row([id, label, workers, runs, fmt(runs / t.seconds), fmt(ev / t.seconds), fmt((t.cpu * 1e6) / ev, 2)], widths));
      if (structure.length > 1) paired.push(`${id}: ${fmt(runs / t.seconds)} paired runs/s with ${workers} worker${workers > 1 ? 's' : ''}`);
    }
  }
}
console.log('');
for (const p of paired) console.log(p);

// ---- The M/M/c chain: c2sim against a hand-written event loop ------------------------------
// The same three-node tandem (bench/chain-loop.ts, bench/chain/*.yaml); cost per event is CPU
// time over events (best of several rounds, so other processes' load counts little), each side
// counting its own events (c2sim's include message hops, zero-time steps and the statechart's
// detect step, so it runs more events per customer than the loop: both ratios are printed).
{
  const c = JSON.parse(execFileSync(process.execPath, [SELF, '--chain-child'], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ReturnType<typeof chainCostPerEvent>;
  console.log('');
  console.log('M/M/2 three-node chain, runs of 4,000 customers, CPU time, best of 7, a process of');
  console.log('its own (bench/chain):');
  console.log(`  hand-written loop  ${fmt(c.loopUsPerEvent, 3)} µs/event, ${fmt(c.loopEventsPerCustomer)} events/customer`);
  console.log(`  c2sim              ${fmt(c.c2simUsPerEvent, 2)} µs/event, ${fmt(c.c2simEventsPerCustomer)} events/customer`);
  console.log(`  ratio              ${fmt(c.ratio, 1)}× per event, ${fmt(c.ratio * c.c2simEventsPerCustomer / c.loopEventsPerCustomer, 1)}× per customer`);
}

// ---- Memory: flat in runs ------------------------------------------------------------------
console.log('');
for (const runs of full ? [10_000, 1_000_000] : [10_000]) {
  const out = execFileSync(process.execPath, [SELF, '--memory-child', 'nk-irbm-overflight', String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { maxRssKiB, seconds } = JSON.parse(out) as { maxRssKiB: number; seconds: number };
  console.log(`peak memory, ${fmt(runs)} paired nk runs on ${CORES} cores: ${fmt(maxRssKiB / 1024)} MiB resident, ${fmt(seconds, 1)} s`);
}
if (!full) console.log('(npm run bench -- --full adds 1,000,000 paired nk runs)');
console.log('(npm run bench -- --sensitivity: a full sensitivity study of nk-irbm-overflight at 500 runs per point instead; many minutes)');

// ---- Start-up: batch commands must not pay for Ink, React, or the engine they do not use -------
const median = (args: string[]) => {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[4]!;
};
const bare = median(['-e', '0']);
const version = median([CLI, '--version']);
const list = median([CLI, 'list']);
console.log('');
console.log(`start-up, median of 9: node -e 0 ${fmt(bare)} ms; c2sim --version ${fmt(version)} ms (${fmt(version / bare, 1)}×); c2sim list ${fmt(list)} ms (${fmt(list / bare, 1)}×)`);
