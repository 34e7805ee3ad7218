/**
 * `npm run bench`: runs/s and simulated events/s for every bundled scenario and structure, peak
 * memory of a 10,000-run batch (measured in a fresh child process), and CLI start-up time.
 * Figures, not pass/fail: compare them across changes on the same machine.
 *   npm run bench                 # the standard set
 *   npm run bench -- --full       # also the 10,000-run memory figure for every scenario
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundledScenarios, loadScenario, loadStructure, runBatch } from '../src/index.js';
import { chainCostPerEvent } from './chain.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** Child mode: one batch, then report its own peak resident memory. */
if (process.argv[2] === '--memory-child') {
  const [, , , scenario, runs] = process.argv;
  const t0 = performance.now();
  runBatch({ scenario: scenario!, runs: Number(runs) });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, seconds }));
  process.exit(0);
}

const full = process.argv.includes('--full');
const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join('').trimEnd();

console.log(`c2sim bench — Node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
console.log('');
const widths = [22, 11, 8, 9, 10, 12, 11];
console.log(row(['scenario', 'structure', 'runs', 'seconds', 'runs/s', 'events/s', 'events/run'], widths));
const throughputRuns: Record<string, number> = { 'nk-irbm-overflight': 2000, 'taiwan-quarantine': 200 };
for (const id of bundledScenarios()) {
  const scenario = loadScenario(id);
  for (const sid of scenario.value.structures) {
    const runs = throughputRuns[id] ?? 200;
    const structure = loadStructure(sid);
    runBatch({ scenario, structures: [structure], runs: Math.min(50, runs) }); // warm up the JIT
    let events = 0;
    const t0 = performance.now();
    runBatch({ scenario, structures: [structure], runs, firstRun: 1_000_000, onRun: (r) => { events += r.events; } });
    const s = (performance.now() - t0) / 1000;
    console.log(row([id, sid, runs, fmt(s, 2), fmt(runs / s), fmt(events / s), fmt(events / runs)], widths));
  }
}

console.log('');
const memoryScenarios = full ? bundledScenarios() : ['nk-irbm-overflight'];
for (const id of memoryScenarios) {
  const out = execFileSync(process.execPath, [SELF, '--memory-child', id, '10000'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { maxRssKiB, seconds } = JSON.parse(out) as { maxRssKiB: number; seconds: number };
  console.log(`peak memory, 10,000 runs of ${id} (all its structures): ${fmt(maxRssKiB / 1024)} MiB resident, ${fmt(seconds, 1)} s`);
}
if (!full) console.log('(npm run bench -- --full adds the 10,000-run figure for every scenario)');

// Start-up: batch commands must not pay for Ink/React.
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [CLI, '--version']);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`CLI start-up (c2sim --version, median of 7): ${fmt(times[3]!)} ms`);

// ---- The M/M/c chain: c2sim against a hand-written event loop (issue 7, item 7) -------------
// The same three-node tandem (bench/chain-loop.ts, bench/chain/*.yaml); cost per event is wall
// time over events, each side counting its own events (c2sim's include message hops and the
// statechart's detect step, so it runs more events per customer than the loop).
{
  const c = chainCostPerEvent(2000);
  console.log('');
  console.log('M/M/2 three-node chain, 2,000 customers (bench/chain):');
  console.log(`  hand-written loop  ${fmt(c.loopUsPerEvent, 3)} µs/event, ${fmt(c.loopEventsPerCustomer)} events/customer`);
  console.log(`  c2sim              ${fmt(c.c2simUsPerEvent, 2)} µs/event, ${fmt(c.c2simEventsPerCustomer)} events/customer`);
  console.log(`  ratio              ${fmt(c.ratio, 1)}× per event, ${fmt(c.ratio * c.c2simEventsPerCustomer / c.loopEventsPerCustomer, 1)}× per customer`);
}
