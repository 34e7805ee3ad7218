/**
 * A decision as an xstate statechart. Each nation that acts has a region in `tracks` (they run in
 * parallel); each step of the flow is a state whose entry asks the engine to do the work or send
 * the message, and whose `<nation>.done` event moves it on. After an assessment the `delegated`
 * guard picks between deciding here and escalating. The `timer` region holds the deadline and
 * the expiry as timed transitions on the simulation's clock.
 */
import { setup } from 'xstate';
import type { DecisionFlow, StepDef, TrackFlow } from './plan.js';

/** What the engine does for the statechart; the machine itself holds no simulation state. */
export interface DecisionHost {
  begin(decision: number, nation: string, step: StepDef): void;
  trackDone(decision: number, nation: string): void;
  deadlinePassed(decision: number): void;
  resolved(decision: number, how: 'executed' | 'missed'): void;
}

export interface DecisionInput {
  host: DecisionHost;
  decision: number;
  /** Milliseconds from the start of the decision (xstate delays are in ms). */
  deadlineMs?: number | undefined;
  /** Milliseconds from the deadline to the expiry. */
  expiryAfterDeadlineMs?: number | undefined;
}

/** Engine → statechart: a step finished; `delegated` says whether this node may decide here. */
export type StepDoneEvent = { type: `${string}.done`; delegated?: boolean };

const decisionSetup = setup({
  types: {
    context: {} as DecisionInput,
    input: {} as DecisionInput,
    events: {} as StepDoneEvent,
  },
  actions: {
    begin: ({ context }, p: { nation: string; step: StepDef }) => context.host.begin(context.decision, p.nation, p.step),
    trackDone: ({ context }, p: { nation: string }) => context.host.trackDone(context.decision, p.nation),
    deadlinePassed: ({ context }) => context.host.deadlinePassed(context.decision),
    resolved: ({ context }, p: { how: 'executed' | 'missed' }) => context.host.resolved(context.decision, p.how),
  },
  guards: {
    delegated: ({ event }) => event.delegated === true,
  },
  delays: {
    deadline: ({ context }) => context.deadlineMs ?? 0,
    expiry: ({ context }) => context.expiryAfterDeadlineMs ?? 0,
  },
});

function trackRegion(track: TrackFlow) {
  const done = `${track.nation}.done`;
  const states: Record<string, object> = {};
  for (const [key, { def, next }] of track.steps) {
    let on: unknown;
    if ('to' in next) on = { target: next.to };
    else if ('delegated' in next) on = [{ guard: 'delegated', target: next.delegated }, { target: next.otherwise }];
    else on = { target: 'done' };
    states[key] = {
      entry: { type: 'begin', params: { nation: track.nation, step: def } },
      on: { [done]: on },
    };
  }
  states.done = { type: 'final', entry: { type: 'trackDone', params: { nation: track.nation } } };
  return { initial: track.initial, states };
}

/** Builds the statechart of one decision flow. `timed` adds the deadline/expiry region. */
export function decisionMachine(flow: DecisionFlow, timed: { deadline: boolean; expiry: boolean }) {
  const tracks = Object.fromEntries(flow.tracks.map((t) => [t.nation, trackRegion(t)]));
  const active: Record<string, unknown> = {
    tracks: { type: 'parallel', states: tracks, onDone: { target: '#decision.executed' } },
  };
  if (timed.deadline) {
    active.timer = {
      initial: 'running',
      states: {
        running: { after: { deadline: { target: 'overdue', actions: 'deadlinePassed' } } },
        overdue: timed.expiry ? { after: { expiry: { target: '#decision.missed' } } } : {},
      },
    };
  }
  const endings: Record<string, object> = {
    executed: { type: 'final', entry: { type: 'resolved', params: { how: 'executed' } } },
  };
  // Only a decision that can expire has a way to be missed: no dead states.
  if (timed.expiry) endings.missed = { type: 'final', entry: { type: 'resolved', params: { how: 'missed' } } };
  return decisionSetup.createMachine({
    id: 'decision',
    context: ({ input }: { input: DecisionInput }) => input,
    initial: 'active',
    states: { active: { type: 'parallel', states: active as never }, ...endings },
  } as never);
}
export type DecisionMachine = ReturnType<typeof decisionMachine>;
