/**
 * One simulated crisis under one command structure. The scheduler owns time; injects fire on it,
 * each demanded decision becomes an xstate actor running its statechart on the scheduler's
 * clock, and the statechart's steps become staff work (queued at nodes) and messages (over
 * links). Nothing here reads the wall clock or Math.random: the seed, the run index and the
 * choices determine everything.
 */
import { createActor, type Actor } from 'xstate';
import { InputError } from '../model/inputError.js';
import { oneOf } from '../model/issue.js';
import type { DecisionKind, Nation } from '../model/fields.js';
import type { DecisionPoint, DetectionEntry, Effect } from '../model/scenario.js';
import { formatDuration } from '../model/duration.js';
import type { Interpreter } from './interpreter.js';
import { compiledChart, type ChartAction, type CompiledChart } from './compiledChart.js';
import { decisionMachine, type DecisionHost, type DecisionMachine } from './decisionMachine.js';
import { Network, type InTransit, type Message, type Sender, type Transit } from './network.js';
import type { AssetDraw, DecisionFlow, DecisionPlan, InjectPlan, Plan, StepDef, TrackFlow } from './plan.js';
import { fmix32, FNV_START, fnvInteger, fnvText, hash32, Streams } from './rng.js';
import type { DecisionOutcome, Outcome, RunResult, Segment, TimelineEvent, TrackOutcome, Truth } from './runResult.js';
import { sample } from './sample.js';
import { Scheduler, type EventHandler, type TimerHandle } from './scheduler.js';
import { Staff, WorkRequest, type WorkOwner } from './staff.js';
import { Assets, type AssetLevel } from './assets.js';
import { SpanPool, type Span } from './spans.js';
import { SettledOutcome } from './settledOutcome.js';

export interface SimulationOptions {
  seed: string;
  runIndex: number;
  /** Decision point id → option id. A point not named takes its default option. */
  choices?: Record<string, string>;
  /** Record a timeline of every inject, step and outcome (play mode, traces). */
  trace?: boolean;
  /** Stop at each decision point not in `choices` until choose() is called (play mode). */
  interactive?: boolean;
  /** How statecharts run: `compiled` (default) or the `xstate` reference (see interpreter.ts). */
  interpreter?: Interpreter;
  /**
   * Streams each decision out as soon as its outcome is final (settled, on a true track), and
   * forgets it: a long run then holds only the decisions in flight, whatever its length. The
   * result's decisions are then only those not streamed (erroneous ones, which may yet be
   * withdrawn). For batches; play and traces keep every decision.
   * The outcome handed over is valid only during the call: the simulation rewrites it for the
   * next decision, and reuses its spans. Copy what is to be kept.
   */
  onSettled?: (o: DecisionOutcome) => void;
}

export { INTERPRETERS, type Interpreter } from './interpreter.js';

export interface LiveTrack extends TrackOutcome {
  /** The statechart state the track is in, and since when (for the play UI). */
  step?: StepDef | undefined;
  stepSince?: number;
  /** The staff work or message the current step waits on. */
  work?: WorkRequest | undefined;
  transit?: Transit | undefined;
  /** The execute step drew its assets; or the assets it waits for (ids). */
  supplied?: boolean;
  waitingFor?: string[] | undefined;
}

const NO_EVENTS: readonly [number, number] = [0, 0];
/** A decision's tracks before openDecision lists them. */
const NO_TRACKS: TrackRun[] = [];
/** A streamed decision's spans once they are given back (see streamSettled). */
const NO_SPANS: Span[] = Object.freeze([]) as unknown as Span[];

/**
 * One nation's track of a decision as it runs: it owns the track's staff work and messages and
 * hears when they are done, so a step allocates no closure (the hot path of every batch).
 */
export class TrackRun implements LiveTrack, WorkOwner, Sender, EventHandler {
  /** Its spans so far (a streamed batch takes the list back once the decision is folded in). */
  segments: Span[];
  doneAt: number | undefined = undefined;
  decidedBy: string | undefined = undefined;
  step: StepDef | undefined = undefined;
  stepSince = 0;
  work: WorkRequest | undefined = undefined;
  /** The track's message, rewritten for each send (decision, deadline and salt stay its decision's). */
  message: Message | undefined = undefined;
  /** The track's last work request, renewed for its next piece of work (see WorkRequest.renew). */
  lastWork: WorkRequest | undefined = undefined;
  transit: InTransit | undefined = undefined;
  /** The execute step drew its assets (magazines, sortie pools); or the asset ids it waits for. */
  supplied = false;
  waitingFor: string[] | undefined = undefined;
  /** The compiled chart's events for "this track's step is done" (not delegated, delegated). */
  doneEvents: readonly [number, number] = NO_EVENTS;

  constructor(readonly flow: TrackFlow, readonly d: DecisionRun, private readonly sim: Simulation, segments: Span[]) {
    this.nation = flow.nation;
    this.segments = segments;
  }
  readonly nation: Nation;

  get settled(): boolean {
    return this.d.finished;
  }

  /** A detection step's time is up. */
  handle(): void {
    this.sim.advance(this, false);
  }

  workDone(req: WorkRequest): void {
    this.sim.workDone(this, req);
  }

  delivered(m: InTransit): void {
    this.sim.delivered(this, m);
  }
}

export interface LiveDecision {
  index: number;
  plan: DecisionPlan;
  inject: string;
  occurrence: number;
  occurredAt: number;
  detectedAt: number;
  /** When each node holds the occurrence's track (its detectors, and those it was shared with). */
  detectTimes: TrackPicture;
  deadlineAt?: number;
  expiresAt?: number;
  executedAt?: number;
  outcome?: Outcome;
  /** Each nation's track (built on first use: the engine itself keeps them in a list). */
  readonly tracks: ReadonlyMap<Nation, TrackRun>;
  /**
   * Names this instance's random draws (a hash of `<inject>#<occurrence>/<decision>`): each step
   * draws from a stream of its own, so a draw does not depend on the order work reaches a node.
   */
  salt: number;
  /** The reference interpreter: an xstate actor. */
  actor?: Actor<DecisionMachine>;
  /** The compiled interpreter: the chart, its current state, timers and events not yet handled. */
  chart?: CompiledChart;
  state?: number;
  timers?: (TimerHandle | undefined)[];
  /** The chart event each pending timer raises. */
  timerEvents?: number[];
  inbox?: number[] | undefined;
  busy?: boolean;
  delays?: { deadline: number; expiry: number };
  finished: boolean;
  /** Undefined on a true track; what was wrong with it otherwise (decisions inherit their track's truth). */
  truth?: Truth;
  /** When the track's error became knowable (erroneous decisions and their retractions). */
  errorKnowableAt?: number;
  /** A retraction: the decision it withdraws. */
  retracts?: LiveDecision;
  retractedAt?: number;
  /** Retractions waiting for this decision to be executed before they are demanded. */
  whenExecuted?: (() => void)[];
  /** Failed for want of an asset. */
  shortfall?: true;
}

