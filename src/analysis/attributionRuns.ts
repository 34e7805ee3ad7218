/**
 * The per-run values an attribution needs: for each run, each column (subset of the reform's
 * elements) and each decision, the run's restricted mean time to execution (undefined where the
 * decision was not faced). A run depends only on (seed, index, inputs), so blocks of runs may be
 * simulated anywhere and put back in run order.
 */
import { simulate } from '../engine/simulation.js';
import { decisionKeys, type PreparedBatch } from './batch.js';

export type RunValues = (number | null)[][];

export function attributionRunValues(batch: PreparedBatch, from: number, to: number, onRun?: () => void): RunValues[] {
  const keys = decisionKeys(batch.scenario);
  const out: RunValues[] = [];
  for (let run = from; run < to; run++) {
    out.push(batch.plans.map((plan) => {
      const r = simulate(plan, { seed: batch.seed, runIndex: run, choices: batch.choices, interpreter: batch.interpreter });
      const sum = new Map<string, [number, number]>();
      for (const d of r.decisions) {
        const k = `${d.inject}/${d.decision}`;
        // Misses are censored at their expiry (or the run's end), as in the report's restricted mean.
        const t = d.latency ?? Math.max(0, (d.expiresAt ?? r.endedAt) - d.detectedAt);
        const s = sum.get(k) ?? [0, 0];
        sum.set(k, [s[0] + t, s[1] + 1]);
      }
      return keys.map((k) => { const s = sum.get(k); return s ? s[0] / s[1] : null; });
    }));
    onRun?.();
  }
  return out;
}
