/**
 * The links between headquarters. A message of a kind (report, escalation, consultation,
 * tasking) travels only on links whose channel carries that kind, over the structure's named
 * route for it or else the allowed path of least expected time (see model/routing.ts). Each hop
 * costs its latency, and a failed attempt costs the retry delay before it is sent again. Between
 * hops the message passes through a node that relays it: that node's staff handles it (its
 * processing.relay, queued like other work). Cyber effects make matching links slower, flakier
 * or down for a while; a message with no route waits until one comes back.
 */
import { meanOf } from '../model/distribution.js';
import type { DecisionKind, MessageKind } from '../model/fields.js';
import { leastCostPath, linkBetween, namedRoute } from '../model/routing.js';
import type { Effect } from '../model/scenario.js';
import type { StructureLink, StructureRoute } from '../model/structure.js';
import type { NodePlan, RouteMemo } from './plan.js';
import { hash32, type Streams } from './rng.js';
import type { Mechanism } from './runResult.js';
import { sample } from './sample.js';
import type { EventHandler, Scheduler } from './scheduler.js';
import { spansOf, WorkRequest, type Staff, type WorkOwner } from './staff.js';

type Degrade = Extract<Effect, { degradeLinks: unknown }>['degradeLinks'];

/** A link and the cyber effects on it now; its condition is derived from them. */
class LinkState {
  readonly effects = new Set<Degrade>();
  /** Names the link in its hops' streams. */
  readonly salt: number;
  constructor(readonly def: StructureLink, readonly index: number) {
    this.salt = hash32(def.id);
  }
  get factor(): number {
    if (this.effects.size === 0) return 1;
    let f = 1;
    for (const e of this.effects) f *= e.latencyFactor;
    return f;
  }
  get failure(): number {
    let p = this.def.failureProbability;
    if (this.effects.size === 0) return p;
    for (const e of this.effects) if (e.failureProbability !== undefined) p = Math.max(p, e.failureProbability);
    return p;
  }
  get down(): boolean {
    if (this.effects.size === 0) return false;
    for (const e of this.effects) if (e.down) return true;
    return false;
  }
}

/** A span of a message's journey: on a link (transmission), or at a relay's staff. */
export interface TransitSpan {
  start: number;
  end: number;
  mechanism: Mechanism;
  /** The relay whose staff the time was spent at; absent for transmission. */
  relay?: string;
  /** For transmission: the link crossed. */
  links?: string[];
}

/** A message on its way, as the play view sees it. */
export interface Transit {
  status: 'in-transit' | 'waiting-link' | 'relaying' | 'delivered';
  /** Its route crosses a link slowed or made flaky by a cyber effect. */
  degraded: boolean;
  /** While a relay's staff handles it: the node and the work item (cancelled with its decision). */
  relay?: { node: string; work: WorkRequest } | undefined;
}

/** What is sent: between which nodes, what kind of message, and for which decision. */
export interface Message {
  from: string;
  to: string;
  kind: MessageKind;
  decision: DecisionKind;
  /** The decision's deadline (seconds after the start; Infinity if none): relays queue by it. */
  deadlineAt: number;
  /** Name the message in its streams: (decision instance, step); each hop adds its link, each relay its node. */
  salt: number;
  stepSalt: number;
}

/** Who sent a message: told when it arrives, and asked whether it is still wanted. */
export interface Sender {
  delivered(m: InTransit): void;
  /** The message's decision is settled: it is dropped on the way. */
  readonly settled: boolean;
}

const MAX_ATTEMPTS = 10_000;
const NO_ROUTE: readonly number[] = [];

/**
 * A message on its way: where it is, its route, and the spans of its journey so far (spans of no
 * length are left out). It is its own scheduler event and its relay's work owner, so a hop or a
 * relay allocates no closure.
 */
export class InTransit implements Transit, WorkOwner, EventHandler {
  status: Transit['status'] = 'in-transit';
  degraded = false;
  relay: { node: string; work: WorkRequest } | undefined = undefined;
  /** Where the message is now. */
  at: string;
  /** When it was sent. */
  readonly start: number;
  /** Its journey's spans; none until it has one (most hops inside a headquarters take no time). */
  spans: TransitSpan[] | undefined = undefined;
  /** The route being followed (link indices), the link being crossed, and since when. */
  route: readonly number[] = NO_ROUTE;
  hop = 0;
  hopStart = 0;

