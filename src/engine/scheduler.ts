/**
 * The discrete-event scheduler: a simulated clock and a queue of timed callbacks, ordered by
 * (time, insertion) so equal-time events run in a fixed order. It is also the `clock` every
 * xstate actor in a run is given, so statechart timers (`after` deadlines) fire on simulated
 * time and nothing ever waits on the wall clock.
 */
/** xstate's clock interface (not exported by name from 'xstate'). */
export interface Clock {
  setTimeout(fn: (...args: any[]) => void, timeout: number): any;
  clearTimeout(id: any): void;
}

/**
 * Something that handles its own events: the hot paths (staff, links, statechart steps) schedule
 * (handler, code, subject) rather than a closure, so an event allocates one entry and nothing else.
 */
export interface EventHandler {
  handle(code: number, subject: any): void;
}

class Entry {
  constructor(
    readonly t: number,
    /** Runs after every ordinary event of its instant, including those scheduled during it. */
    readonly late: boolean,
    readonly seq: number,
    readonly fn: (() => void) | undefined,
    readonly handler: EventHandler | undefined,
    readonly code: number,
    readonly subject: unknown,
  ) {}
  cancelled = false;
}

export type TimerHandle = Entry;

export class Scheduler {
  /** Simulated seconds since the scenario start. */
  now = 0;
  private heap: Entry[] = [];
  private seq = 0;
  /** Events run so far: the bench reports events per second from this. */
  executed = 0;

  /** `late`: after everything else at the same instant (an inject that may be cancelled then). */
  at(t: number, fn: () => void, late = false): TimerHandle {
    // A NaN time would silently break the heap's order for every later event.
    if (Number.isNaN(t)) throw new Error('scheduler: event at NaN time');
    const e = new Entry(Math.max(t, this.now), late, this.seq++, fn, undefined, 0, undefined);
    this.push(e);
    return e;
  }

  /** `handler.handle(code, subject)` at time t: an event without a closure (the hot paths). */
  call(t: number, handler: EventHandler, code: number, subject: unknown, late = false): TimerHandle {
    if (Number.isNaN(t)) throw new Error('scheduler: event at NaN time');
    const e = new Entry(t > this.now ? t : this.now, late, this.seq++, undefined, handler, code, subject);
    this.push(e);
    return e;
  }

  after(dt: number, fn: () => void, late = false): TimerHandle {
    return this.at(this.now + dt, fn, late);
  }

  cancel(h: TimerHandle): void {
    h.cancelled = true;
  }

  /** Time of the next live event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0]?.t;
  }

  /** Runs the next event. False when nothing is left. */
  step(): boolean {
    while (this.heap.length > 0) {
      const e = this.pop();
      if (e.cancelled) continue;
      this.now = e.t;
      this.executed++;
      if (e.fn !== undefined) e.fn();
      else e.handler!.handle(e.code, e.subject);
      return true;
    }
    return false;
  }

  /** xstate's clock interface works in milliseconds; the simulation works in seconds. */
  readonly clock: Clock = {
    setTimeout: (fn: (...args: unknown[]) => void, ms: number) => this.after(ms / 1000, fn),
    clearTimeout: (h: unknown) => this.cancel(h as TimerHandle),
  };

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    // Sift the hole up, then drop the entry in: one write per level rather than a swap.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        if (m + 1 < n && less(h[m + 1]!, h[m]!)) m++;
        if (!less(h[m]!, last)) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

const less = (a: Entry, b: Entry) => a.t < b.t || (a.t === b.t && (a.late === b.late ? a.seq < b.seq : b.late));
