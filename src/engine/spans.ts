/**
 * The spans of a track's time (segments), made and, in a streamed batch, reused.
 *
 * Every piece of staff work and every message leaves a span or two, so spans are most of what a
 * run allocates. A span is a class with every field from the start, so all spans share one shape
 * (the summary reads each one). A streamed batch folds a decision into its summary as soon as it
 * settles and never looks at its spans again: they, and the lists that held them, go back to the
 * pool for the decisions still to come. Runs that hand out their results (traces, play, `onRun`)
 * keep every span they made.
 */
import type { Phase } from './plan.js';
import type { Mechanism, Segment } from './runResult.js';

export class Span implements Segment {
  // Declared in the order a Segment's keys are written (JSON keeps it; undefined ones are left out).
  start = 0;
  end = 0;
  phase: Phase = 'detection';
  mechanism: Mechanism = 'detection';
  node = '';
  step = '';
  links: string[] | undefined = undefined;
  assets: string[] | undefined = undefined;

  /** Makes it the given span (a new one, or one reused from the pool). */
  set(start: number, end: number, phase: Phase, mechanism: Mechanism, node: string, step: string, links: string[] | undefined): this {
    this.start = start;
    this.end = end;
    this.phase = phase;
    this.mechanism = mechanism;
    this.node = node;
    this.step = step;
    this.links = links;
    this.assets = undefined;
    return this;
  }
}

export class SpanPool {
  private readonly spans: Span[] = [];
  private readonly lists: Span[][] = [];

  /** A span, reused when one is free. */
  span(start: number, end: number, phase: Phase, mechanism: Mechanism, node: string, step: string, links: string[] | undefined): Span {
    return (this.spans.pop() ?? new Span()).set(start, end, phase, mechanism, node, step, links);
  }

  /** An empty list for a track's spans. */
  list(): Span[] {
    return this.lists.pop() ?? [];
  }

  /** A settled track's spans, once nothing will read them again. */
  release(list: Span[]): void {
    // Popped one by one: setting the length to 0 would be slower, and give the list's room back.
    for (let s = list.pop(); s !== undefined; s = list.pop()) this.spans.push(s);
    this.lists.push(list);
  }
}
