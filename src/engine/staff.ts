/**
 * A headquarters staff as a server with a queue: `capacity` items worked at once, in the node's
 * queue discipline (earliest deadline first by default; first come first served; priority
 * classes by decision kind; or triage of overdue work), never pre-empted by other work (work on
 * a settled decision is dropped).
 * Outside duty hours, work that needs the decision-maker first waits for them to be reached
 * (the reach-back delay), after which they stay on hand for a while.
 */
import type { Distribution } from '../model/distribution.js';
import type { DecisionKind, WorkKind } from '../model/fields.js';
import { sample } from './sample.js';
import type { EventHandler, Scheduler, TimerHandle } from './scheduler.js';
import type { Streams } from './rng.js';
import type { NodePlan } from './plan.js';
import { nextOnDuty, onDuty } from './dutyHours.js';
import type { Mechanism } from './runResult.js';
import { deskTime, type EnduranceModel } from './endurance.js';

/** Who is told when a piece of work is done (a decision's track, or a message at a relay). */
export interface WorkOwner {
  workDone(req: WorkRequest): void;
}

/**
 * A piece of staff work and where it has been: the times it reached the node, joined the queue
 * (after any reach-back out of hours) and was started, from which its spans are read (see
 * spansOf). Plain fields rather than a list of span objects: work is the hot path.
 */
export class WorkRequest {
  /** Simulated time it reached the node. */
  requested = 0;
  /** When it joined the queue: the same as requested, or later after a reach-back out of hours. */
  queued = 0;
  /** When its service started; -1 for work that needs no server (a zero-time step). */
  started = -1;
  /** When it was done. */
  ended = 0;
  seq = 0;
  /** Its staff time's distribution at this node: the requester's (found with the plan), or found when it joins the queue. */
  dist: Distribution | undefined;
  timer: TimerHandle | undefined = undefined;
  /** At a node with endurance: its time at the desk, as worked, tired and handed over (see endurance.ts). */
  desk: { start: number; end: number; mechanism: Mechanism }[] | undefined = undefined;
  cancelled = false;
  /** Where the item stands now: for the play view ("why is this waiting?"). */
  status: 'after-hours' | 'queued' | 'working' | 'done' | 'dropped' | undefined = undefined;

  constructor(
    public kind: WorkKind,
    /** The decision the work is for: a node may work drilled kinds faster (processingFor). */
    public decision: DecisionKind,
    /**
     * Name the stream its staff time is drawn from: the decision instance, the step (and, for a
     * relay, the node) — see rng.ts. Drawn only when the time is not fixed.
     */
    public saltA: number,
    public saltB: number,
    public saltC: number,
    /** Absolute deadline (seconds after the start) for priority; Infinity when none. */
    public deadlineAt: number,
    readonly owner: WorkOwner,
    /** The owner's own note on the work (a decision's track keeps the step it is for). */
    public tag: unknown = undefined,
    dist: Distribution | undefined = undefined,
  ) {
    this.dist = dist;
  }

  /**
   * The same owner's next piece of work, in this object: a decision's track has one step in hand
   * at a time, and the staff lets go of a request once it is done (or dropped with its decision).
   */
  renew(kind: WorkKind, decision: DecisionKind, saltA: number, saltB: number, saltC: number, deadlineAt: number, tag: unknown, dist: Distribution | undefined): this {
    this.kind = kind;
    this.decision = decision;
    this.saltA = saltA;
    this.saltB = saltB;
    this.saltC = saltC;
    this.deadlineAt = deadlineAt;
    this.tag = tag;
    this.requested = this.queued = this.ended = this.seq = 0;
    this.started = -1;
    this.timer = undefined;
    this.desk = undefined;
    this.dist = dist;
    this.cancelled = false;
    this.status = undefined;
    return this;
  }
}

/** The spans of finished work, in order: after-hours, queueing, processing (empty ones left out). */
export function spansOf(req: WorkRequest): { start: number; end: number; mechanism: Mechanism }[] {
  const out: { start: number; end: number; mechanism: Mechanism }[] = [];
  if (req.queued > req.requested) out.push({ start: req.requested, end: req.queued, mechanism: 'after-hours' });
  if (req.started >= 0) {
    if (req.started > req.queued) out.push({ start: req.queued, end: req.started, mechanism: 'queueing' });
    if (req.desk) out.push(...req.desk);
    else if (req.ended > req.started) out.push({ start: req.started, end: req.ended, mechanism: 'processing' });
  }
  return out;
}

