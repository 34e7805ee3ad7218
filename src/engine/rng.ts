/**
 * Seeded random streams. Every draw comes from a stream named by (seed, run index, purpose), so
 * run 37 can be reproduced alone, and two structures simulating run 37 draw the same numbers
 * for the same purpose: common random numbers, which make the structure-vs-structure comparison
 * paired and tight.
 *
 * Purposes are fine-grained on purpose. Each piece of staff work and each hop of each message
 * draws from a stream of its own, named by the decision instance (inject, occurrence, decision)
 * and the step (nation, statechart state, link): so a draw does not depend on the order in which
 * work happens to reach a node, the same work draws the same numbers in both structures, and a
 * slower link cannot reshuffle anyone else's draws. Injects (intervals, detection), the life of
 * each occurrence's track (`inject:<id>#<k>:track:…`: lost, re-acquired, confirmed, false, wrong,
 * when the error is knowable) and nodes (reaching a decision-maker out of hours) have named
 * streams of their own.
 *
 * Derivation, with nothing per run that hashes a string more than once:
 *  - per seed: Alea (seedrandom) hashes the seed string into a 128-bit key;
 *  - per run: the key mixed with the run index;
 *  - per stream: the run's key mixed with the purpose (two 32-bit hashes: murmur3's finaliser
 *    over FNV-1a), seeding sfc32 — Chris Doty-Humphrey's Small Fast Chaotic generator, which
 *    passes PractRand and BigCrush — warmed up by 12 outputs as its author recommends.
 * Each draw is a double with 53 random bits, in [0, 1).
 */
import seedrandom from 'seedrandom';

export type Stream = () => number;

const seedKeys = new Map<string, Uint32Array>();

function seedKey(seed: string): Uint32Array {
  let key = seedKeys.get(seed);
  if (!key) {
    if (seedKeys.size > 1024) seedKeys.clear();
    const alea = seedrandom.alea(seed);
    key = Uint32Array.of(alea.int32(), alea.int32(), alea.int32(), alea.int32());
    seedKeys.set(seed, key);
  }
  return key;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a purpose name (FNV-1a, finalised): `salt` gives an independent second hash. */
export function hash32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * hash32 built up in pieces, for names made of parts (`<inject>#<occurrence>/<decision>`): a
 * cached prefix state, then the rest, then fmix32 — the same value as hash32 of the whole text,
 * without building it.
 */
export const FNV_START = 0x811c9dc5;
export function fnvText(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
const digits = new Int32Array(20);
/** Folds in the decimal digits of a non-negative integer, as String(n) would write them. */
export function fnvInteger(h: number, n: number): number {
  let k = 0;
  do {
    digits[k++] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  while (k > 0) h = Math.imul(h ^ digits[--k]!, 0x01000193);
  return h;
}

/** sfc32 from four 32-bit words, warmed up; returns 53-bit doubles in [0, 1). */
function sfc32(a: number, b: number, c: number, d: number): Stream {
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
  private readonly named = new Map<string, Stream>();
  /** The run's key: the seed's, mixed with the run index. */
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  constructor(readonly seed: string, readonly runIndex: number) {
    const key = seedKey(seed);
    const lo = runIndex >>> 0;
    const hi = Math.floor(runIndex / 4294967296) >>> 0;
    this.k0 = fmix32(key[0]! ^ lo);
    this.k1 = fmix32(key[1]! ^ hi ^ 0x9e3779b9);
    this.k2 = fmix32(key[2]! ^ fmix32(lo ^ 0x7f4a7c15));
    this.k3 = fmix32(key[3]! ^ fmix32(hi ^ 0x94d049bb));
  }

  /** The stream of a named purpose (an inject's intervals, a node's reach-back): the same object all run. */
  get(purpose: string): Stream {
    let s = this.named.get(purpose);
    if (!s) this.named.set(purpose, (s = this.draws(hash32(purpose), hash32(purpose, 0x5bd1e995))));
    return s;
  }

  /**
   * A fresh stream for a purpose given as hashes — a decision instance and a step (and a link) —
   * so the hot path builds no strings. The same hashes give the same stream.
   */
  draws(a: number, b: number, c = 0): Stream {
    return sfc32(fmix32(this.k0 ^ a), fmix32(this.k1 ^ b), fmix32(this.k2 ^ c), this.k3 ^ fmix32(a ^ b ^ c ^ 0x27d4eb2f));
  }

  /** The first draw of `draws(a, b, c)`, without making the stream (the hot path: one draw per piece of work). */
  uniform(a: number, b: number, c = 0): number {
    let sa = fmix32(this.k0 ^ a);
    let sb = fmix32(this.k1 ^ b);
    let sc = fmix32(this.k2 ^ c);
    let sd = this.k3 ^ fmix32(a ^ b ^ c ^ 0x27d4eb2f);
    let hi = 0;
    for (let i = 0; i < 14; i++) {
      const t = (((sa + sb) | 0) + sd) | 0;
      sd = (sd + 1) | 0;
      sa = sb ^ (sb >>> 9);
      sb = (sc + (sc << 3)) | 0;
      sc = (sc << 21) | (sc >>> 11);
      sc = (sc + t) | 0;
      if (i === 12) hi = t >>> 0;
      else if (i === 13) return ((hi >>> 5) * 67108864 + ((t >>> 0) >>> 6)) / 9007199254740992;
    }
    return NaN;
  }
}
