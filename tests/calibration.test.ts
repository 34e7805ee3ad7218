/**
 * Calibration against the public record (DOMAIN.md): launch → first J-Alert was ~6 min (2012),
 * 4 min (29 Aug 2017), 5 min and 7 min for Aomori (4 Oct 2022). With the legacy structure the
 * simulated distribution must sit in that range.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runBatch, type RunResult } from '../src/index.js';

describe('calibration: nk-irbm-overflight, legacy', () => {
  const runs: RunResult[] = [];
  runBatch({ scenario: loadScenario('nk-irbm-overflight'), structures: ['legacy'], seed: 2017, runs: 400, onRun: (r) => runs.push(r) });
  const minutes = runs
    .map((r) => r.decisions.find((d) => d.decision === 'warn-public')!)
    .map((d) => (d.executedAt! - d.occurredAt) / 60)
    .sort((a, b) => a - b);
  const q = (p: number) => minutes[Math.floor(p * (minutes.length - 1))]!;

  it('every run issues the warning', () => {
    expect(minutes).toHaveLength(400);
    expect(minutes.every(Number.isFinite)).toBe(true);
  });

  it('launch → J-Alert: median 4–6 min, like 2017 (4) and 2022 (5)', () => {
    expect(q(0.5)).toBeGreaterThanOrEqual(4);
    expect(q(0.5)).toBeLessThanOrEqual(6);
  });

  it('launch → J-Alert: the middle 80% stays within 3–8 min (fastest 4, slowest 7 on record)', () => {
    expect(q(0.1)).toBeGreaterThanOrEqual(3);
    expect(q(0.9)).toBeLessThanOrEqual(8);
  });
});
