/**
 * The links between headquarters. A message takes the path of least expected time over the
 * links that are up; each hop costs its latency, and a failed attempt costs the retry delay
 * before it is sent again. Cyber effects make matching links slower, flakier or down for a
 * while; a message with no path waits until one comes back.
 */
import { meanOf } from '../model/distribution.js';
import type { Effect } from '../model/scenario.js';
import type { StructureLink } from '../model/structure.js';
import { hash32, type Streams } from './rng.js';
import { sample } from './sample.js';
import type { Scheduler } from './scheduler.js';

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
    let f = 1;
    for (const e of this.effects) f *= e.latencyFactor;
    return f;
  }
  get failure(): number {
    let p = this.def.failureProbability;
    for (const e of this.effects) if (e.failureProbability !== undefined) p = Math.max(p, e.failureProbability);
    return p;
  }
  get down(): boolean {
    for (const e of this.effects) if (e.down) return true;
    return false;
  }
}

export interface Delivery {
  start: number;
  end: number;
  links: string[];
}

/** A message on its way, as the play view sees it. */
export interface Transit {
  status: 'in-transit' | 'waiting-link' | 'delivered';
  /** Its route crosses a link slowed or made flaky by a cyber effect. */
  degraded: boolean;
}

interface Pending {
  from: string;
  to: string;
  /** Name the message in its hops' streams: (decision instance, step); each hop adds its link. */
  salt: number;
  stepSalt: number;
  start: number;
  deliver: (d: Delivery) => void;
  cancelled: () => boolean;
  transit: Transit;
}

const MAX_ATTEMPTS = 10_000;

/**
 * Routes over a plan's links while none is degraded, as link indices: the same in every run, so
 * they are found once per plan rather than once per run.
 */
const intactRoutes = new WeakMap<StructureLink[], Map<string, number[] | null>>();

export class Network {
  private readonly links: LinkState[];
  private readonly byNode = new Map<string, LinkState[]>();
  private pending: Pending[] = [];
  /** Links under a cyber effect now; while there are none, the plan's routes hold. */
  private degraded = 0;
  private readonly shared: Map<string, number[] | null>;
  private local = new Map<string, number[] | null>();

  constructor(links: StructureLink[], private readonly sched: Scheduler, private readonly streams: Streams) {
    this.links = links.map((def, i) => new LinkState(def, i));
    for (const l of this.links) {
      for (const n of [l.def.from, l.def.to]) {
        if (!this.byNode.has(n)) this.byNode.set(n, []);
        this.byNode.get(n)!.push(l);
      }
    }
    let shared = intactRoutes.get(links);
    if (!shared) intactRoutes.set(links, (shared = new Map()));
    this.shared = shared;
  }

  /**
   * Sends a message; `deliver` runs at the simulated time it arrives. `salt` and `stepSalt` name the
   * message for its random draws, so they do not depend on what else is in flight.
   */
  send(from: string, to: string, salt: number, stepSalt: number, deliver: (d: Delivery) => void, cancelled: () => boolean = () => false): Transit {
    const transit: Transit = { status: 'in-transit', degraded: false };
    this.dispatch({ from, to, salt, stepSalt, start: this.sched.now, deliver, cancelled, transit });
    return transit;
  }

  private dispatch(p: Pending): void {
    if (p.cancelled()) return;
    const route = this.route(p.from, p.to);
    if (route === null) {
      p.transit.status = 'waiting-link';
      this.pending.push(p);
      return;
    }
    p.transit.status = 'in-transit';
    let t = this.sched.now;
    const ids: string[] = [];
    for (const i of route) {
      const link = this.links[i]!;
      if (link.effects.size > 0) p.transit.degraded = true;
      t += this.hop(link, p.salt, p.stepSalt);
      ids.push(link.def.id);
    }
    this.sched.at(t, () => {
      p.transit.status = 'delivered';
      if (!p.cancelled()) p.deliver({ start: p.start, end: this.sched.now, links: ids });
    });
  }

  /**
   * One hop's time, failures and retries included. Its draws come from the hop's own stream:
   * the latency first (so a slower link gives a longer delay for the same draw), then, on a
   * link that can fail, each attempt's failure and retry delay.
   */
  private hop(l: LinkState, a: number, b: number): number {
    const factor = l.effects.size > 0 ? l.factor : 1;
    const failure = l.failure;
    if (failure === 0) return factor * sample(l.def.latency, this.streams.uniform(a, b, l.salt));
    const draw = this.streams.draws(a, b, l.salt);
    let t = factor * sample(l.def.latency, draw());
    for (let attempt = 0; attempt < MAX_ATTEMPTS && draw() < failure; attempt++) t += sample(l.def.retryDelay, draw());
    return t;
  }

  /** Path of least expected time over links that are up (Dijkstra; ties go to file order). */
  private route(from: string, to: string): number[] | null {
    if (from === to) return [];
    const key = `${from}>${to}`;
    const cache = this.degraded > 0 ? this.local : this.shared;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const dist = new Map<string, number>([[from, 0]]);
    const via = new Map<string, LinkState>();
    const done = new Set<string>();
    for (;;) {
      let cur: string | undefined;
      let best = Infinity;
      for (const [n, d] of dist) if (!done.has(n) && d < best) { best = d; cur = n; }
      if (cur === undefined || cur === to) break;
      done.add(cur);
      for (const l of this.byNode.get(cur) ?? []) {
        if (l.down) continue;
        const other = l.def.from === cur ? l.def.to : l.def.from;
        const w = best + expectedTime(l);
        if (w < (dist.get(other) ?? Infinity)) {
          dist.set(other, w);
          via.set(other, l);
        }
      }
    }
    let result: number[] | null = null;
    if (dist.has(to)) {
      result = [];
      for (let n = to; n !== from;) {
        const l = via.get(n)!;
        result.unshift(l.index);
        n = l.def.from === n ? l.def.to : l.def.from;
      }
    }
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
