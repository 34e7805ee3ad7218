/**
 * A played crisis: one Simulation per structure, same seed and run index, advanced in lockstep on
 * the simulated clock. Both pause at each decision point; the player's choice applies to both.
 * Nothing here simulates on its own: a session with the same choices produces the same events at
 * the same times as `c2sim run --first-run <run> --runs 1 --choose …`, and its debrief report is
 * assembled by the same code as a batch report.
 */
import type { LoadedScenario, LoadedStructure } from '../model/load.js';
import type { DecisionPoint } from '../model/scenario.js';
import type { Report } from '../model/report.js';
import type { Nation } from '../model/fields.js';
import { compilePlan } from '../engine/plan.js';
import { localTime } from '../engine/dutyHours.js';
import { enduranceStatus } from '../engine/endurance.js';
import type { Outcome } from '../engine/runResult.js';
import { Simulation, type LiveDecision, type LiveTrack } from '../engine/simulation.js';
import type { AssetLevel } from '../engine/assets.js';
import { reportDecisions } from './aggregate.js';
import { assembleReport, checkSeed, criticalPaths, decisionKeys, withAssets, withBranches } from './batch.js';
import { BatchSummary } from './summary.js';

export type TrackStatus = 'detecting' | 'after-hours' | 'queued' | 'working' | 'in-transit' | 'link-degraded' | 'link-down' | 'waiting-ally' | 'waiting-asset' | 'done';

export interface TrackView {
  nation: Nation;
  /** The statechart state, e.g. `decide@mod`. */
  step: string;
  node: string;
  since: number;
  status: TrackStatus;
  /** Why it is where it is, in a few words. */
  detail: string;
  /** Steps done so far, with the time each took. */
  hops: { step: string; seconds: number }[];
  decidedBy?: string;
}

export interface DecisionView {
  index: number;
  key: string;
  kind: string;
  title: string;
  occurrence: number;
  openedAt: number;
  deadlineAt?: number;
  expiresAt?: number;
  outcome?: Outcome;
  latency?: number;
  /** Known to have been taken on a false or wrongly predicting track (once the error is knowable). */
  falseAlarm?: boolean;
  /** A retraction: the decision it withdraws. */
  withdraws?: string;
  tracks: TrackView[];
}

/** A node's endurance now: how tired its watch is, handovers, augmentees (nodes with endurance only). */
export interface StaffView {
  node: string;
  hoursOnDuty: number;
  /** Staff time as a multiple of rested time, for work started now. */
  slowdown: number;
  inLow: boolean;
  handover: boolean;
  /** Augmentees: how many more items at once, and seconds until they are at work (≤ 0: they are). */
  augmentees?: { capacity: number; in_s: number };
}

/** A choice made at a decision point, with the simulated time it was made at. */
export interface MadeChoice {
  point: string;
  option: string;
  at_s: number;
}

export interface FeedItem {
  id: number;
  t: number;
  text: string;
}

export const CLOCK_ZONES = [
  { label: 'Tokyo', zone: 'Asia/Tokyo' },
  { label: 'Hawaii', zone: 'Pacific/Honolulu' },
  { label: 'Washington', zone: 'America/New_York' },
] as const;

export class PlaySession {
  readonly sims: Simulation[];
  readonly seed: string;
  private readonly madeChoices: MadeChoice[] = [];
  private readonly feedItems: FeedItem[] = [];
  private readonly feedCursor: number[];

  constructor(
    readonly scenario: LoadedScenario,
    readonly structures: LoadedStructure[],
    seed: string | number,
    readonly runIndex = 0,
  ) {
    this.seed = checkSeed(seed);
    this.sims = structures.map((s) => new Simulation(compilePlan(scenario, s), { seed: this.seed, runIndex, trace: true, interactive: true }));
    this.feedCursor = this.sims.map(() => 0);
    this.collectFeed();
  }

  /** Simulated seconds since the scenario start. */
  get now(): number {
    return Math.max(...this.sims.map((s) => s.clockTime));
  }

  get startEpochMs(): number {
    return Date.parse(this.scenario.value.start);
  }

  /** The decision point waiting for the player, if any (it is the same in every structure). */
  get pending(): DecisionPoint | undefined {
    return this.sims[0]!.pending?.def;
  }

  get finished(): boolean {
    return this.sims.every((s) => s.finished);
  }

  /** Advances every structure to simulated time t, stopping early at a decision point. */
  advanceTo(t: number): void {
    for (const s of this.sims) s.runUntil(t);
    // A structure that reached the decision point holds the others there too.
    const held = this.sims.find((s) => s.pending);
    if (held) for (const s of this.sims) if (!s.pending) s.runUntil(held.clockTime);
    this.collectFeed();
  }

