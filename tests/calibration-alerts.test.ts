/**
 * Calibration against the public record of J-Alerts that went wrong (scenarios/nk-lofted-alert,
 * every number cited in its `sources`):
 *  - 13 Apr 2023: launch ~07:23, the track lost right after detection, J-Alert for Hokkaido at
 *    07:55 (32 minutes after launch), lifted at 08:16 (21 minutes after the alert);
 *  - 3 Nov 2022: launch ~07:40, an overflight announced for ~07:48 and alerted before it, then
 *    withdrawn: the missile had disappeared over the Sea of Japan;
 *  - two of the three J-Alerts for ballistic missiles from Oct 2022 to Apr 2023 were withdrawn.
 * With the legacy structure, the simulated runs must sit around those figures.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, loadScenario, loadStructure, runBatch, simulate, type DecisionOutcome, type RunResult } from '../src/index.js';

const RUNS = 400;
const plan = compilePlan(loadScenario('nk-lofted-alert'), loadStructure('legacy'));
const runs: RunResult[] = Array.from({ length: RUNS }, (_, k) => simulate(plan, { seed: '2023', runIndex: k, trace: true }));
const find = (r: RunResult, key: string): DecisionOutcome | undefined => r.decisions.find((d) => `${d.inject}/${d.decision}` === key);
/** Japan's radar (ado) lost the lofted track in this run: the 13 Apr 2023 case. */
const lost = runs.filter((r) => r.timeline!.some((e) => e.type === 'track' && e.text.startsWith('lofted-launch: ado lost the track')));
const minutes = (xs: number[]) => xs.map((x) => x / 60).sort((a, b) => a - b);
const q = (xs: number[], p: number) => xs[Math.floor(p * (xs.length - 1))]!;

describe('calibration: a lofted track lost and re-acquired (13 Apr 2023), legacy', () => {
  const alerts = minutes(lost.flatMap((r) => {
    const w = find(r, 'lofted-launch/warn-public')!;
    return w.executedAt === undefined ? [] : [w.executedAt - w.occurredAt];
  }));

  it('the track is lost in about half the runs (an assumption, stated in the file)', () => {
    // Binomial(400, 0.5): 0.42–0.58 holds with probability above 0.998.
    expect(lost.length / RUNS).toBeGreaterThan(0.42);
    expect(lost.length / RUNS).toBeLessThan(0.58);
  });

  it('launch → J-Alert after a lost track: median 28–36 min, like 07:23 → 07:55 (32)', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(lost.length * 0.99);
    expect(q(alerts, 0.5)).toBeGreaterThanOrEqual(28);
    expect(q(alerts, 0.5)).toBeLessThanOrEqual(36);
  });

  it('the middle 80% stays within 24–40 min: half an hour late, not minutes nor an hour', () => {
    expect(q(alerts, 0.1)).toBeGreaterThanOrEqual(24);
    expect(q(alerts, 0.9)).toBeLessThanOrEqual(40);
  });

  it('J-Alert → lifted on a wrong prediction: median 17–25 min, like 07:55 → 08:16 (21)', () => {
    const lifts = minutes(lost.flatMap((r) => {
      const w = find(r, 'lofted-launch/warn-public')!;
      const x = find(r, 'lift-warning/withdraw-warning');
      return x?.executedAt === undefined || w.executedAt === undefined ? [] : [x.executedAt - w.executedAt];
    }));
    // Two in three predictions are wrong: about 135 of the ~200 lost-track runs.
    expect(lifts.length).toBeGreaterThan(100);
    expect(q(lifts, 0.5)).toBeGreaterThanOrEqual(17);
    expect(q(lifts, 0.5)).toBeLessThanOrEqual(25);
  });
});

describe('calibration: an overflight alert that did not happen (3 Nov 2022), legacy', () => {
  it('launch → J-Alert before the announced overflight: median 3–8 min (07:40 → before 07:48)', () => {
    const alerts = minutes(runs.flatMap((r) => {
      const w = find(r, 'icbm-launch/warn-overflight')!;
      return w.executedAt === undefined ? [] : [w.executedAt - w.occurredAt];
    }));
    expect(q(alerts, 0.5)).toBeGreaterThanOrEqual(3);
    expect(q(alerts, 0.5)).toBeLessThanOrEqual(8);
    expect(q(alerts, 0.9)).toBeLessThanOrEqual(8);
  });

  it('the report counts about two alerts in three as false alarms, each withdrawn (2 of 3 on record)', () => {
    const report = runBatch({ scenario: loadScenario('nk-lofted-alert'), structures: ['legacy'], seed: 2022, runs: RUNS });
    for (const key of ['lofted-launch/warn-public', 'icbm-launch/warn-overflight']) {
      const t = report.decisions.find((d) => `${d.inject}/${d.decision}` === key)!.structures.legacy!.truth!;
      // Binomial(400, 0.67): 0.57–0.77 holds with probability above 0.999.
      expect(t.falseAlarms.rate).toBeGreaterThan(0.57);
      expect(t.falseAlarms.rate).toBeLessThan(0.77);
      expect(t.retracted!.rate).toBeGreaterThan(0.98);
    }
  });
});
