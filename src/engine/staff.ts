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
import type { Scheduler, TimerHandle } from './scheduler.js';
import type { Streams } from './rng.js';
import type { NodePlan } from './plan.js';
import { nextOnDuty, onDuty } from './dutyHours.js';
import type { Mechanism } from './runResult.js';
import { deskTime, type EnduranceModel } from './endurance.js';

export interface WorkRequest {
  kind: WorkKind;
  /** The decision the work is for: a node may work drilled kinds faster (processingFor). */
  decision: DecisionKind;
  /** The uniform its staff time is drawn with: from a stream of its own, named by the decision instance and the step (see rng.ts). */
  u: number;
  /** Absolute deadline (seconds after start) for priority; Infinity when none. */
  deadlineAt: number;
  /** Called with the spans the item spent waiting and being worked. */
  done: (spans: { start: number; end: number; mechanism: Mechanism }[]) => void;
  cancelled: boolean;
  /** Where the item stands now: for the play view ("why is this waiting?"). */
  status?: 'after-hours' | 'queued' | 'working' | 'done' | 'dropped';
}

interface Queued {
  req: WorkRequest;
  arrived: number;
  seq: number;
  spans: { start: number; end: number; mechanism: Mechanism }[];
}

export class Staff {
  private busy = 0;
  private queue: Queued[] = [];
  private readonly working = new Map<WorkRequest, TimerHandle>();
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
  private augmentWake: TimerHandle | undefined;

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
    const item: Queued = { req, arrived: now, seq: this.seq++, spans: [] };
    if (after && after.appliesTo.includes(req.kind) && !onDuty(this.node.duty, now)) {
      if (now >= this.recalledUntil) {
        const reach = sample(after.reachBack, this.streams.get(this.reachPurpose)());
        // The decision-maker is there by the start of duty, reached or not.
        this.reachedAt = Math.min(now + reach, nextOnDuty(this.node.duty, now));
        this.recalledUntil = this.reachedAt + after.staysFor;
      }
      if (now < this.reachedAt) {
        req.status = 'after-hours';
        item.spans.push({ start: now, end: this.reachedAt, mechanism: 'after-hours' });
        this.sched.at(this.reachedAt, () => this.enqueue(item));
        return;
      }
      // Kept busy out of hours: the decision-maker stays on hand.
      this.recalledUntil = Math.max(this.recalledUntil, now + after.staysFor);
    }
    this.enqueue(item);
  }

  private enqueue(item: Queued): void {
    if (item.req.cancelled) return;
    item.arrived = this.sched.now;
    if (alwaysZero(this.processing(item.req))) {
      // A zero-time step is no work for the staff: it takes no server and waits for none.
      item.req.status = 'working';
      this.sched.at(this.sched.now, () => {
        if (item.req.cancelled) return;
        item.req.status = 'done';
        item.req.done(item.spans);
      });
      return;
    }
    item.req.status = 'queued';
    if (this.endurance) this.augmentAt();
    if (this.busy < this.capacity) {
      this.start(item);
      return;
    }
    // The queue is kept in the discipline's order (deadline or class, then first come).
    const q = this.queue;
    let i = q.length;
    while (i > 0 && this.later(q[i - 1]!, item)) i--;
    q.splice(i, 0, item);
    this.maxQueue = Math.max(this.maxQueue, q.length);
    const e = this.endurance;
    // Work waits for the augmentees: wake when they arrive (only while something waits).
    if (e && this.augmentWake === undefined && e.augmentAt > this.sched.now && Number.isFinite(e.augmentAt)) {
      this.augmentWake = this.sched.at(e.augmentAt, () => {
        this.augmentWake = undefined;
        this.augmentAt();
        this.next();
      });
    }
  }

  /** Capacity with the augmentees once they are at work. */
  private augmentAt(): void {
    const e = this.endurance!;
    if (this.sched.now >= e.augmentAt) this.capacity = this.node.def.capacity + e.augment;
  }

  private start(item: Queued): void {
    const now = this.sched.now;
    if (now > item.arrived) item.spans.push({ start: item.arrived, end: now, mechanism: 'queueing' });
    const work = sample(this.processing(item.req), item.req.u);
    this.busy++;
    item.req.status = 'working';
    // Endurance stretches the drawn time (fatigue, the circadian low, handovers); no draw of its own.
    const desk = this.endurance ? deskTime(this.endurance, now, work) : undefined;
    const timer = this.sched.at(desk ? desk.end : now + work, () => {
      this.working.delete(item.req);
      this.busy--;
      item.req.status = 'done';
      if (desk) item.spans.push(...desk.spans);
      else item.spans.push({ start: now, end: this.sched.now, mechanism: 'processing' });
      this.next();
      if (!item.req.cancelled) item.req.done(item.spans);
    });
    this.working.set(item.req, timer);
  }

  private processing(req: WorkRequest): Distribution {
    const def = this.node.def;
    return def.processingFor[req.decision]?.[req.kind] ?? def.processing[req.kind]!;
  }

  /** Drops an item whose decision is settled: out of the queue, or off the desk mid-work. */
  cancel(req: WorkRequest): void {
    req.cancelled = true;
    const timer = this.working.get(req);
    if (!timer) {
      // Still waiting: leave the queue now, so the queue length the play view shows is true.
      const i = this.queue.findIndex((q) => q.req === req);
      if (i >= 0) this.queue.splice(i, 1);
      if (this.augmentWake) this.releaseWake();
      return;
    }
    this.sched.cancel(timer);
    this.working.delete(req);
    this.busy--;
    req.status = 'done';
    this.next();
  }

  private next(): void {
    while (this.busy < this.capacity && this.queue.length > 0) {
      const item = this.pick();
      if (item && !item.req.cancelled) this.start(item);
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
  private pick(): Queued | undefined {
    const q = this.queue;
    const triage = this.node.def.queue;
    if (typeof triage === 'string' || !('triage' in triage)) return q.shift();
    const now = this.sched.now;
    const inTime = q.findIndex((x) => x.req.deadlineAt >= now);
    if (inTime >= 0) return q.splice(inTime, 1)[0];
    if (triage.triage === 'defer') return q.shift();
    // Everything waiting is past its deadline: dropped, its decision left to expire.
    for (const x of q.splice(0)) x.req.status = 'dropped';
    return undefined;
  }

  /** Whether a waits behind b in this node's discipline. */
  private later(a: Queued, b: Queued): boolean {
    const d = this.node.def.queue;
    if (d === 'fifo') return a.seq > b.seq;
    if (typeof d === 'object' && 'priority' in d) {
      const ca = classOf(d.priority, a.req.decision);
      const cb = classOf(d.priority, b.req.decision);
      return ca > cb || (ca === cb && a.seq > b.seq);
    }
    return a.req.deadlineAt > b.req.deadlineAt || (a.req.deadlineAt === b.req.deadlineAt && a.seq > b.seq);
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
