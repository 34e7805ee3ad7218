/**
 * The compiled interpreter is xstate, memoised: proven equal to the xstate actor on every path
 * that xstate/graph finds through every bundled statechart (each reachable configuration, by its
 * shortest path), action by action — host calls in order, timers scheduled with their delays and
 * cancelled — and on whole reports, byte for byte, through the CLI.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { bundledScenarios, compilePlan, decisionStatechart, loadScenario, loadStructure } from '../src/index.js';
import { CompiledChart } from '../src/engine/compiledChart.js';
import type { DecisionMachine } from '../src/engine/decisionMachine.js';
import { cli } from './helpers.js';

type Logged = unknown[];
const DEADLINE_MS = 240_000;
const EXPIRY_MS = 480_000;

/** The actor, with a host and a clock that log what it asks of them. */
function runActor(machine: DecisionMachine, events: { type: string; delegated?: boolean }[]): { log: Logged[]; key: string } {
  const log: Logged[] = [];
  const host = {
    begin: (_d: number, nation: string, step: { key: string }) => log.push(['begin', nation, step.key]),
    trackDone: (_d: number, nation: string) => log.push(['trackDone', nation]),
    deadlinePassed: () => log.push(['deadlinePassed']),
    resolved: (_d: number, how: string) => log.push(['resolved', how]),
  };
  let timers = 0;
  const clock = {
    setTimeout: (_fn: unknown, ms: number) => { log.push(['raise', ms, timers]); return timers++; },
    clearTimeout: (id: number) => log.push(['cancel', id]),
  };
  const actor = createActor(machine, { input: { host, decision: 0, deadlineMs: DEADLINE_MS, expiryAfterDeadlineMs: EXPIRY_MS }, clock });
  actor.start();
  for (const e of events) actor.send(e as never);
  const snap = actor.getSnapshot();
  return { log, key: `${snap.status}|${JSON.stringify(snap.value)}` };
}

/** The compiled chart, performing its actions the way the simulation does. */
function runCompiled(chart: CompiledChart, events: { type: string; delegated?: boolean }[]): { log: Logged[]; key: string } {
  const log: Logged[] = [];
  let timers = 0;
  const slots: number[] = [];
  const perform = (actions: CompiledChart['initial']['actions']) => {
    for (const a of actions) {
      if (a.op === 'begin') log.push(['begin', a.nation, a.step.key]);
      else if (a.op === 'trackDone') log.push(['trackDone', a.nation]);
      else if (a.op === 'deadlinePassed') log.push(['deadlinePassed']);
      else if (a.op === 'resolved') log.push(['resolved', a.how]);
      else if (a.op === 'raise') { log.push(['raise', a.delay === 'deadline' ? DEADLINE_MS : EXPIRY_MS, timers]); slots[a.timer] = timers++; }
      else if (a.op === 'cancel' && slots[a.timer] !== undefined) log.push(['cancel', slots[a.timer]]);
    }
  };
  let state = chart.initial.next;
  perform(chart.initial.actions);
  for (const e of events) {
    if (chart.isDone(state)) break;
    const step = chart.step(state, chart.eventOf(e.type, e.delegated));
    state = step.next;
    perform(step.actions);
  }
  return { log, key: chart.stateKey(state) };
}

describe('compiled statecharts equal the xstate actor on every path xstate/graph finds', () => {
  for (const scenarioId of bundledScenarios()) {
    const scenario = loadScenario(scenarioId);
    for (const structureId of scenario.value.structures) {
      it(`${scenarioId} · ${structureId}`, () => {
        const plan = compilePlan(scenario, loadStructure(structureId));
        const seen = new Set<DecisionMachine>();
        let paths = 0;
        for (const inj of plan.injects.values()) {
          for (const d of inj.decisions) {
            const machine = decisionStatechart(plan, inj.def.id, d.def.id)!;
            if (seen.has(machine)) continue;
            seen.add(machine);
            const nations = d.flow.tracks.map((t) => t.nation);
            const events = [
              ...nations.flatMap((n) => [{ type: `${n}.done`, delegated: true }, { type: `${n}.done`, delegated: false }]),
              { type: 'xstate.after.deadline.decision.active.timer.running' },
              { type: 'xstate.after.expiry.decision.active.timer.overdue' },
            ];
            const chart = new CompiledChart(machine);
            for (const path of getShortestPaths(machine as unknown as AnyStateMachine, {
              input: { host: { begin() {}, trackDone() {}, deadlinePassed() {}, resolved() {} }, decision: 0 },
              events,
              serializeState: (s) => JSON.stringify([s.value, s.status]),
            })) {
              const sent = path.steps.map((s) => s.event as { type: string; delegated?: boolean }).filter((e) => e.type !== 'xstate.init');
              expect(runCompiled(chart, sent)).toEqual(runActor(machine, sent));
              paths++;
            }
          }
        }
        expect(paths).toBeGreaterThan(20);
      });
    }
  }

  it('gives byte-identical reports to the xstate interpreter on the bundled scenarios', () => {
    // taiwan-contingency: decisions that wait for assets, and fail for want of them, stop the actor alike.
    for (const [scenario, runs] of [['nk-irbm-overflight', '40'], ['taiwan-quarantine', '3'], ['taiwan-contingency', '2']] as const) {
      const args = ['run', scenario, '--runs', runs, '--seed', '11', '--json', '--workers', '1'];
      const compiled = cli(args);
      const reference = cli([...args, '--interpreter', 'xstate']);
      expect(compiled.code).toBe(0);
      expect(reference.code).toBe(0);
      expect(compiled.stdout).toBe(reference.stdout);
    }
  });
});
