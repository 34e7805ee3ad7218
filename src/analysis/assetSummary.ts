/**
 * One magazine's or sortie pool's runs, folded: how much was drawn, how often a decision waited
 * or failed for want of it, and when it ran dry. Exact integer sums (times in whole µs, BigInt),
 * so any split of the runs over workers or shards merges to the same bytes (see summary.ts).
 *
 * Running dry is censored: a run in which the asset never ran dry before the scenario's end says
 * only that it lasted at least that long. So the report gives the share of runs dry by each day
 * (with its interval) and the restricted mean time to running dry — min(dry time, scenario end)
 * — never a mean over the runs that happened to run dry.
 */
import type { AssetOutcome } from '../engine/assets.js';

const US = 1e6;
const DAY = 86400;

export class AssetSummary {
  runs = 0;
  /** Runs in which it ran dry by the scenario's end. */
  dry = 0;
  /** Runs that ran dry, by the day (0-based, from the start) it happened. */
  readonly dryByDay = new Map<number, number>();
  /** Restricted time to running dry (µs): Σ and Σ² over runs. */
  sumDry = 0n;
  sumDry2 = 0n;
  drawn = 0;
  uses = 0;
  shortfalls = 0;
  waits = 0;
  endLevel = 0;

  add(a: AssetOutcome, horizon: number): void {
    this.runs++;
    const dry = a.dryAt !== undefined && a.dryAt <= horizon;
    if (dry) {
      this.dry++;
      const day = Math.floor(a.dryAt! / DAY);
      this.dryByDay.set(day, (this.dryByDay.get(day) ?? 0) + 1);
    }
    const t = BigInt(Math.round((dry ? a.dryAt! : horizon) * US));
    this.sumDry += t;
    this.sumDry2 += t * t;
    this.drawn += a.drawn;
    this.uses += a.uses;
    this.shortfalls += a.shortfalls;
    this.waits += a.waits;
    this.endLevel += a.endLevel;
  }

  merge(o: AssetSummary): void {
    this.runs += o.runs;
    this.dry += o.dry;
    for (const [d, n] of o.dryByDay) this.dryByDay.set(d, (this.dryByDay.get(d) ?? 0) + n);
    this.sumDry += o.sumDry;
    this.sumDry2 += o.sumDry2;
    this.drawn += o.drawn;
    this.uses += o.uses;
    this.shortfalls += o.shortfalls;
    this.waits += o.waits;
    this.endLevel += o.endLevel;
  }

  toJSON(): AssetSummaryJson {
    return {
      counts: [this.runs, this.dry, this.drawn, this.uses, this.shortfalls, this.waits, this.endLevel],
      dryByDay: [...this.dryByDay].sort(([a], [b]) => a - b),
      dryTime: [String(this.sumDry), String(this.sumDry2)],
    };
  }

  static fromJSON(j: AssetSummaryJson, runs: number): AssetSummary {
    const a = new AssetSummary();
    [a.runs, a.dry, a.drawn, a.uses, a.shortfalls, a.waits, a.endLevel] = j.counts;
    for (const [d, n] of j.dryByDay) a.dryByDay.set(d, n);
    [a.sumDry, a.sumDry2] = [BigInt(j.dryTime[0]), BigInt(j.dryTime[1])];
    const byDay = j.dryByDay.reduce((s, [, n]) => s + n, 0);
    if (a.runs > runs || a.dry > a.runs || byDay !== a.dry || a.shortfalls > a.waits) throw new Error('summary: an asset\'s counts do not agree with each other');
    return a;
  }
}

export interface AssetSummaryJson {
  counts: [number, number, number, number, number, number, number];
  dryByDay: [number, number][];
  dryTime: [string, string];
}