/** A decision as it runs: every field there from the start, so all decisions share one shape. */
class DecisionRun implements LiveDecision {
  executedAt: number | undefined = undefined;
  outcome: Outcome | undefined = undefined;
  /** The tracks in the flow's order (one or two: a list beats a map here). */
  trackList: TrackRun[] = NO_TRACKS;
  private trackMap: Map<Nation, TrackRun> | undefined = undefined;
  get tracks(): ReadonlyMap<Nation, TrackRun> {
    return (this.trackMap ??= new Map(this.trackList.map((t) => [t.nation, t])));
  }
  track(nation: string): TrackRun {
    const list = this.trackList;
    for (let i = 0; i < list.length; i++) if (list[i]!.nation === nation) return list[i]!;
    throw new Error(`decision has no ${nation} track`);
  }
  actor: Actor<DecisionMachine> | undefined = undefined;
  chart: CompiledChart | undefined = undefined;
  state = 0;
  timers: (TimerHandle | undefined)[] | undefined = undefined;
  timerEvents: number[] | undefined = undefined;
  inbox: number[] | undefined = undefined;
  busy = false;
  delays: { deadline: number; expiry: number } | undefined = undefined;
  finished = false;
  truth: Truth | undefined = undefined;
  errorKnowableAt: number | undefined = undefined;
  retracts: DecisionRun | undefined = undefined;
  retractedAt: number | undefined = undefined;
  whenExecuted: (() => void)[] | undefined = undefined;
  shortfall: true | undefined = undefined;

  constructor(
    public index: number,
    public plan: DecisionPlan,
    public inject: string,
    public occurrence: number,
    public occurredAt: number,
    public detectedAt: number,
    public detectTimes: TrackPicture,
    public salt: number,
    public deadlineAt: number | undefined,
    public expiresAt: number | undefined,
  ) {}
}

/** The simulation's event code for an occurrence sighted (statechart timers use their own numbers, from 0). */
const DETECTED = -1;

/** When each node holds an occurrence's track. */
export interface TrackPicture {
  timeAt(node: string): number | undefined;
}

/**
 * An occurrence of an inject, as its detectors saw it: what its decisions open with. Its picture
 * is a time per node of the inject's picture (InjectPlan.picture), NaN for one that never held the
 * track: an array rather than a map, one per occurrence.
 */
class Sighting implements TrackPicture {
  occurredAt = 0;
  detectedAt = Infinity;
  /** When the last detector's track was confirmed: the fused picture. */
  confirmed = -Infinity;
  histories: string[] | undefined = undefined;
  truth: Truth | undefined = undefined;
  readonly nodes: readonly string[];
  readonly times: number[];
  constructor(readonly inj: InjectPlan, readonly k: number, picture: InjectPlan['picture'], readonly cause: ErrorCause | undefined) {
    this.nodes = picture.nodes;
    // A copy of the picture's NaNs (cheaper than filling a new array).
    this.times = picture.unseen.slice();
  }

  timeAt(node: string): number | undefined {
    const i = this.nodes.indexOf(node);
    const t = i < 0 ? NaN : this.times[i]!;
    return Number.isNaN(t) ? undefined : t;
  }
}


/**
 * An inject in one run: how often it has occurred, when last, and the stream of its repeat
 * intervals. It is also the scheduler event of its next repeat (the inject plan the subject), so
 * a repeat costs no lookup and no closure.
 */
class InjectRun implements EventHandler {
  occurrences = 0;
  /** A cancel that comes too late in the same instant is an error (see applyEffects). */
  lastOccurred = NaN;
  intervals: (() => number) | undefined = undefined;
  constructor(private readonly sim: Simulation, readonly cancellable: boolean) {}
  handle(_code: number, inj: InjectPlan): void {
    this.sim.occurNext(inj);
  }
}

/** Why a contingency inject occurs: an error that became knowable on another inject's track. */
interface ErrorCause {
  inject: string;
  occurrence: number;
  knowableAt: number;
}

const machines = new WeakMap<DecisionFlow, Map<string, DecisionMachine>>();
/** Statecharts are built once per flow and shape, and shared by every run of the batch. */
export function machineFor(flow: DecisionFlow, deadline: boolean, expiry: boolean): DecisionMachine {
  let byShape = machines.get(flow);
  if (!byShape) machines.set(flow, (byShape = new Map()));
  const shape = `${deadline}|${expiry}`;
  let m = byShape.get(shape);
  if (!m) byShape.set(shape, (m = decisionMachine(flow, { deadline, expiry })));
  return m;
}

/** A decision plan's statechart and its compiled table, found once per plan rather than per decision. */
interface Charts {
  machine: DecisionMachine;
  /** The compiled table, and each track's done events in it (in the flow's order of tracks). */
  chart: CompiledChart | undefined;
  doneEvents: (readonly [number, number])[];
}
const chartsOf = new WeakMap<DecisionPlan, Charts>();
function chartsFor(dp: DecisionPlan): Charts {
  let c = chartsOf.get(dp);
  if (!c) chartsOf.set(dp, (c = { machine: machineFor(dp.flow, dp.deadline !== undefined, dp.expires !== undefined), chart: undefined, doneEvents: [] }));
  return c;
}

/** The statechart a scenario decision runs on in this plan's structure (for graphs and checks). */
export function decisionStatechart(plan: Plan, injectId: string, decisionId: string): DecisionMachine | undefined {
  const dp = plan.injects.get(injectId)?.decisions.find((d) => d.def.id === decisionId);
  return dp && machineFor(dp.flow, dp.deadline !== undefined, dp.expires !== undefined);
}



