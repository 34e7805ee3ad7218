/**
 * The compiled form of a decision statechart, for batches: xstate's own pure transition function
 * (`initialTransition`, `transition`), memoised per (state configuration, event) and filled on
 * first use. xstate stays the one definition of every flow — graphs, the model-based tests and
 * the reference interpreter use the machine itself — while a batch steps through a table: a
 * decision's state is an integer, an event is an integer, and a step is two array reads.
 *
 * Why memoise rather than translate the chart by hand: the table is whatever xstate computes,
 * so the two cannot drift apart. A batch meets few distinct pairs (nk-irbm-overflight, 200 runs:
 * ~1k), and filling the whole product of parallel regions up front would cost seconds per plan.
 *
 * Replaying the actions as the actor would:
 * - `begin`, `trackDone`, `deadlinePassed`, `resolved` go to the host, in order;
 * - delayed `xstate.raise` (the `after` timers) and `xstate.cancel` are deferred by xstate until
 *   the step's other actions have run: they are kept after the host actions here, in order;
 * - a raise's delay is stored by name (`deadline`, `expiry`) and resolved per decision, since the
 *   memoised step is shared by every decision on the flow.
 * The context of the memoised snapshots is a placeholder: no guard or action here reads it.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { DecisionHost, DecisionMachine } from './decisionMachine.js';
import type { StepDef } from './plan.js';

export type ChartAction =
  | { op: 'begin'; nation: string; step: StepDef }
  | { op: 'trackDone'; nation: string }
  | { op: 'deadlinePassed' }
  | { op: 'resolved'; how: 'executed' | 'missed' }
  | { op: 'raise'; timer: number; delay: string; event: number }
  | { op: 'cancel'; timer: number };

export interface ChartStep {
  /** The state after the step. */
  next: number;
  actions: readonly ChartAction[];
}

const placeholderHost: DecisionHost = { begin() {}, trackDone() {}, deadlinePassed() {}, resolved() {} };

export class CompiledChart {
  private readonly snapshots: SnapshotFrom<DecisionMachine>[] = [];
  private readonly done: boolean[] = [];
  private readonly stateIds = new Map<string, number>();
  /** table[state][event], filled on first use. */
  private readonly table: (ChartStep | undefined)[][] = [];
  private readonly eventTypes: { type: string; delegated?: boolean }[] = [];
  private readonly eventIds = new Map<string, number>();
  private readonly timerIds = new Map<string, number>();
  readonly initial: ChartStep;
  /** Distinct (state, event) pairs computed so far (for the bench). */
  filled = 0;

  constructor(private readonly machine: DecisionMachine) {
    const [snapshot, actions] = initialTransition(machine, { host: placeholderHost, decision: -1 });
    this.initial = { next: this.intern(snapshot), actions: this.translate(actions) };
  }

  /** The event a track sends when its step is done (with the delegation answer after an assessment). */
  doneEvent(nation: string, delegated: boolean): number {
    let ids = this.doneIds.get(nation);
    if (!ids) this.doneIds.set(nation, (ids = [this.event(`${nation}.done`, false), this.event(`${nation}.done`, true)]));
    return ids[delegated ? 1 : 0]!;
  }
  private readonly doneIds = new Map<string, [number, number]>();

  /** Both done events of a track (not delegated, delegated), as one shared pair. */
  doneEvents(nation: string): readonly [number, number] {
    this.doneEvent(nation, false);
    return this.doneIds.get(nation)!;
  }

  /** The state as xstate names it: `<status>|<value as JSON>` (for tests and inspection). */
  stateKey(state: number): string {
    const s = this.snapshots[state]!;
    return `${s.status}|${JSON.stringify(s.value)}`;
  }

  /** An event by its xstate type (and, for a track's done event, the delegation answer). */
  eventOf(type: string, delegated?: boolean): number {
    return this.event(type, delegated);
  }

  /** Whether the state is final (the decision is executed or missed): later events are ignored. */
  isDone(state: number): boolean {
    return this.done[state]!;
  }

  step(state: number, event: number): ChartStep {
    const row = this.table[state]!;
    let s = row[event];
    if (s === undefined) {
      const e = this.eventTypes[event]!;
      const [snapshot, actions] = transition(this.machine, this.snapshots[state]!, (e.delegated === undefined ? { type: e.type } : e) as never);
      s = { next: this.intern(snapshot), actions: this.translate(actions) };
      row[event] = s;
      this.filled++;
    }
    return s;
  }

  private intern(snapshot: SnapshotFrom<DecisionMachine>): number {
    const key = `${snapshot.status}|${JSON.stringify(snapshot.value)}`;
    // The memo is keyed by configuration: that is sound only while nothing else lives in the snapshot.
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.snapshots.length;
      this.stateIds.set(key, id);
      this.snapshots.push(snapshot);
      this.done.push(snapshot.status !== 'active');
      this.table.push([]);
    }
    return id;
  }

  private event(type: string, delegated?: boolean): number {
    const key = delegated === undefined ? type : `${type}|${delegated}`;
    let id = this.eventIds.get(key);
    if (id === undefined) {
      id = this.eventTypes.length;
      this.eventIds.set(key, id);
      this.eventTypes.push(delegated === undefined ? { type } : { type, delegated });
    }
    return id;
  }

  private timer(id: string): number {
    let t = this.timerIds.get(id);
    if (t === undefined) this.timerIds.set(id, (t = this.timerIds.size));
    return t;
  }

  private translate(actions: ReadonlyArray<{ type: string; params?: unknown }>): ChartAction[] {
    const now: ChartAction[] = [];
    const deferred: ChartAction[] = [];
    for (const a of actions) {
      const p = (a.params ?? {}) as Record<string, unknown>;
      switch (a.type) {
        case 'begin': now.push({ op: 'begin', nation: p.nation as string, step: p.step as StepDef }); break;
        case 'trackDone': now.push({ op: 'trackDone', nation: p.nation as string }); break;
        case 'deadlinePassed': now.push({ op: 'deadlinePassed' }); break;
        case 'resolved': now.push({ op: 'resolved', how: p.how as 'executed' | 'missed' }); break;
        case 'xstate.raise': {
          const event = (p.event as { type: string }).type;
          // xstate names the timer event `xstate.after.<delay>.<state id>`.
          const delay = /^xstate\.after\.([^.]+)\./.exec(event)?.[1];
          if (p.delay === undefined || delay === undefined) throw new Error(`compiled statechart: unexpected raise of ${event}`);
          deferred.push({ op: 'raise', timer: this.timer(p.id as string), delay, event: this.event(event) });
          break;
        }
        case 'xstate.cancel': deferred.push({ op: 'cancel', timer: this.timer(p.sendId as string) }); break;
        default: throw new Error(`compiled statechart: no host action for "${a.type}"`);
      }
    }
    return [...now, ...deferred];
  }
}

const compiled = new WeakMap<DecisionMachine, CompiledChart>();
/** One table per machine, shared by every run (and every decision on the flow) of a batch. */
export function compiledChart(machine: DecisionMachine): CompiledChart {
  let c = compiled.get(machine);
  if (!c) compiled.set(machine, (c = new CompiledChart(machine)));
  return c;
}
