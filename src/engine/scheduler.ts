/**
 * The discrete-event scheduler: a simulated clock and a queue of timed callbacks, ordered by
 * (time, insertion) so equal-time events run in a fixed order. It is also the `clock` every
 * xstate actor in a run is given, so statechart timers (`after` deadlines) fire on simulated
 * time and nothing ever waits on the wall clock.
 *
 * Every event of every batch run passes through here, so the queue allocates nothing per event:
 * the heap is three typed arrays (time, order, slot), and what an event runs lives in slots that
 * are reused once their event has run. A handle names a slot and the slot's generation, so a
 * handle kept after its event ran (or was cancelled) cannot cancel the slot's next occupant.
 */
/** xstate's clock interface (not exported by name from 'xstate'). */
export interface Clock {
  setTimeout(fn: (...args: any[]) => void, timeout: number): any;
  clearTimeout(id: any): void;
}

/**
 * Something that handles its own events: the hot paths (staff, links, statechart steps) schedule
 * (handler, code, subject) rather than a closure, so an event allocates nothing.
 */
export interface EventHandler {
  handle(code: number, subject: any): void;
}

/**
 * A scheduled event's handle: its slot and the slot's generation, packed in one number (always
 * positive, so `if (handle)` tests for one). Only the scheduler that issued it can use it.
 */
export type TimerHandle = number;

/** Slots per generation step in a handle: pending events at once stay far below 2^26. */
const SLOT_BITS = 2 ** 26;
/** `late` events sort after every ordinary event of their instant (order keys below 2^52). */
const LATE = 2 ** 52;

/** Runs a closure scheduled with `at`/`after`: the closure is the event's subject. */
const CLOSURE: EventHandler = { handle: (_code: number, fn: () => void) => fn() };

export class Scheduler {
  /** Simulated seconds since the scenario start. */
  now = 0;
  /** Events run so far: the bench reports events per second from this. */
  executed = 0;
  private seq = 0;
  private size = 0;
  // The heap: each position's time, order key (insertion order, late ones after) and slot.
  private ht = new Float64Array(64);
  private ho = new Float64Array(64);
  private hs = new Int32Array(64);
  // The slots: what each event runs, its generation, and whether it was cancelled.
  private handler: (EventHandler | undefined)[] = [];
  private subject: unknown[] = [];
  private code = new Int32Array(64);
  private gen = new Float64Array(64);
  private dead = new Uint8Array(64);
  private free = new Int32Array(64);
  private freeCount = 0;
  private slots = 0;

  /** `late`: after everything else at the same instant (an inject that may be cancelled then). */
  at(t: number, fn: () => void, late = false): TimerHandle {
    return this.call(t, CLOSURE, 0, fn, late);
  }

  /** `handler.handle(code, subject)` at time t: an event without a closure (the hot paths). */
  call(t: number, handler: EventHandler, code: number, subject: unknown, late = false): TimerHandle {
    // A NaN time would silently break the heap's order for every later event.
    if (Number.isNaN(t)) throw new Error('scheduler: event at NaN time');
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.handler[slot] = handler;
    this.subject[slot] = subject;
    this.code[slot] = code;
    this.dead[slot] = 0;
    this.push(t > this.now ? t : this.now, late ? LATE + this.seq++ : this.seq++, slot);
    return this.gen[slot]! * SLOT_BITS + slot;
  }

  after(dt: number, fn: () => void, late = false): TimerHandle {
    return this.at(this.now + dt, fn, late);
  }

  /** Cancels a pending event; a handle whose event has run (or was cancelled) does nothing. */
  cancel(h: TimerHandle): void {
    const slot = h % SLOT_BITS;
    if (this.gen[slot] === (h - slot) / SLOT_BITS) this.dead[slot] = 1;
  }

  /** Time of the next live event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    while (this.size > 0 && this.dead[this.hs[0]!] === 1) this.release(this.pop());
    return this.size > 0 ? this.ht[0] : undefined;
  }

  /** Runs the next event. False when nothing is left. */
  step(): boolean {
    while (this.size > 0) {
      const t = this.ht[0]!;
      const slot = this.pop();
      if (this.dead[slot] === 1) {
        this.release(slot);
        continue;
      }
      const handler = this.handler[slot]!;
      const subject = this.subject[slot];
      const code = this.code[slot]!;
      // Free the slot before running: the event may schedule others (and reuse it).
      this.release(slot);
      this.now = t;
      this.executed++;
      handler.handle(code, subject);
      return true;
    }
    return false;
  }

  /** xstate's clock interface works in milliseconds; the simulation works in seconds. */
  readonly clock: Clock = {
    setTimeout: (fn: (...args: unknown[]) => void, ms: number) => this.after(ms / 1000, fn),
    clearTimeout: (h: unknown) => this.cancel(h as TimerHandle),
  };

  private newSlot(): number {
    const slot = this.slots++;
    if (slot === SLOT_BITS) throw new Error('scheduler: too many pending events');
    if (slot >= this.code.length) {
      const n = this.code.length * 2;
      this.code = grow(this.code, new Int32Array(n));
      this.gen = grow(this.gen, new Float64Array(n));
      this.dead = grow(this.dead, new Uint8Array(n));
      this.free = grow(this.free, new Int32Array(n));
    }
    this.gen[slot] = 1;
    return slot;
  }

  /** The slot's event is over: a new generation, and free for the next event. */
  private release(slot: number): void {
    this.gen[slot]!++;
    this.handler[slot] = undefined;
    this.subject[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private push(t: number, o: number, slot: number): void {
    if (this.size === this.ht.length) {
      const n = this.size * 2;
      this.ht = grow(this.ht, new Float64Array(n));
      this.ho = grow(this.ho, new Float64Array(n));
      this.hs = grow(this.hs, new Int32Array(n));
    }
    const ht = this.ht, ho = this.ho, hs = this.hs;
    let i = this.size++;
    // Sift the hole up, then drop the entry in: one write per level rather than a swap.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ht[p]!;
      if (pt < t || (pt === t && ho[p]! < o)) break;
      ht[i] = pt;
      ho[i] = ho[p]!;
      hs[i] = hs[p]!;
      i = p;
    }
    ht[i] = t;
    ho[i] = o;
    hs[i] = slot;
  }

  /** Takes the earliest entry off the heap; returns its slot. */
  private pop(): number {
    const ht = this.ht, ho = this.ho, hs = this.hs;
    const top = hs[0]!;
    const n = --this.size;
    if (n > 0) {
      const lt = ht[n]!, lo = ho[n]!, ls = hs[n]!;
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        if (m + 1 < n) {
          const a = ht[m + 1]!, b = ht[m]!;
          if (a < b || (a === b && ho[m + 1]! < ho[m]!)) m++;
        }
        const mt = ht[m]!;
        if (lt < mt || (lt === mt && lo < ho[m]!)) break;
        ht[i] = mt;
        ho[i] = ho[m]!;
        hs[i] = hs[m]!;
        i = m;
      }
      ht[i] = lt;
      ho[i] = lo;
      hs[i] = ls;
    }
    return top;
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