export class Simulation implements DecisionHost, EventHandler {
  readonly sched = new Scheduler();
  private readonly streams: Streams;
  private readonly staff = new Map<string, Staff>();
  /** The same staff, in the structure's order of nodes (a work step names its node's place). */
  private readonly staffList: Staff[] = [];
  private readonly network: Network;
  /** The scenario's magazines and sortie pools (undefined when it has none). */
  private readonly assets: Assets | undefined;
  /** Every decision demanded so far, by index; a slot is emptied once its decision is streamed out. */
  private readonly live: (DecisionRun | undefined)[] = [];
  /** Decisions settled in the event now running, streamed out once it is over (see onSettled). */
  private readonly settledNow: DecisionRun[] = [];
  private streamed = 0;
  /** Each inject's state in this run, by id (see InjectRun). */
  private readonly injectRuns = new Map<string, InjectRun>();
  private readonly cancelled = new Set<string>();
  /** Injects some effect can cancel: each occurrence runs last in its instant (see occur). */
  private readonly cancellable = new Set<string>();
  private readonly granted = new Set<string>();
  /** Decisions (inject/decision) executed at least once: what `requires` waits on. */
  private readonly executedKeys = new Set<string>();
  /** Whether any decision of the plan requires another (else nothing needs executedKeys). */
  private readonly anyRequires: boolean;
  /** Decide steps waiting for required decisions; each looks again when one is executed. */
  private unlocks: (() => void)[] = [];
  /** What onSettled is handed (see settledOutcome). */
  private settled: SettledOutcome | undefined = undefined;
  /** Spans, reused in a streamed batch once their decision is folded in. */
  private readonly spans = new SpanPool();
  private readonly choices: Record<string, string> = {};
  private readonly timeline: TimelineEvent[] | undefined;
  private shownTime = 0;
  /** Branches drawn for this run (see RunResult.branches), and what they decide. */
  private readonly branches: Record<string, string> = {};
  private readonly absent = new Set<string>();
  private readonly cases = new Map<string, InjectPlan>();
  private readonly drawnOptions = new Map<string, string>();
  /** In interactive mode: the decision point waiting for a choice. */
  pending: { def: DecisionPoint; offset: number } | undefined;

  constructor(readonly plan: Plan, private readonly opts: SimulationOptions) {
    this.streams = new Streams(opts.seed, opts.runIndex);
    this.timeline = opts.trace ? [] : undefined;
    for (const [id, node] of plan.nodes) {
      const staff = new Staff(node, this.sched, this.streams);
      this.staff.set(id, staff);
      this.staffList.push(staff);
    }
    this.network = new Network(plan.links, plan.routes, plan.nodes, this.staff, this.sched, this.streams);
    this.anyRequires = [...plan.injects.values()].some((inj) => [inj, ...(inj.cases ?? []).map((c) => c.plan)]
      .some((p) => p.decisions.some((dp) => dp.requires.length > 0)));
    this.assets = plan.assets.length > 0 ? new Assets(plan.assets, this.sched, this.streams, plan.scenario.duration) : undefined;
    for (const [pointId, option] of Object.entries(opts.choices ?? {})) {
      const point = plan.decisionPoints.find((p) => p.def.id === pointId);
      const drawn = plan.injects.get(pointId);
      if (!point && drawn && branchesOf(drawn).length > 0) {
        // An inject drawn per run, fixed to one branch (its results alone).
        if (!branchesOf(drawn).includes(option)) throw new InputError(`inject "${pointId}" has no branch "${option}"; ${oneOf(option, branchesOf(drawn))}`, '--choose');
        continue;
      }
      if (!point) {
        const names = [...plan.decisionPoints.map((p) => p.def.id), ...[...plan.injects.values()].filter((i) => branchesOf(i).length > 0).map((i) => i.def.id)];
        throw new InputError(`${plan.scenario.id} has no decision point or inject drawn per run "${pointId}"; ${oneOf(pointId, names)}`, '--choose');
      }
      const ids = point.def.options.map((o) => o.id);
      if (!ids.includes(option)) throw new InputError(`decision point "${pointId}" has no option "${option}"; ${oneOf(option, ids)}`, '--choose');
    }
    this.drawBranches();
    const injects = [...plan.injects.values()].map((inj) => this.injectPlan(inj.def.id));
    const scan = (effects: Effect[]) => { for (const e of effects) if ('cancel' in e) this.cancellable.add(e.cancel); };
    for (const inj of injects) scan(inj.def.effects);
    for (const p of plan.decisionPoints) for (const o of p.def.options) scan(o.effects);
    const happens = (inj: InjectPlan) => !inj.def.contingency && !this.absent.has(inj.def.id);
    for (const inj of injects) if (happens(inj) && !this.cancellable.has(inj.def.id)) this.sched.at(inj.offset, () => this.occur(inj));
    for (const inj of cancellersFirst(injects, this.cancellable)) if (happens(inj)) this.sched.at(inj.offset, () => this.occur(inj), true);
    for (const p of plan.decisionPoints) this.sched.at(p.offset, () => this.reachPoint(p));
  }

  /**
   * Draws this run's branches, each from a stream named after its element (`chance:<element>`):
   * the draw depends on the seed and the run only, so every structure sees the same branch.
   */
  private drawBranches(): void {
    for (const inj of this.plan.injects.values()) {
      const id = inj.def.id;
      // --choose <inject>=<branch> fixes it: nothing is drawn for what it names.
      const fixed = this.opts.choices?.[id];
      if (fixed !== undefined) this.choices[id] = fixed;
      if (inj.def.chance !== undefined) {
        const key = `injects[${id}]`;
        let yes: boolean;
        if (fixed === HAPPENS || fixed === NOT) yes = fixed === HAPPENS;
        else this.branches[key] = (yes = this.streams.get(`chance:${key}`)() < inj.def.chance) ? HAPPENS : NOT;
        if (!yes) this.absent.add(id);
      }
      if (inj.cases) {
        const key = `injects[${id}].cases`;
        let c = inj.cases.find((x) => x.id === fixed);
        if (!c) {
          c = inj.cases[drawBranch(inj.cases.map((x) => x.probability), this.streams.get(`chance:${key}`)())]!;
          this.branches[key] = c.id;
        }
        this.cases.set(id, c.plan);
      }
    }
    for (const p of this.plan.decisionPoints) {
      const chance = p.def.chance;
      if (!chance || this.opts.choices?.[p.def.id] !== undefined || this.opts.interactive) continue;
      const key = `decisionPoints[${p.def.id}]`;
      const options = p.def.options.filter((o) => chance[o.id] !== undefined);
      const o = options[drawBranch(options.map((x) => chance[x.id]!), this.streams.get(`chance:${key}`)())]!;
      this.branches[key] = o.id;
      this.drawnOptions.set(p.def.id, o.id);
    }
  }

  /** The inject as it happens in this run: the case drawn for it, if it has cases. */
  private injectPlan(id: string): InjectPlan {
    return this.cases.get(id) ?? this.plan.injects.get(id)!;
  }

  get now(): number {
    return this.sched.now;
  }

  /** Runs one event. False when the run is over, or paused at a decision point. */
  step(): boolean {
    if (this.pending) return false;
    const more = this.sched.step();
    if (this.settledNow.length > 0) this.streamSettled();
    return more;
  }

  /** Hands the decisions settled in the last event to onSettled, and forgets them. */
  private streamSettled(): void {
    // The fold does not reach back into the simulation, so the list is reused as it is.
    const done = this.settledNow;
    for (let i = 0; i < done.length; i++) {
      const d = done[i]!;
      this.opts.onSettled!(this.settledOutcome(d));
      this.live[d.index] = undefined;
      this.streamed++;
      // Nothing reads its spans again: they serve the decisions to come. A settled decision takes
      // no more spans; were one ever written, the frozen list would say so rather than corrupt another's.
      for (const t of d.trackList) {
        this.spans.release(t.segments);
        t.segments = NO_SPANS;
      }
    }
    done.length = 0;
  }