  constructor(
    readonly net: Network,
    readonly m: Message,
    /** A named route, as the nodes it visits from the sender: the message keeps to it. */
    readonly named: string[] | undefined,
    readonly sender: Sender,
    now: number,
    /** The sender's own note on the message (a decision's track keeps the step it is for). */
    readonly tag: unknown,
    /** Where the route from the sender over the intact network is kept (see RouteMemo). */
    readonly memo: RouteMemo | undefined,
  ) {
    this.at = m.from;
    this.start = now;
  }

  handle(): void {
    this.net.arrived(this);
  }

  workDone(req: WorkRequest): void {
    this.net.relayed(this, req);
  }
}

/**
 * Routes over a plan's links while none is degraded, as link indices: the same in every run, so
 * they are found once per plan rather than once per run.
 */
const intactRoutes = new WeakMap<StructureLink[], Map<string, number[] | null>>();


export class Network {
  private readonly links: LinkState[];
  private pending: InTransit[] = [];
  /** Links under a cyber effect now; while there are none, the plan's routes hold. */
  private degraded = 0;
  private readonly shared: Map<string, number[] | null>;
  private local = new Map<string, number[] | null>();
  private readonly relaySalts = new Map<string, number>();

  constructor(
    private readonly defs: StructureLink[],
    private readonly routes: readonly StructureRoute[],
    private readonly nodes: ReadonlyMap<string, NodePlan>,
    private readonly staff: ReadonlyMap<string, Staff>,
    private readonly sched: Scheduler,
    private readonly streams: Streams,
  ) {
    this.links = defs.map((def, i) => new LinkState(def, i));
    let shared = intactRoutes.get(defs);
    if (!shared) intactRoutes.set(defs, (shared = new Map()));
    this.shared = shared;
  }

  /**
   * Sends a message; the sender is told when it arrives. Its salts name it for its random draws,
   * so they do not depend on what else is in flight.
   */
  send(m: Message, sender: Sender, tag?: unknown, memo?: RouteMemo): InTransit {
    const p = new InTransit(this, m, this.routes.length > 0 ? namedRoute(this.routes, m.from, m.to, m.kind) : undefined, sender, this.sched.now, tag, memo);
    this.dispatch(p);
    return p;
  }

  /** Sends the message on from where it is, or has it wait while it has no route. */
  private dispatch(p: InTransit): void {
    if (p.sender.settled) return;
    let route: number[] | null | undefined;
    if (p.named) route = this.namedLinks(p.named.slice(p.named.indexOf(p.at)), p.m.kind);
    else if (this.degraded === 0 && p.at === p.m.from && p.memo !== undefined) {
      route = p.memo.intact;
      if (route === undefined) p.memo.intact = route = this.route(p.at, p.m.to, p.m.kind, p.m.decision);
    } else route = this.route(p.at, p.m.to, p.m.kind, p.m.decision);
    if (route === null) {
      p.status = 'waiting-link';
      this.pending.push(p);
      return;
    }
    p.status = 'in-transit';
    p.route = route;
    this.hopFrom(p, 0);
  }

  /** Crosses the route's i-th link; then relays, or delivers at the end. */
  private hopFrom(p: InTransit, i: number): void {
    const route = p.route;
    if (i >= route.length) {
      p.status = 'delivered';
      if (!p.sender.settled) p.sender.delivered(p);
      return;
    }
    const link = this.links[route[i]!]!;
    // A link on the way went down since the route was chosen: find another, or wait.
    if (link.down) return this.dispatch(p);
    if (link.effects.size > 0) p.degraded = true;
    const start = this.sched.now;
    p.hop = i;
    p.hopStart = start;
    this.sched.call(start + this.hopTime(link, p.m.salt, p.m.stepSalt), p, 0, undefined);
  }

  /** The message is across its current link. */
  arrived(p: InTransit): void {
    const i = p.hop;
    const link = this.links[p.route[i]!]!;
    const now = this.sched.now;
    if (now > p.hopStart) (p.spans ??= []).push({ start: p.hopStart, end: now, mechanism: 'transmission', links: [link.def.id] });
    p.at = link.def.from === p.at ? link.def.to : link.def.from;
    if (i + 1 >= p.route.length) return this.hopFrom(p, i + 1);
    this.relay(p, i + 1);
  }

