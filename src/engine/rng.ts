/**
 * Seeded random streams. Every draw comes from a stream named by (seed, run index, purpose), so
 * run 37 can be reproduced alone, and two structures simulating run 37 draw the same numbers
 * for the same purpose (the same detection delay, the same staff time at the same node): common
 * random numbers, which make the structure-vs-structure comparison paired and tight.
 *
 * Derivation, in two stages so that nothing per run hashes a string:
 *  - once per (seed, purpose): Alea (seedrandom), seeded with "seed\0purpose", gives a 128-bit
 *    key. Alea's string hash (Mash) costs ~2 µs, so keys are cached for the batch;
 *  - per run: the key, mixed with the run index by murmur3's finaliser, seeds sfc32 (Chris
 *    Doty-Humphrey's Small Fast Chaotic generator, which passes PractRand and BigCrush), warmed up
 *    by 12 outputs as its author recommends. A new stream costs tens of nanoseconds.
 * Each draw is a double with 53 random bits, in [0, 1).
 */
import seedrandom from 'seedrandom';

export type Stream = () => number;

/** Keys per seed and purpose: purposes repeat in every run of a batch, and seeds are few. */
const keyCache = new Map<string, Map<string, Uint32Array>>();
const MAX_CACHED_SEEDS = 64;

function purposeKey(seed: string, purpose: string): Uint32Array {
  let bySeed = keyCache.get(seed);
  if (!bySeed) {
    if (keyCache.size >= MAX_CACHED_SEEDS) keyCache.clear();
    keyCache.set(seed, (bySeed = new Map()));
  }
  let key = bySeed.get(purpose);
  if (!key) {
    const alea = seedrandom.alea(`${seed}\u0000${purpose}`);
    key = Uint32Array.of(alea.int32(), alea.int32(), alea.int32(), alea.int32());
    bySeed.set(purpose, key);
  }
  return key;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32 over the key mixed with the run index; returns 53-bit doubles in [0, 1). */
function sfc32Stream(key: Uint32Array, runIndex: number): Stream {
  const lo = runIndex >>> 0;
  const hi = Math.floor(runIndex / 4294967296) >>> 0;
  let a = fmix32(key[0]! ^ lo);
  let b = fmix32(key[1]! ^ hi ^ 0x9e3779b9);
  let c = fmix32(key[2]! ^ lo ^ 0x7f4a7c15);
  let d = fmix32(key[3]! ^ hi ^ 0x94d049bb) | 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

export class Streams {
  private readonly streams = new Map<string, Stream>();
  constructor(readonly seed: string, readonly runIndex: number) {}

  /** A uniform [0, 1) generator with 53 bits of precision, the same every time for this purpose. */
  get(purpose: string): Stream {
    let s = this.streams.get(purpose);
    if (!s) {
      s = sfc32Stream(purposeKey(this.seed, purpose), this.runIndex);
      this.streams.set(purpose, s);
    }
    return s;
  }
}