  /** Runs until the crisis is over (or, interactive, until a decision point waits). */
  run(): this {
    // step(), inlined: this loop is every event of every batch run.
    const sched = this.sched;
    while (this.pending === undefined && sched.step()) {
      if (this.settledNow.length > 0) this.streamSettled();
    }
    return this;
  }

  /** Runs events up to simulated time t (play mode), stopping early at a decision point. */
  runUntil(t: number): void {
    for (;;) {
      if (this.pending) return;
      const next = this.sched.peekTime();
      if (next === undefined || next > t) break;
      this.sched.step();
    }
    // The displayed clock moves on between events; the simulation's own time does not.
    if (!this.pending && Number.isFinite(t)) this.shownTime = Math.max(this.shownTime, t);
  }

  /** The time a player sees: the last event, or later while the clock runs between events. */
  get clockTime(): number {
    return Math.max(this.sched.now, this.pending ? 0 : this.shownTime);
  }

  get finished(): boolean {
    return !this.pending && this.sched.peekTime() === undefined;
  }

  /** Answers the pending decision point (interactive mode). */
  choose(optionId: string): void {
    const p = this.pending;
    if (!p) throw new Error('no decision point is waiting');
    this.pending = undefined;
    this.apply(p, optionId);
  }

  result(): RunResult {
    return {
      structure: this.plan.structure.id,
      runIndex: this.opts.runIndex,
      decisions: this.decisions().map((d) => this.outcomeOf(d)),
      choices: { ...this.choices },
      branches: { ...this.branches },
      events: this.sched.executed,
      endedAt: this.sched.now,
      ...(this.assets ? { assets: this.assets.outcomes() } : {}),
      ...(this.timeline ? { timeline: this.timeline } : {}),
    };
  }

  /** Timeline entries from index k on (trace mode), without building a whole result. */
  timelineFrom(k: number): readonly TimelineEvent[] {
    return this.timeline ? this.timeline.slice(k) : [];
  }

  /** Every decision so far, with where each track stands (for the play UI). */
  allDecisions(): ReadonlyArray<Readonly<LiveDecision>> {
    return this.decisions();
  }

  private decisions(): DecisionRun[] {
    return this.streamed > 0 ? this.live.filter((d) => d !== undefined) : (this.live as DecisionRun[]);
  }

  /** Each magazine's and sortie pool's count on hand now (for the play UI; empty when there are none). */
  assetLevels(): AssetLevel[] {
    return this.assets?.levels() ?? [];
  }

  /** Items waiting at each node now (for the play UI). */
  queueLengths(): Map<string, number> {
    return new Map([...this.staff].map(([id, s]) => [id, s.waiting]));
  }

  // ---- injects, effects, decision points ------------------------------------------------

  /** An inject's next repeat (see InjectRun). */
  occurNext(inj: InjectPlan): void {
    this.occur(inj);
  }

  private occur(inj: InjectPlan, cause?: ErrorCause): void {
    const id = inj.def.id;
    if (this.cancelled.has(id)) return;
    const r = this.injectRun(inj);
    const k = ++r.occurrences;
    r.lastOccurred = this.now;
    const occurredAt = this.now;
    if (this.timeline) this.log({ t: occurredAt, type: 'inject', text: inj.def.title + (inj.def.repeat ? ` (${k} of ${inj.def.repeat.count})` : '') });
    if (inj.def.repeat && k < inj.def.repeat.count) {
      const gap = sample(inj.def.repeat.interval, (r.intervals ??= this.streams.get(inj.salts.interval))());
      // A cancel at the very instant of an occurrence must take effect: run it after the rest.
      this.sched.call(this.now + gap, r, 0, inj, r.cancellable);
    }
    this.applyEffects(inj.def.effects, id);
    if (inj.decisions.length === 0) return;
    const o = new Sighting(inj, k, inj.picture, cause);
    o.occurredAt = occurredAt;
    // Track histories are told only in a trace.
    const histories: string[] | undefined = this.timeline ? [] : undefined;
    const times = o.times;
    for (const d of inj.def.detection) {
      const i = o.nodes.indexOf(d.node);
      if (!Number.isNaN(times[i]!)) continue;
      // A fixed delay needs no draw (draws are pure: skipping one changes no other).
      const delay = d.delay.dist === 'fixed' ? d.delay.value : sample(d.delay, this.streams.uniform(inj.salts.detect, k, inj.picture.salts[i]!));
      const t = this.confirmedAt(id, k, d, occurredAt + delay, histories);
      times[i] = t;
      if (t < o.detectedAt) o.detectedAt = t;
      if (t > o.confirmed) o.confirmed = t;
    }
    // Shared tracks arrive after their source's: the first detection and the fused picture (the
    // inject's own detectors) stay as they are.
    if (this.plan.shares.length > 0) this.shareTracks(id, k, o, histories);
    o.histories = histories;
    o.truth = this.drawTruth(inj, k);
    this.sched.call(o.detectedAt, this, DETECTED, o);
  }

  /** An occurrence is first seen: its decisions open. */
  private detected(o: Sighting): void {
    const { inj, k, truth } = o;
    if (o.histories) for (const h of o.histories) this.log({ t: this.now, type: 'track', text: h });
    for (const dp of inj.decisions) {
      const wrong = truth === 'false-track' || (truth === 'wrong-prediction' && (inj.def.track?.wrongFor?.includes(dp.def.id) ?? true));
      this.open(inj, dp, k, o.occurredAt, o.detectedAt, o, wrong ? truth : undefined, o.cause);
    }
    // The error shows in the fused picture: once every detector's track is confirmed.
    if (truth !== undefined) this.scheduleError(inj, k, truth, o.confirmed);
  }

  /** The inject's state in this run (made at its first occurrence, or a cancel's check). */
  private injectRun(inj: InjectPlan): InjectRun {
    let r = this.injectRuns.get(inj.def.id);
    if (!r) this.injectRuns.set(inj.def.id, (r = new InjectRun(this, this.cancellable.has(inj.def.id))));
    return r;
  }

  /**
   * A detector's track: first sighted (tentative), perhaps lost and re-acquired, then confirmed.
   * Each draw has a named stream of its own (inject, occurrence, detector, purpose), so both
   * structures see the same track life: common random numbers.
   */
  private confirmedAt(inject: string, k: number, d: DetectionEntry, sighted: number, histories: string[] | undefined): number {
    let t = sighted;
    if (d.lost) {
      const s = this.streams.get(`inject:${inject}#${k}:track:${d.node}:lost`);
      if (s() < d.lost.probability) {
        const gap = sample(d.lost.reacquire, s());
        if (histories) histories.push(`${inject}: ${d.node} lost the track ${formatDuration(Math.round(t))} in; re-acquired ${formatDuration(Math.round(gap))} later`);
        t += gap;
      }
    }
    if (d.confirm) t += sample(d.confirm, this.streams.get(`inject:${inject}#${k}:track:${d.node}:confirm`)());
    return t;
  }

