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

interface Entry {
  t: number;
  /** Runs after every ordinary event of its instant, including those scheduled during it. */
  late: boolean;
  seq: number;
  fn: () => void;
  cancelled: boolean;
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
    const e: Entry = { t: Math.max(t, this.now), late, seq: this.seq++, fn, cancelled: false };
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
      e.fn();
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
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: Entry, b: Entry) => a.t < b.t || (a.t === b.t && (a.late === b.late ? a.seq < b.seq : b.late));