  /** Runs to the next moment anything happens in any structure. */
  stepEvent(): void {
    const next = Math.min(...this.sims.map((s) => (s.pending ? Infinity : s.sched.peekTime() ?? Infinity)));
    if (Number.isFinite(next)) this.advanceTo(next);
  }

  /** Runs until the next decision point or the end. */
  skipToDecision(): void {
    this.advanceTo(Infinity);
  }

  choose(optionId: string): void {
    const point = this.pending;
    if (!point) throw new Error('no decision point is waiting');
    this.madeChoices.push({ point: point.id, option: optionId, at_s: this.now });
    for (const s of this.sims) s.choose(optionId);
    this.collectFeed();
  }

  /** Injects, cyber effects and choices so far, oldest first. */
  feed(): readonly FeedItem[] {
    return this.feedItems;
  }

  private collectFeed(): void {
    // Strictly in time order: one structure's link effects can fall between the other's injects.
    const fresh: Omit<FeedItem, 'id'>[] = [];
    this.sims.forEach((sim, i) => {
      const events = sim.timelineFrom(this.feedCursor[i]!);
      for (const e of events) {
        // Injects and choices are the same in every structure: show them once. Link effects differ.
        // A track's life (lost, re-acquired, proved wrong) is drawn alike in every structure: once too.
        if (e.type === 'track' && i === 0) fresh.push({ t: e.t, text: e.text });
        if ((e.type === 'inject' || e.type === 'choice') && i === 0) fresh.push({ t: e.t, text: e.type === 'choice' ? `Decided: ${e.text.replace(/^[^:]+: /, '')}` : e.text });
        if (e.type === 'links') fresh.push({ t: e.t, text: `${this.structures[i]!.value.id}: ${e.text}` });
      }
      this.feedCursor[i] = this.feedCursor[i]! + events.length;
    });
    // A stable sort: at the same instant, the order of the structures, then of the timeline.
    fresh.sort((a, b) => a.t - b.t);
    for (const f of fresh) this.feedItems.push({ id: this.feedItems.length, ...f });
  }

  /** Local wall-clock time at the scenario's time now, in the zones that matter. */
  clock(t = this.now): { label: string; text: string }[] {
    const ms = this.startEpochMs + t * 1000;
    return CLOCK_ZONES.map(({ label, zone }) => {
      const l = localTime(ms, zone);
      const wd = l.weekday.charAt(0).toUpperCase() + l.weekday.slice(1);
      return { label, text: `${wd} ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}` };
    });
  }

  /** Each magazine's and sortie pool's count on hand in a structure's run now (empty when the scenario has none). */
  inventories(structure: number): AssetLevel[] {
    return this.sims[structure]!.assetLevels();
  }

  /** What each structure is doing: decisions in flight, and those settled, newest first. */
  view(structure: number): { open: DecisionView[]; settled: DecisionView[] } {
    const sim = this.sims[structure]!;
    const all = sim.allDecisions().map((d) => this.decisionView(sim, d));
    return {
      open: all.filter((d) => d.outcome === undefined),
      settled: all.filter((d) => d.outcome !== undefined).reverse(),
    };
  }

  private decisionView(sim: Simulation, d: Readonly<LiveDecision>): DecisionView {
    const queues = sim.queueLengths();
    const tracks = [...d.tracks.values()];
    return {
      index: d.index,
      key: `${d.inject}/${d.plan.def.id}`,
      kind: d.plan.def.kind,
      title: this.scenario.value.injects.find((i) => i.id === d.inject)?.title ?? d.inject,
      occurrence: d.occurrence,
      openedAt: d.detectedAt,
      ...(d.deadlineAt !== undefined ? { deadlineAt: d.deadlineAt } : {}),
      ...(d.expiresAt !== undefined ? { expiresAt: d.expiresAt } : {}),
      ...(d.outcome !== undefined ? { outcome: d.outcome } : {}),
      ...(d.executedAt !== undefined ? { latency: d.executedAt - d.detectedAt } : {}),
      ...(d.truth !== undefined && d.errorKnowableAt !== undefined && d.errorKnowableAt <= sim.now ? { falseAlarm: true } : {}),
      ...(d.retracts ? { withdraws: `${d.retracts.inject}/${d.retracts.plan.def.id}` } : {}),
      tracks: tracks.map((t) => trackView(t, tracks, queues, { requires: d.plan.requires, convenes: (id) => sim.plan.structure.nodes.find((n) => n.id === id)?.convene !== undefined })),
    };
  }

  /** Endurance at each node of a structure that has it, at the session's clock. */
  staff(structure: number): StaffView[] {
    const sim = this.sims[structure]!;
    const now = this.now;
    const out: StaffView[] = [];
    for (const [id, n] of sim.plan.nodes) {
      if (!n.endurance) continue;
      const s = enduranceStatus(n.endurance, now);
      out.push({
        node: id,
        hoursOnDuty: s.hoursOnDuty,
        slowdown: s.slowdown,
        inLow: s.inLow,
        handover: s.handoverUntil !== undefined,
        ...(s.augmentees ? { augmentees: { capacity: s.augmentees.capacity, in_s: s.augmentees.at - now } } : {}),
      });
    }
    return out;
  }