  /**
   * Real-time track sharing (links with sharesTracks): a detector's confirmed track reaches the
   * node at the other end one link latency later (failed attempts retried), and that node holds
   * it from then if it has not seen it earlier itself. One hop, from the inject's own detectors;
   * each draw named by the inject, occurrence, link and direction, so every structure sees the
   * same transfer.
   */
  private shareTracks(inject: string, k: number, o: Sighting, histories: string[] | undefined): void {
    const own = o.times.slice();
    const nodes = o.nodes;
    for (const l of this.plan.shares) {
      for (const [a, b] of [[l.from, l.to], [l.to, l.from]] as const) {
        const ia = nodes.indexOf(a);
        const seen = ia < 0 ? NaN : own[ia]!;
        if (Number.isNaN(seen)) continue;
        const s = this.streams.get(`inject:${inject}#${k}:share:${l.id}:${a}`);
        let t = seen + sample(l.latency, s());
        for (let tries = 0; tries < 20 && l.failureProbability > 0 && s() < l.failureProbability; tries++) {
          t += sample(l.retryDelay, s()) + sample(l.latency, s());
        }
        const ib = nodes.indexOf(b);
        const before = o.times[ib]!;
        if (Number.isNaN(before) || t < before) {
          o.times[ib] = t;
          if (histories) histories.push(`${inject}: ${b} holds ${a}'s track over ${l.id}, ${formatDuration(Math.round(t))} in`);
        }
      }
    }
  }

  /** Whether this occurrence's track is false, or predicts wrongly (false wins: nothing is there to predict). */
  private drawTruth(inj: InjectPlan, k: number): Truth | undefined {
    const t = inj.def.track;
    if (!t) return undefined;
    const id = inj.def.id;
    if (t.falseAlarm && this.streams.get(`inject:${id}#${k}:track:false`)() < t.falseAlarm.probability) return 'false-track';
    if (t.wrongPrediction && this.streams.get(`inject:${id}#${k}:track:wrong`)() < t.wrongPrediction.probability) return 'wrong-prediction';
    return undefined;
  }

  /** When the error becomes knowable: the erroneous decisions learn it, and the onError contingencies fire. */
  private scheduleError(inj: InjectPlan, k: number, truth: Truth, confirmedAt: number): void {
    const id = inj.def.id;
    const err = truth === 'false-track' ? inj.def.track!.falseAlarm! : inj.def.track!.wrongPrediction!;
    const knowableAt = confirmedAt + sample(err.knowable, this.streams.get(`inject:${id}#${k}:track:knowable`)());
    this.sched.at(knowableAt, () => {
      if (this.timeline) this.log({ t: this.now, type: 'track', text: `${id}: the track proves ${truth === 'false-track' ? 'false' : 'to have predicted wrongly'}` });
      for (const d of this.live) if (d !== undefined && d.inject === id && d.occurrence === k && d.truth !== undefined) d.errorKnowableAt = knowableAt;
      for (const c of inj.def.track!.onError) {
        const target = this.plan.injects.get(c)!;
        this.sched.after(target.offset, () => this.occur(target, { inject: id, occurrence: k, knowableAt }));
      }
    });
  }

  /** `source`: the inject whose effects these are (cancelling its own repeats is no conflict). */
  private applyEffects(effects: Effect[], source?: string): void {
    for (const e of effects) {
      if ('degradeLinks' in e) {
        const hit = this.network.degrade(e.degradeLinks);
        const how = e.degradeLinks.down ? 'down' : `degraded ×${e.degradeLinks.latencyFactor}`;
        if (this.timeline) this.log({ t: this.now, type: 'links', text: hit.length ? `${hit.join(', ')} ${how} for ${e.degradeLinks.duration}s` : 'no link here is affected' });
      } else if ('delegate' in e) {
        this.granted.add(`${e.delegate.kind}|${e.delegate.nation}|${e.delegate.to}`);
      } else if ('fire' in e) {
        this.fire(e.fire);
      } else if ('cancel' in e) {
        // Cancellable injects run last in their instant, cancellers first: only a cycle of
        // cancels at one instant gets here after its target. Say so; never ignore a cancel.
        if (e.cancel !== source && this.injectRuns.get(e.cancel)?.lastOccurred === this.now && !this.cancelled.has(e.cancel)) {
          throw new InputError(`${this.plan.scenario.id}: a cancel of "${e.cancel}" comes at the same instant as "${e.cancel}" occurs, after it; injects that cancel each other in a cycle at one instant have no order; move one of them`);
        }
        this.cancelled.add(e.cancel);
      }
    }
  }

  private fire(injectId: string): void {
    // A contingency drawn not to happen in this run is never fired.
    if (this.absent.has(injectId)) return;
    const inj = this.injectPlan(injectId);
    this.sched.after(inj.offset, () => this.occur(inj));
  }

  private reachPoint(p: { def: DecisionPoint; offset: number }): void {
    const preset = this.opts.choices?.[p.def.id];
    if (preset === undefined && this.opts.interactive) {
      this.pending = p;
      return;
    }
    this.apply(p, preset ?? this.drawnOptions.get(p.def.id) ?? p.def.default);
  }

  private apply(p: { def: DecisionPoint }, optionId: string): void {
    const option = p.def.options.find((o) => o.id === optionId);
    if (!option) throw new InputError(`decision point "${p.def.id}" has no option "${optionId}"; ${oneOf(optionId, p.def.options.map((o) => o.id))}`);
    this.choices[p.def.id] = optionId;
    if (this.timeline) this.log({ t: this.now, type: 'choice', text: `${p.def.id}: ${option.label}` });
    this.applyEffects(option.effects);
  }

  // ---- decisions -----------------------------------------------------------------------

  private open(inj: InjectPlan, dp: DecisionPlan, occurrence: number, occurredAt: number, detectedAt: number, detectTimes: TrackPicture, truth?: Truth, cause?: ErrorCause): void {
    const retracts = dp.def.retracts;
    if (retracts !== undefined) {
      // A retraction withdraws a decision that went out: it is demanded once that one is
      // executed (now, or when it is), and not at all if it never is or nothing proved wrong.
      const [target, decision] = retracts.split('/');
      const withdrawn = cause && target === cause.inject
        ? this.live.find((x) => x !== undefined && x.inject === target && x.occurrence === cause.occurrence && x.plan.def.id === decision)
        : undefined;
      if (!withdrawn || withdrawn.truth === undefined || withdrawn.retracts) return;
      if (withdrawn.executedAt === undefined) {
        if (!withdrawn.finished) (withdrawn.whenExecuted ??= []).push(() => this.openDecision(inj, dp, occurrence, occurredAt, this.now, detectTimes, undefined, withdrawn, cause!.knowableAt));
        return;
      }
      this.openDecision(inj, dp, occurrence, occurredAt, detectedAt, detectTimes, undefined, withdrawn, cause!.knowableAt);
      return;
    }
    this.openDecision(inj, dp, occurrence, occurredAt, detectedAt, detectTimes, truth);
  }