const ENQUEUE = 0;
const ZERO_DONE = 1;
const WORK_DONE = 2;
const AUGMENTEES = 3;

export class Staff implements EventHandler {
  private busy = 0;
  private queue: WorkRequest[] = [];
  private seq = 0;
  /** The decision-maker is on hand until then (after being reached out of hours). */
  private recalledUntil = -Infinity;
  /** While they are being reached: when they will be. */
  private reachedAt = -Infinity;
  /** Most items waiting at once, for the report. */
  maxQueue = 0;
  /** Items worked at once: the node's capacity, raised when augmentees arrive. */
  private capacity: number;
  private readonly endurance: EnduranceModel | undefined;
  /** Pending wake-up for augmentees while work waits for them. */
  private augmentWake: TimerHandle | undefined = undefined;

  /** The node's own stream, for reaching its decision-maker out of hours (a node event, not a work item's). */
  private readonly reachPurpose: string;

  constructor(
    private readonly node: NodePlan,
    private readonly sched: Scheduler,
    private readonly streams: Streams,
  ) {
    this.reachPurpose = `node:${node.def.id}:reach-back`;
    this.capacity = node.def.capacity;
    this.endurance = node.endurance;
  }

  get id(): string {
    return this.node.def.id;
  }

  /** Items waiting for a free slot now. */
  get waiting(): number {
    return this.queue.length;
  }

  request(req: WorkRequest): void {
    const now = this.sched.now;
    const after = this.node.def.afterHours;
    req.requested = now;
    req.seq = this.seq++;
    if (after && after.appliesTo.includes(req.kind) && !onDuty(this.node.duty, now)) {
      if (now >= this.recalledUntil) {
        const reach = sample(after.reachBack, this.streams.get(this.reachPurpose)());
        // The decision-maker is there by the start of duty, reached or not.
        this.reachedAt = Math.min(now + reach, nextOnDuty(this.node.duty, now));
        this.recalledUntil = this.reachedAt + after.staysFor;
      }
      if (now < this.reachedAt) {
        req.status = 'after-hours';
        this.sched.call(this.reachedAt, this, ENQUEUE, req);
        return;
      }
      // Kept busy out of hours: the decision-maker stays on hand.
      this.recalledUntil = Math.max(this.recalledUntil, now + after.staysFor);
    }
    this.enqueue(req);
  }

  handle(code: number, req: WorkRequest): void {
    switch (code) {
      case ENQUEUE: this.enqueue(req); return;
      case ZERO_DONE:
        if (req.cancelled) return;
        req.status = 'done';
        req.ended = this.sched.now;
        req.owner.workDone(req);
        return;
      case WORK_DONE:
        req.timer = undefined;
        this.busy--;
        req.status = 'done';
        req.ended = this.sched.now;
        this.next();
        if (!req.cancelled) req.owner.workDone(req);
        return;
      case AUGMENTEES:
        this.augmentWake = undefined;
        this.augmentAt();
        this.next();
        return;
    }
  }

  private enqueue(req: WorkRequest): void {
    if (req.cancelled) return;
    const now = this.sched.now;
    req.queued = now;
    const dist = req.dist ?? (req.dist = this.processing(req));
    if (alwaysZero(dist)) {
      // A zero-time step is no work for the staff: it takes no server and waits for none.
      req.status = 'working';
      this.sched.call(now, this, ZERO_DONE, req);
      return;
    }
    req.status = 'queued';
    if (this.endurance) this.augmentAt();
    if (this.busy < this.capacity) {
      this.start(req);
      return;
    }
    // The queue is kept in the discipline's order (deadline or class, then first come).
    const q = this.queue;
    let i = q.length;
    while (i > 0 && this.later(q[i - 1]!, req)) i--;
    q.splice(i, 0, req);
    if (q.length > this.maxQueue) this.maxQueue = q.length;
    const e = this.endurance;
    // Work waits for the augmentees: wake when they arrive (only while something waits).
    if (e && this.augmentWake === undefined && e.augmentAt > now && Number.isFinite(e.augmentAt)) {
      this.augmentWake = this.sched.call(e.augmentAt, this, AUGMENTEES, undefined);
    }
  }

