/**
 * Counted assets in one run: magazines and sortie pools, one concept. Each is a count on hand,
 * drawn down when a decision that uses it comes to execute, and replenished by production (a
 * batch every interval, up to the scenario's end), by one-off deliveries, or — a sortie pool —
 * by each unit coming back after its turnaround. A decision that finds too few on hand waits, in
 * the order the requests came, and fails for want of the asset if its wait runs out.
 *
 * Random draws (turnarounds) come from a stream named after the asset and the number of the
 * draw (`asset:<id>:turnaround`, k), so the k-th sortie of a pool turns around in the same time
 * in every structure (common random numbers).
 */
import type { Asset } from '../model/assets.js';
import type { AssetDraw } from './plan.js';
import { hash32, type Streams } from './rng.js';
import { sample } from './sample.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

/** One asset at the end of a run (RunResult.assets, in the order of the scenario's assets). */
export interface AssetOutcome {
  id: string;
  /** Units drawn, executions that drew them, and executions that failed for want of them. */
  drawn: number;
  uses: number;
  shortfalls: number;
  /** Executions that had to wait for the asset, too few being on hand (whether they got it or not). */
  waits: number;
  /** When it first ran dry — none on hand, or too few for a use that needed them (seconds after start); absent if it never did. */
  dryAt?: number;
  /** On hand at the end of the run. */
  endLevel: number;
}

/** The count on hand of one asset now (the play panels). */
export interface AssetLevel {
  id: string;
  name: string;
  kind: Asset['kind'];
  nation: Asset['nation'];
  node: string;
  onHand: number;
  /** Requests waiting for it. */
  waiting: number;
  dryAt?: number;
}

interface Waiter {
  draws: readonly AssetDraw[];
  since: number;
  ready: (since: number) => void;
  gone: () => boolean;
  timer?: TimerHandle;
  done: boolean;
}

export class Assets {
  private readonly onHand: number[];
  private readonly stats: AssetOutcome[];
  private readonly waiters: Waiter[] = [];
  private readonly salts: number[];

  constructor(private readonly defs: readonly Asset[], private readonly sched: Scheduler, private readonly streams: Streams, horizon: number) {
    this.onHand = defs.map((a) => a.initial);
    this.stats = defs.map((a) => ({ id: a.id, drawn: 0, uses: 0, shortfalls: 0, waits: 0, endLevel: a.initial, ...(a.initial === 0 ? { dryAt: 0 } : {}) }));
    this.salts = defs.map((a) => hash32(`asset:${a.id}:turnaround`));
    defs.forEach((a, i) => {
      const p = a.production;
      if (p) {
        // One batch scheduled at a time, so a long scenario holds one pending event per line.
        const next = (t: number) => {
          if (t > horizon) return;
          this.sched.at(t, () => {
            this.add(i, p.rounds);
            next(t + p.every);
          });
        };
        next(p.start + p.every);
      }
      for (const d of a.deliveries ?? []) if (d.at <= horizon && d.rounds > 0) this.sched.at(d.at, () => this.add(i, d.rounds));
    });
  }

  /**
   * Draws what a track needs as it comes to execute. True: drawn now. Otherwise the request
   * waits (in arrival order) until `until` (seconds after start): `ready` is called when it is
   * drawn, `failed` when the wait runs out first; `gone` says the decision settled meanwhile.
   */
  take(draws: readonly AssetDraw[], until: number, ready: (since: number) => void, failed: () => void, gone: () => boolean): boolean {
    if (this.fits(draws)) {
      this.draw(draws);
      return true;
    }
    for (const d of draws) {
      if (this.onHand[d.asset]! >= d.rounds) continue;
      const st = this.stats[d.asset]!;
      st.waits++;
      // Dry: none left, or too few for a use that needs them (2 rounds left for a salvo of 4).
      st.dryAt ??= this.sched.now;
    }
    const w: Waiter = { draws, since: this.sched.now, ready, gone, done: false };
    this.waiters.push(w);
    const fail = () => {
      if (w.done) return;
      w.done = true;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      if (gone()) return;
      for (const d of draws) if (this.onHand[d.asset]! < d.rounds) this.stats[d.asset]!.shortfalls++;
      failed();
    };
    if (until <= this.sched.now) fail();
    else if (Number.isFinite(until)) w.timer = this.sched.at(until, fail);
    return false;
  }

  /** Every asset's count on hand now (the play panels). */
  levels(): AssetLevel[] {
    return this.defs.map((a, i) => ({
      id: a.id, name: a.name, kind: a.kind, nation: a.nation, node: a.node, onHand: this.onHand[i]!,
      waiting: this.waiters.filter((w) => !w.done && !w.gone() && w.draws.some((d) => d.asset === i)).length,
      ...(this.stats[i]!.dryAt !== undefined ? { dryAt: this.stats[i]!.dryAt } : {}),
    }));
  }

  outcomes(): AssetOutcome[] {
    return this.stats.map((s, i) => ({ ...s, endLevel: this.onHand[i]! }));
  }

  private fits(draws: readonly AssetDraw[]): boolean {
    for (const d of draws) if (this.onHand[d.asset]! < d.rounds) return false;
    return true;
  }

  private draw(draws: readonly AssetDraw[]): void {
    for (const d of draws) {
      const i = d.asset;
      const s = this.stats[i]!;
      this.onHand[i]! -= d.rounds;
      s.uses++;
      const turnaround = this.defs[i]!.turnaround;
      if (turnaround) {
        // Each unit comes back on its own: the k-th unit drawn from this pool, in every structure alike.
        for (let k = 0; k < d.rounds; k++) this.sched.after(sample(turnaround, this.streams.uniform(this.salts[i]!, s.drawn + k)), () => this.add(i, 1));
      }
      s.drawn += d.rounds;
      if (this.onHand[i] === 0 && s.dryAt === undefined) s.dryAt = this.sched.now;
    }
  }

  private add(i: number, n: number): void {
    const cap = this.defs[i]!.capacity;
    this.onHand[i] = cap === undefined ? this.onHand[i]! + n : Math.min(cap, this.onHand[i]! + n);
    // Waiting requests, in arrival order: each that now fits is drawn (a large one does not hold up a small one).
    for (let k = 0; k < this.waiters.length;) {
      const w = this.waiters[k]!;
      if (w.gone()) {
        w.done = true;
        if (w.timer) this.sched.cancel(w.timer);
        this.waiters.splice(k, 1);
        continue;
      }
      if (!this.fits(w.draws)) { k++; continue; }
      w.done = true;
      if (w.timer) this.sched.cancel(w.timer);
      this.waiters.splice(k, 1);
      this.draw(w.draws);
      w.ready(w.since);
    }
  }
}