  private openDecision(inj: InjectPlan, dp: DecisionPlan, occurrence: number, occurredAt: number, detectedAt: number, detectTimes: TrackPicture, truth?: Truth, retracts?: DecisionRun, knowableAt?: number): void {
    const index = this.live.length;
    const d = new DecisionRun(
      index, dp, inj.def.id, occurrence, occurredAt, detectedAt, detectTimes,
      // hash32(`${inject}#${occurrence}/${decision}`), from the inject's cached prefix.
      fmix32(fnvText(fnvText(fnvInteger(inj.salts.decisionPrefix, occurrence), '/'), dp.def.id)),
      dp.deadline === undefined ? undefined : occurredAt + dp.deadline,
      dp.expires === undefined ? undefined : occurredAt + dp.expires,
    );
    // Exactly as long as it needs to be (an empty list would grow room for 17 at its first push).
    const flows = dp.flow.tracks;
    const list = new Array<TrackRun>(flows.length);
    for (let i = 0; i < flows.length; i++) list[i] = new TrackRun(flows[i]!, d, this, this.spans.list());
    d.trackList = list;
    if (truth !== undefined) d.truth = truth;
    if (retracts) {
      d.retracts = retracts;
      d.errorKnowableAt = knowableAt!;
    }
    this.live.push(d);
    if (this.timeline) this.log({ t: this.now, type: 'detect', decision: index, text: `${dp.def.id} (${dp.def.kind}) opened` });
    const hasDeadline = d.deadlineAt !== undefined;
    const hasExpiry = d.expiresAt !== undefined;
    const charts = chartsFor(dp);
    const machine = charts.machine;
    // A deadline already past at detection fires at once (delay 0), as a real clock would.
    const deadlineMs = hasDeadline ? Math.max(0, d.deadlineAt! - this.now) * 1000 : undefined;
    const expiryMs = hasExpiry ? Math.max(0, d.expiresAt! - Math.max(this.now, d.deadlineAt!)) * 1000 : undefined;
    if (this.opts.interpreter === 'xstate') {
      d.actor = createActor(machine, {
        input: { host: this, decision: index, deadlineMs, expiryAfterDeadlineMs: expiryMs },
        clock: this.sched.clock,
      });
      d.actor.start();
      return;
    }
    let chart = charts.chart;
    if (chart === undefined) {
      chart = charts.chart = compiledChart(machine);
      charts.doneEvents = dp.flow.tracks.map((t) => chart!.doneEvents(t.nation));
    }
    d.chart = chart;
    for (let i = 0; i < list.length; i++) list[i]!.doneEvents = charts.doneEvents[i]!;
    d.state = chart.initial.next;
    // Timers only for a decision with a deadline or an expiry.
    if (hasDeadline || hasExpiry) d.delays = { deadline: deadlineMs ?? 0, expiry: expiryMs ?? 0 };
    this.perform(d, chart.initial.actions);
  }

  /** Compiled interpreter: one event through the chart; events sent meanwhile wait their turn. */
  private deliver(d: DecisionRun, event: number): void {
    if (d.busy) {
      (d.inbox ??= []).push(event);
      return;
    }
    d.busy = true;
    let next: number | undefined = event;
    while (next !== undefined) {
      if (d.chart!.isDone(d.state!)) break;
      const step = d.chart!.step(d.state!, next);
      d.state = step.next;
      this.perform(d, step.actions);
      next = d.inbox?.shift();
    }
    d.inbox = undefined;
    d.busy = false;
  }

