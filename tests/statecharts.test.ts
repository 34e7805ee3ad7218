/** Every bundled statechart, walked with xstate/graph: every state reachable, every path can end. */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { bundledScenarios, compilePlan, decisionStatechart, loadScenario, loadStructure } from '../src/index.js';

const noopHost = { begin() {}, trackDone() {}, deadlinePassed() {}, resolved() {} };

function leafIds(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const visit = (node: AnyStateMachine['root']) => {
    const children = Object.values(node.states);
    if (children.length === 0) out.push(node.id);
    children.forEach(visit);
  };
  visit(machine.root);
  return out;
}

function walk(machine: AnyStateMachine, nations: string[]) {
  const events = [
    ...nations.flatMap((n) => [{ type: `${n}.done`, delegated: true }, { type: `${n}.done`, delegated: false }]),
    { type: 'xstate.after.deadline.decision.active.timer.running' },
    { type: 'xstate.after.expiry.decision.active.timer.overdue' },
  ];
  const adj = getAdjacencyMap(machine, {
    input: { host: noopHost, decision: 0, deadlineMs: 1000, expiryAfterDeadlineMs: 1000 },
    events,
    serializeState: (s) => JSON.stringify([s.value, s.status]),
  });
  const reached = new Set<string>();
  const canEnd = new Set<string>();
  for (const [key, { state }] of Object.entries(adj)) {
    for (const n of (state as unknown as { _nodes: { id: string }[] })._nodes) reached.add(n.id);
    if (state.status === 'done') canEnd.add(key);
  }
  // Backwards from the done states: which states can still end?
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, { transitions }] of Object.entries(adj)) {
      if (canEnd.has(key)) continue;
      if (Object.values(transitions).some((t) => canEnd.has(JSON.stringify([(t as { state: { value: unknown; status: string } }).state.value, (t as { state: { status: string } }).state.status])))) {
        canEnd.add(key);
        grew = true;
      }
    }
  }
  return { states: Object.keys(adj), reached, canEnd };
}

describe('bundled statecharts', () => {
  for (const scenarioId of bundledScenarios()) {
    const scenario = loadScenario(scenarioId);
    for (const structureId of scenario.value.structures) {
      const plan = compilePlan(scenario, loadStructure(structureId));
      for (const inj of plan.injects.values()) {
        for (const d of inj.decisions) {
          it(`${scenarioId} · ${structureId} · ${inj.def.id}/${d.def.id}`, () => {
            const machine = decisionStatechart(plan, inj.def.id, d.def.id)! as unknown as AnyStateMachine;
            const { states, reached, canEnd } = walk(machine, d.flow.tracks.map((t) => t.nation));
            expect(states.length).toBeGreaterThan(3);
            // A track's final state is passed through, not rested in, when it completes the
            // decision (tracks.onDone fires in the same step): reaching `executed` proves it.
            const executed = reached.has('decision.executed');
            const unreachable = leafIds(machine).filter((id) => !reached.has(id) && !(executed && /\.tracks\.[A-Z]+\.done$/.test(id)));
            expect(unreachable).toEqual([]);
            const stuck = states.filter((s) => !canEnd.has(s));
            expect(stuck).toEqual([]);
            // The walk reaches both endings that the decision's timing allows.
            const endings = new Set(states.map((s) => JSON.parse(s)[0]).filter((v) => typeof v === 'string'));
            expect(endings.has('executed')).toBe(true);
            expect(endings.has('missed')).toBe(d.expires !== undefined);
          });
        }
      }
    }
  }
});