  /** Capacity with the augmentees once they are at work. */
  private augmentAt(): void {
    const e = this.endurance!;
    if (this.sched.now >= e.augmentAt) this.capacity = this.node.def.capacity + e.augment;
  }

  private start(req: WorkRequest): void {
    const now = this.sched.now;
    req.started = now;
    const dist = req.dist!;
    const work = dist.dist === 'fixed' ? dist.value : sample(dist, this.streams.uniform(req.saltA, req.saltB, req.saltC));
    this.busy++;
    req.status = 'working';
    if (this.endurance) {
      // Endurance stretches the drawn time (fatigue, the circadian low, handovers); no draw of its own.
      const desk = deskTime(this.endurance, now, work);
      req.desk = desk.spans;
      req.timer = this.sched.call(desk.end, this, WORK_DONE, req);
      return;
    }
    req.timer = this.sched.call(now + work, this, WORK_DONE, req);
  }

  private processing(req: WorkRequest): Distribution {
    const def = this.node.def;
    return def.processingFor[req.decision]?.[req.kind] ?? def.processing[req.kind]!;
  }

  /** Drops an item whose decision is settled: out of the queue, or off the desk mid-work. */
  cancel(req: WorkRequest): void {
    req.cancelled = true;
    const timer = req.timer;
    if (!timer) {
      // Still waiting: leave the queue now, so the queue length the play view shows is true.
      const i = this.queue.indexOf(req);
      if (i >= 0) this.queue.splice(i, 1);
      if (this.augmentWake) this.releaseWake();
      return;
    }
    this.sched.cancel(timer);
    req.timer = undefined;
    this.busy--;
    req.status = 'done';
    this.next();
  }

  private next(): void {
    while (this.busy < this.capacity && this.queue.length > 0) {
      const item = this.pick();
      if (item && !item.cancelled) this.start(item);
    }
    if (this.augmentWake) this.releaseWake();
  }

  /** Nothing waits for the augmentees any more: their arrival is no event (it would move the run's end). */
  private releaseWake(): void {
    if (this.queue.length > 0) return;
    this.sched.cancel(this.augmentWake!);
    this.augmentWake = undefined;
  }

  /** The next item to work on, taken off the queue (triage may drop overdue items meanwhile). */
  private pick(): WorkRequest | undefined {
    const q = this.queue;
    const triage = this.node.def.queue;
    if (typeof triage === 'string' || !('triage' in triage)) return q.shift();
    const now = this.sched.now;
    const inTime = q.findIndex((x) => x.deadlineAt >= now);
    if (inTime >= 0) return q.splice(inTime, 1)[0];
    if (triage.triage === 'defer') return q.shift();
    // Everything waiting is past its deadline: dropped, its decision left to expire.
    for (const x of q.splice(0)) x.status = 'dropped';
    return undefined;
  }

  /** Whether a waits behind b in this node's discipline. */
  private later(a: WorkRequest, b: WorkRequest): boolean {
    const d = this.node.def.queue;
    if (d === 'fifo') return a.seq > b.seq;
    if (typeof d === 'object' && 'priority' in d) {
      const ca = classOf(d.priority, a.decision);
      const cb = classOf(d.priority, b.decision);
      return ca > cb || (ca === cb && a.seq > b.seq);
    }
    return a.deadlineAt > b.deadlineAt || (a.deadlineAt === b.deadlineAt && a.seq > b.seq);
  }
}

/** A decision kind's priority class: its place in the list, kinds not listed last. */
function classOf(order: readonly DecisionKind[], kind: DecisionKind): number {
  const i = order.indexOf(kind);
  return i < 0 ? order.length : i;
}

/** A distribution that can only give 0 (such as `0s`): the step needs no draw and no server. */
function alwaysZero(d: Distribution): boolean {
  switch (d.dist) {
    case 'fixed': return d.value === 0;
    case 'uniform': case 'triangular': return d.max === 0;
    case 'exponential': return d.mean === 0;
    case 'lognormal': return false;
  }
}