  private perform(d: DecisionRun, actions: readonly ChartAction[]): void {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      switch (a.op) {
        case 'begin': this.beginStep(d, d.track(a.nation), a.step); break;
        case 'trackDone': this.trackDone(d.index, a.nation); break;
        case 'deadlinePassed': this.deadlinePassed(d.index); break;
        case 'resolved': this.resolved(d.index, a.how); break;
        case 'raise': {
          // As xstate's clock would: milliseconds, scheduled from now.
          const ms = a.delay === 'deadline' ? d.delays!.deadline : d.delays!.expiry;
          (d.timerEvents ??= [])[a.timer] = a.event;
          // The timer's number is its event code (DETECTED, -1, is never one).
          (d.timers ??= [])[a.timer] = this.sched.call(this.sched.now + ms / 1000, this, a.timer, d);
          break;
        }
        case 'cancel': {
          const h = d.timers?.[a.timer];
          if (h) {
            this.sched.cancel(h);
            d.timers![a.timer] = undefined;
          }
          break;
        }
      }
    }
  }

  /** The simulation's own events: an occurrence sighted, or a statechart timer (a deadline or an expiry) up. */
  handle(code: number, subject: DecisionRun | Sighting): void {
    if (code === DETECTED) {
      this.detected(subject as Sighting);
      return;
    }
    const d = subject as DecisionRun;
    d.timers![code] = undefined;
    this.deliver(d, d.timerEvents![code]!);
  }

  begin(decision: number, nation: string, step: StepDef): void {
    const d = this.live[decision]!;
    this.beginStep(d, d.track(nation), step);
  }

  private beginStep(d: DecisionRun, track: TrackRun, step: StepDef): void {
    const nation = track.nation;
    track.step = step;
    track.stepSince = this.now;
    track.work = undefined;
    track.transit = undefined;
    switch (step.op) {
      case 'detect': {
        const at = d.detectTimes.timeAt(step.node) ?? this.now;
        this.seg(track, step, this.now, at, 'detection', step.node);
        this.sched.call(at, track, 0, undefined);
        return;
      }
      case 'send': {
        // The track's message, rewritten for each send: its previous one has arrived (one step in hand).
        const m = track.message;
        if (m === undefined) {
          track.message = {
            from: step.from, to: step.to, kind: step.message, decision: d.plan.def.kind,
            deadlineAt: d.deadlineAt ?? Infinity, salt: d.salt, stepSalt: step.salt,
          };
        } else {
          m.from = step.from;
          m.to = step.to;
          m.kind = step.message;
          m.stepSalt = step.salt;
        }
        track.transit = this.network.send(track.message!, track, step, step);
        return;
      }
      case 'work': {
        // A decision that others must unlock (requires) is not decided before they are executed:
        // the wait counts as escalation — the authority it waits on (a Cabinet decision, the
        // Diet's approval) sits above the chain that holds it.
        if (step.work === 'decide' && d.plan.requires.length > 0 && !d.plan.requires.every((r) => this.executedKeys.has(r))) {
          const since = this.now;
          this.unlocks.push(() => {
            if (d.finished) return;
            if (this.now > since) track.segments.push(this.spans.span(since, this.now, 'escalation', 'queueing', step.node, step.key, undefined));
            if (this.timeline) this.log({ t: this.now, type: 'step', decision: d.index, nation, node: step.node, text: `${step.key} unlocked by ${d.plan.requires.join(', ')}` });
            this.beginStep(d, track, step);
          });
          return;
        }
        // Executing a decision that fires or flies draws on a magazine or a sortie pool first.
        if (step.phase === 'execute' && d.plan.uses && !this.supplied(d, track, step)) return;
        const salt = step.salt;
        const deadlineAt = d.deadlineAt ?? Infinity;
        // The track's previous step is done (a track has one step in hand): its request is free.
        const req = track.lastWork !== undefined
          ? track.lastWork.renew(step.work, d.plan.def.kind, d.salt, salt, 0, deadlineAt, step, step.dist)
          : new WorkRequest(step.work, d.plan.def.kind, d.salt, salt, 0, deadlineAt, track, step, step.dist);
        track.lastWork = req;
        track.work = req;
        this.staffList[step.at]!.request(req);
        return;
      }
    }
  }

  /**
   * Draws the assets a track needs to execute. True when drawn (now, or before: the step is
   * begun again once they come); otherwise the track waits until the decision's deadline (or
   * expiry, as the use says), and the decision fails for want of them if they do not come.
   */
  private supplied(d: DecisionRun, track: TrackRun, step: StepDef): boolean {
    const draws = d.plan.uses!.get(track.nation);
    if (!draws || track.supplied) return true;
    let until = Infinity;
    for (const u of draws) until = Math.min(until, u.waitUntil === 'expiry' ? (d.expiresAt ?? Infinity) : (d.deadlineAt ?? d.expiresAt ?? Infinity));
    const ready = (since: number) => {
      track.supplied = true;
      track.waitingFor = undefined;
      this.seg(track, step, since, this.now, 'supply', this.plan.assets[draws[0]!.asset]!.node);
      const last = track.segments[track.segments.length - 1];
      if (last?.mechanism === 'supply') last.assets = draws.map((u: AssetDraw) => this.plan.assets[u.asset]!.id);
      this.beginStep(d, track, step);
    };
    if (this.assets!.take(draws, until, ready, () => this.failForWant(d), () => d.finished)) {
      track.supplied = true;
      return true;
    }
    track.waitingFor = draws.map((u) => this.plan.assets[u.asset]!.id);
    return false;
  }

  /** A decision that cannot execute for want of an asset: missed now, its statechart stopped. */
  private failForWant(d: DecisionRun): void {
    if (d.finished) return;
    d.shortfall = true;
    if (d.actor) d.actor.stop();
    for (const h of d.timers ?? []) if (h) this.sched.cancel(h);
    if (this.timeline) this.log({ t: this.now, type: 'deadline', decision: d.index, text: `${d.plan.def.id}: no ${d.plan.def.uses?.map((u) => u.asset).join(', ')} to execute with` });
    this.resolved(d.index, 'missed');
  }

  /** The track's current step is done: its chart moves on (with the delegation answer after work). */
  advance(track: TrackRun, delegated: boolean): void {
    const d = track.d;
    if (d.finished) return;
    if (d.actor) d.actor.send({ type: `${track.nation}.done`, delegated });
    else this.deliver(d, track.doneEvents[delegated ? 1 : 0]);
  }

  workDone(track: TrackRun, req: WorkRequest): void {
    const step = req.tag as Extract<StepDef, { op: 'work' }>;
    // The spans of the work, in order: out of hours, queued, worked.
    if (req.queued > req.requested) this.seg(track, step, req.requested, req.queued, 'after-hours', step.node);
    if (req.started >= 0) {
      this.seg(track, step, req.queued, req.started, 'queueing', step.node);
      if (req.desk) for (const s of req.desk) this.seg(track, step, s.start, s.end, s.mechanism, step.node);
      else this.seg(track, step, req.started, req.ended, 'processing', step.node);
    }
    if (step.work === 'decide') track.decidedBy = step.node;
    if (this.timeline) this.log({ t: this.now, type: 'step', decision: track.d.index, nation: track.nation, node: step.node, text: `${step.key} ${Math.round(this.now - (req.queued > req.requested ? req.requested : req.started >= 0 ? req.queued : this.now))}s` });
    this.advance(track, this.mayDecide(track, step.node));
  }

  delivered(track: TrackRun, m: InTransit): void {
    const step = m.tag as Extract<StepDef, { op: 'send' }>;
    // Time on the links counts against the recipient; time at a relay, against the relay's staff.
    if (m.spans) for (const s of m.spans) this.seg(track, step, s.start, s.end, s.mechanism, s.relay ?? step.to, s.links);
    if (this.timeline) this.log({ t: this.now, type: 'step', decision: track.d.index, nation: track.nation, node: step.to, text: `${step.key} ${Math.round(this.now - m.start)}s` });
    this.advance(track, false);
  }

  private seg(track: TrackRun, step: StepDef, start: number, end: number, mechanism: Segment['mechanism'], node: string, links?: string[]): void {
    if (end <= start) return;
    track.segments.push(this.spans.span(start, end, step.phase, mechanism, node, step.key, links));
  }

  /** Whether a node below the authority may decide now: a standing or granted delegation. */
  private mayDecide(run: TrackRun, node: string): boolean {
    const d = run.d;
    const kind: DecisionKind = d.plan.def.kind;
    if (this.granted.size > 0 && this.granted.has(`${kind}|${run.nation}|${node}`)) return true;
    const delegations = run.flow.delegations;
    if (delegations.length === 0) return false;
    for (const del of delegations) {
      if (del.to !== node) continue;
      if (del.when === 'always') return true;
      if (d.deadlineAt !== undefined && d.deadlineAt - this.now <= del.when.deadlineWithin) return true;
    }
    return false;
  }

  trackDone(decision: number, nation: string): void {
    const track = this.live[decision]!.track(nation);
    track.doneAt = this.now;
    track.step = undefined;
  }

  deadlinePassed(decision: number): void {
    const d = this.live[decision]!;
    if (this.timeline) this.log({ t: this.now, type: 'deadline', decision, text: `${d.plan.def.id} deadline passed` });
    for (const id of d.plan.def.onLate) this.fire(id);
  }

  resolved(decision: number, how: 'executed' | 'missed'): void {
    const d = this.live[decision]!;
    d.finished = true;
    // Staff drop work on a decision that is settled (each track has at most its current step
    // outstanding); messages about it are not delivered.
    for (const t of d.trackList) {
      if (t.work && t.step?.op === 'work') this.staffList[t.step.at]!.cancel(t.work);
      const relay = t.transit?.relay;
      if (relay) this.staff.get(relay.node)!.cancel(relay.work);
    }
    if (how === 'executed') {
      d.executedAt = this.now;
      const key = this.anyRequires ? `${d.inject}/${d.plan.def.id}` : '';
      if (this.anyRequires && !this.executedKeys.has(key)) {
        this.executedKeys.add(key);
        // Decisions waiting on this one look again, each in an event of its own.
        if (this.unlocks.length > 0) {
          const waiting = this.unlocks;
          this.unlocks = [];
          this.sched.after(0, () => { for (const w of waiting) w(); });
        }
      }
      d.outcome = d.deadlineAt === undefined ? 'done' : this.now <= d.deadlineAt ? 'on-time' : 'late';
      if (d.retracts) d.retracts.retractedAt = this.now;
    } else {
      d.outcome = 'missed';
    }
    if (this.timeline) {
      const truth = d.truth === 'false-track' ? ' on a false track' : d.truth === 'wrong-prediction' ? ' on a wrong prediction' : d.retracts ? `, withdrawing ${d.retracts.plan.def.id}` : '';
      this.log({ t: this.now, type: how, decision, text: `${d.plan.def.id} ${how === 'executed' ? `executed (${d.outcome})${truth}` : 'missed'}` });
    }
    // Final unless it was on a false or wrong track (its error may yet become knowable, and it be withdrawn).
    if (this.opts.onSettled && d.truth === undefined) this.settledNow.push(d);
    const waiting = d.whenExecuted;
    d.whenExecuted = undefined;
    // In an event of their own: a decision opens from the scheduler, never inside another's transition.
    if (how === 'executed' && waiting) for (const open of waiting) this.sched.after(0, open);
  }

  /** A settled decision for onSettled: the simulation's one SettledOutcome, rewritten for it. */
  private settledOutcome(d: DecisionRun): SettledOutcome {
    const o = (this.settled ??= new SettledOutcome());
    o.inject = d.inject;
    o.occurrence = d.occurrence;
    o.decision = d.plan.def.id;
    o.kind = d.plan.def.kind;
    o.occurredAt = d.occurredAt;
    o.detectedAt = d.detectedAt;
    o.deadlineAt = d.deadlineAt;
    o.expiresAt = d.expiresAt;
    o.executedAt = d.executedAt;
    o.latency = d.executedAt === undefined ? undefined : d.executedAt - d.detectedAt;
    o.outcome = d.outcome ?? 'missed';
    o.truth = d.truth;
    o.errorKnowableAt = d.errorKnowableAt;
    o.retractedAt = d.retractedAt;
    o.retracts = d.retracts ? { inject: d.retracts.inject, occurrence: d.retracts.occurrence, decision: d.retracts.plan.def.id } : undefined;
    o.shortfall = d.shortfall;
    const list = d.trackList;
    const tracks = o.sized(list.length);
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      const out = tracks[i]!;
      out.nation = t.nation;
      out.doneAt = t.doneAt;
      out.decidedBy = t.decidedBy;
      out.segments = t.segments;
    }
    return o;
  }

  /** A decision as the result reports it (fields set in the schema's order, none left undefined). */
  private outcomeOf(d: DecisionRun): DecisionOutcome {
    const o = {
      inject: d.inject,
      occurrence: d.occurrence,
      decision: d.plan.def.id,
      kind: d.plan.def.kind,
      occurredAt: d.occurredAt,
      detectedAt: d.detectedAt,
    } as DecisionOutcome;
    if (d.deadlineAt !== undefined) o.deadlineAt = d.deadlineAt;
    if (d.expiresAt !== undefined) o.expiresAt = d.expiresAt;
    if (d.executedAt !== undefined) {
      o.executedAt = d.executedAt;
      o.latency = d.executedAt - d.detectedAt;
    }
    o.outcome = d.outcome ?? 'missed';
    if (d.truth !== undefined) o.truth = d.truth;
    if (d.errorKnowableAt !== undefined) o.errorKnowableAt = d.errorKnowableAt;
    if (d.retractedAt !== undefined) o.retractedAt = d.retractedAt;
    if (d.retracts) o.retracts = { inject: d.retracts.inject, occurrence: d.retracts.occurrence, decision: d.retracts.plan.def.id };
    if (d.shortfall) o.shortfall = true;
    const tracks: TrackOutcome[] = [];
    for (const t of d.trackList) {
      const out = { nation: t.nation } as TrackOutcome;
      if (t.doneAt !== undefined) out.doneAt = t.doneAt;
      if (t.decidedBy !== undefined) out.decidedBy = t.decidedBy;
      out.segments = t.segments;
      tracks.push(out);
    }
    o.tracks = tracks;
    return o;
  }

  private log(e: TimelineEvent): void {
    this.timeline?.push(e);
  }
}