  /** The node the message reached passes it on: a work item for its staff, drawn from its own stream. */
  private relay(p: InTransit, next: number): void {
    if (p.sender.settled) return;
    const node = p.at;
    let salt = this.relaySalts.get(node);
    if (salt === undefined) this.relaySalts.set(node, (salt = hash32(`relay:${node}`)));
    const work = new WorkRequest('relay', p.m.decision, p.m.salt, p.m.stepSalt, salt, p.m.deadlineAt, p);
    p.hop = next;
    p.status = 'relaying';
    p.relay = { node, work };
    this.staff.get(node)!.request(work);
  }

  /** A relay's staff passed the message on. */
  relayed(p: InTransit, work: WorkRequest): void {
    const node = p.relay!.node;
    p.relay = undefined;
    p.status = 'in-transit';
    // Written out, not spread: V8 gave every spread copy with `relay` added a hidden class of its
    // own (a new map per relayed span, left for the old generation to collect: issue 7's memory).
    for (const s of spansOf(work)) (p.spans ??= []).push({ start: s.start, end: s.end, mechanism: s.mechanism, relay: node });
    this.hopFrom(p, p.hop);
  }

  /**
   * One hop's time, failures and retries included. Its draws come from the hop's own stream:
   * the latency first (so a slower link gives a longer delay for the same draw), then, on a
   * link that can fail, each attempt's failure and retry delay.
   */
  private hopTime(l: LinkState, a: number, b: number): number {
    const factor = l.effects.size > 0 ? l.factor : 1;
    const failure = l.failure;
    // A fixed latency needs no draw (draws are pure: skipping one changes no other).
    if (failure === 0) return factor * (l.def.latency.dist === 'fixed' ? l.def.latency.value : sample(l.def.latency, this.streams.uniform(a, b, l.salt)));
    const draw = this.streams.draws(a, b, l.salt);
    let t = factor * sample(l.def.latency, draw());
    for (let attempt = 0; attempt < MAX_ATTEMPTS && draw() < failure; attempt++) t += sample(l.def.retryDelay, draw());
    return t;
  }

  /** A named route's links (validate made sure they exist and carry the kind); null while one is down. */
  private namedLinks(path: string[], kind: MessageKind): number[] | null {
    const out: number[] = [];
    for (let i = 1; i < path.length; i++) {
      const l = linkBetween(this.defs, path[i - 1]!, path[i]!, kind);
      if (l < 0 || this.links[l]!.down) return null;
      out.push(l);
    }
    return out;
  }

  /**
   * The allowed path of least expected time: links that carry the kind and are up, through nodes
   * that relay, each costing its mean handling time for the decision's kind (queueing is not
   * foreseen: routes are per plan, not per run).
   */
  private route(from: string, to: string, kind: MessageKind, decision: DecisionKind): number[] | null {
    if (from === to) return [];
    const key = `${kind}|${decision}|${from}>${to}`;
    const cache = this.degraded > 0 ? this.local : this.shared;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const result = leastCostPath(this.defs, from, to, kind,
      (i) => (this.links[i]!.down ? undefined : expectedTime(this.links[i]!)),
      (n) => {
        const def = this.nodes.get(n)?.def;
        const relay = def?.processingFor[decision]?.relay ?? def?.processing.relay;
        return relay === undefined ? undefined : meanOf(relay);
      });
    cache.set(key, result);
    return result;
  }

  /** Applies a cyber effect to matching cyber-degradable links; returns their ids. */
  degrade(e: Degrade): string[] {
    const hit = this.links.filter((l) => l.def.cyberDegradable
      && (!e.touching || e.touching.includes(l.def.from) || e.touching.includes(l.def.to))
      && (!e.channel || e.channel === l.def.channel));
    // The same effect object may be applied twice (a repeated inject): each application is its own.
    const applied = { ...e };
    for (const l of hit) l.effects.add(applied);
    this.degraded += hit.length;
    this.local.clear();
    this.sched.after(e.duration, () => {
      for (const l of hit) l.effects.delete(applied);
      this.degraded -= hit.length;
      this.local.clear();
      const waiting = this.pending;
      this.pending = [];
      for (const p of waiting) this.dispatch(p);
    });
    return hit.map((l) => l.def.id);
  }
}

function expectedTime(l: LinkState): number {
  const p = l.failure;
  return l.factor * meanOf(l.def.latency) + (p / (1 - p)) * meanOf(l.def.retryDelay);
}
