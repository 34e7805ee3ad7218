/**
 * Seeded random streams. Every draw comes from a stream named by (seed, run index, purpose), so
 * run 37 can be reproduced alone, and two structures simulating run 37 draw the same numbers
 * for the same purpose (the same detection delay, the same staff time at the same node): common
 * random numbers, which make the structure-vs-structure comparison paired and tight.
 */
import seedrandom from 'seedrandom';

export type Stream = () => number;

export class Streams {
  private readonly streams = new Map<string, Stream>();
  constructor(readonly seed: string, readonly runIndex: number) {}

  /** A uniform [0, 1) generator with 53 bits of precision, the same every time for this purpose. */
  get(purpose: string): Stream {
    let s = this.streams.get(purpose);
    if (!s) {
      const prng = seedrandom.alea(`${this.seed}\u0000${this.runIndex}\u0000${purpose}`);
      s = () => prng.double();
      this.streams.set(purpose, s);
    }
    return s;
  }
}