/**
 * The scheduled injects that something can cancel, each after the injects that cancel it: they
 * all run last in their instant, in this order, so a canceller comes before its target (only a
 * cycle of cancels at one instant can defeat this; occur's check reports it).
 */
function cancellersFirst(injects: readonly InjectPlan[], cancellable: Set<string>): InjectPlan[] {
  const order: InjectPlan[] = [];
  const seen = new Set<string>();
  const visit = (inj: InjectPlan) => {
    if (seen.has(inj.def.id)) return;
    seen.add(inj.def.id);
    for (const other of injects) {
      if (cancellable.has(other.def.id) && other.def.effects.some((e) => 'cancel' in e && e.cancel === inj.def.id)) visit(other);
    }
    if (!inj.def.contingency) order.push(inj);
  };
  for (const inj of injects) if (cancellable.has(inj.def.id)) visit(inj);
  return order;
}

const HAPPENS = 'happens';
const NOT = 'does-not-happen';

/** The branches an inject can be fixed to with --choose: happens or not (chance), and its cases. */
function branchesOf(inj: InjectPlan): string[] {
  return [...(inj.def.chance !== undefined ? [HAPPENS, NOT] : []), ...(inj.cases ?? []).map((c) => c.id)];
}

/** The branch a uniform draw falls in, by cumulative probability (the last takes any rounding). */
function drawBranch(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length - 1; i++) {
    acc += probabilities[i]!;
    if (u < acc) return i;
  }
  return probabilities.length - 1;
}

/** Runs one crisis to its end with the given choices (defaults elsewhere). */
export function simulate(plan: Plan, opts: Omit<SimulationOptions, 'interactive'>): RunResult {
  return new Simulation(plan, opts).run().result();
}