  /** The choices made so far, in order (what a recording keeps). */
  get choices(): readonly MadeChoice[] {
    return this.madeChoices;
  }

  /** The run's report, from the session's own runs (the same format as `c2sim run --out`). */
  report(): Report {
    const choices = Object.fromEntries(this.madeChoices.map((c) => [c.point, c.option]));
    const summary = new BatchSummary(this.structures.map((s) => s.value.id), decisionKeys(this.scenario));
    summary.addRun(this.sims.map((s) => s.result()), this.scenario.value.duration);
    const paths = criticalPaths(summary, this.sims.map((s) => s.plan), this.seed, choices);
    const report = assembleReport({
      scenario: this.scenario,
      structures: this.structures,
      seed: this.seed,
      runs: 1,
      firstRun: this.runIndex,
      choices,
    }, reportDecisions(this.scenario.value, summary, paths));
    // What chance drew in this run (a lost track, an inject that did not happen), for the debrief.
    const branched = summary.branches.size > 0 ? withBranches(report, summary, this.scenario.value) : report;
    return summary.assets ? withAssets(branched, this.scenario.value, summary) : branched;
  }
}

function trackView(t: Readonly<LiveTrack>, all: Readonly<LiveTrack>[], queues: Map<string, number>, ctx: { requires: readonly string[]; convenes: (node: string) => boolean }): TrackView {
  const hops: TrackView['hops'] = [];
  for (const s of t.segments) {
    const last = hops[hops.length - 1];
    if (last && last.step === s.step) last.seconds += s.end - s.start;
    else hops.push({ step: s.step, seconds: s.end - s.start });
  }
  // The step in progress is not done yet.
  if (t.step && hops.length > 0 && hops[hops.length - 1]!.step === t.step.key) hops.pop();
  const base = { nation: t.nation, hops, ...(t.decidedBy ? { decidedBy: t.decidedBy } : {}) };
  const step = t.step;
  if (!step) {
    const others = all.filter((o) => o !== t && o.doneAt === undefined).map((o) => o.nation);
    return { ...base, step: 'done', node: t.decidedBy ?? '', since: t.doneAt ?? 0, status: 'done', detail: others.length ? `done; waiting for the ${others.join(', ')} track` : 'done' };
  }
  const since = t.stepSince ?? 0;
  const at = (status: TrackStatus, detail: string, node: string) => ({ ...base, step: step.key, node, since, status, detail });
  if (step.op === 'detect') return at('detecting', `not yet seen by ${step.node}`, step.node);
  // The most specific reason first: a dead link explains more than "waiting for the ally".
  if (step.op === 'send' && t.transit?.status === 'waiting-link') return at('link-down', `${step.from} → ${step.to}: link down`, step.to);
  if (step.op === 'send' && t.transit?.degraded) return at('link-degraded', `${step.from} → ${step.to}: link degraded`, step.to);
  if (step.phase === 'coordination') {
    const ally = step.op === 'send' ? (step.key.startsWith('consult@') ? step.to : step.from) : step.node;
    return at('waiting-ally', `waiting for the ally (${ally})`, step.op === 'send' ? step.to : step.node);
  }
  const relay = step.op === 'send' ? t.transit?.relay : undefined;
  if (step.op === 'send' && relay) {
    const waiting = relay.work.status === 'queued' || relay.work.status === 'after-hours';
    return at(waiting ? 'queued' : 'in-transit', `${step.from} → ${step.to}: passed on by ${relay.node}${waiting ? ' (queued)' : ''}`, relay.node);
  }
  if (step.op === 'send') return at('in-transit', `${step.from} → ${step.to}`, step.to);
  if (t.waitingFor) return at('waiting-asset', `waiting for ${t.waitingFor.join(', ')} to execute (none free)`, step.node);
  // A decide step with no work yet waits for the decisions that unlock it (requires).
  if (step.op === 'work' && step.work === 'decide' && !t.work && ctx.requires.length > 0) return at('queued', `waiting at ${step.node} for ${ctx.requires.join(', ')}`, step.node);
  const status = t.work?.status;
  if (status === 'after-hours') return at('after-hours', ctx.convenes(step.node) ? `${step.node} convening` : `after hours at ${step.node}: reaching the decision-maker`, step.node);
  if (status === 'dropped') return at('queued', `dropped at ${step.node}: past its deadline (triage)`, step.node);
  if (status === 'queued') return at('queued', `queued at ${step.node} (${queues.get(step.node) ?? 0} waiting)`, step.node);
  return at('working', `${step.work} at ${step.node}`, step.node);
}
