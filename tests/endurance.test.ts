/**
 * Endurance (issue 9, item 5): staff slow with hours on duty and at the circadian low, shift
 * changes cost a handover, augmentees raise capacity after a stated delay — and a structure
 * without an endurance block runs exactly as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePlan, loadStructure, parseScenario, parseStructure, reformIssues, runBatch, simulate } from '../src/index.js';
import { bundled, cli, replaceOnce, scratchFile } from './helpers.js';
import type { RunResult } from '../src/index.js';

/** One 24/7 watch floor that assesses, decides and executes; `endurance` goes on the node. */
function watch(endurance = '', capacity = 1, structureLevel = '', lognormal = false) {
  return parseStructure('watch.yaml', `
id: watch
name: Watch floor
description: One 24/7 staff (fixture).
sources: { fixture: "test fixture" }
${structureLevel}
nodes:
  - id: ops
    name: Operations center
    nation: JP
    location: Tokyo
    timeZone: Asia/Tokyo
    capacity: ${capacity}
    processing: { assess: ${lognormal ? '{ dist: lognormal, median: 10m, p90: 25m }' : '10m'}, decide: 10m, task: 0s }
    source: fixture
${endurance.split('\n').map((l) => `    ${l}`).join('\n')}
links: []
authority:
  force-posture:
    - { chain: [ops], executor: ops, source: fixture }
`);
}

/** Injects at the given offsets (each its own id: `e0`, `e1`…), detected at once. */
function crisis(offsets: string[], start = '2026-01-05T00:00:00Z', duration = '3d') {
  return parseScenario('crisis.yaml', `
id: crisis
title: Crisis
summary: Fixture.
briefing: Fixture.
start: "${start}"
duration: ${duration}
sources: { fixture: "test fixture" }
injects:
${offsets.map((at, i) => `  - id: e${i}
    at: ${at}
    title: Event ${i}
    detection: [{ node: ops, delay: 0s }]
    source: fixture
    decisions:
      - { id: d, kind: force-posture, success: s, failure: f, source: fixture }`).join('\n')}
`);
}

const run = (str: ReturnType<typeof watch>, scn: ReturnType<typeof crisis>, seed = '1'): RunResult =>
  simulate(compilePlan(scn, str), { seed, runIndex: 0 });

const latencies = (r: RunResult) => r.decisions.map((d) => d.latency!);
/** Seconds per mechanism over every track of every decision. */
function byMechanism(r: RunResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of r.decisions) for (const t of d.tracks) for (const s of t.segments) out[s.mechanism] = (out[s.mechanism] ?? 0) + s.end - s.start;
  return out;
}

describe('fatigue: work slows with hours on duty', () => {
  const fatigue = 'endurance: { fatigue: { onset: 8h, perHour: 0.05 }, source: fixture }';

  it('20 minutes of work takes 20 minutes rested, and about 10% longer 10 hours into the watch', () => {
    // No shifts: a 24/7 staff has been on since the crisis began. Each step's pace is the pace
    // when it starts: assess at 10h (2h past the onset), decide 11 minutes later.
    const r = run(watch(fatigue), crisis(['0s', '10h']));
    const assess = 600 * (1 + 0.05 * 2);
    const decide = 600 * (1 + 0.05 * (2 + assess / 3600));
    expect(latencies(r)[0]).toBe(1200);
    expect(latencies(r)[1]).toBeCloseTo(assess + decide, 6);
    expect(byMechanism(r).fatigue).toBeCloseTo(assess + decide - 1200, 6);
    expect(byMechanism(r).processing).toBeCloseTo(2400, 6);
  });

  it('more hours on duty never speeds processing (property, the same draws at every time)', () => {
    const str = (perHour: number, onset: number) => watch(`endurance: { fatigue: { onset: ${onset}h, perHour: ${perHour}, perDay: 0.02, max: 3 }, source: fixture }`, 1, '', true);
    fc.assert(fc.property(
      fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 40 * 60 }), fc.integer({ min: 1, max: 20 * 60 }), fc.integer({ min: 1, max: 1000 }),
      (perHour, onset, earlierMin, laterBy, seed) => {
        const s = str(perHour, onset);
        // The same inject id, so the same draws; no shifts and no circadian low, so a later
        // start is only more hours on duty (and more days into the crisis).
        const lat = (min: number) => run(s, crisis([`${min}m`]), String(seed)).decisions[0]!.latency!;
        return lat(earlierMin + laterBy) >= lat(earlierMin) - 1e-9;
      },
    ), { numRuns: 60 });
  });

  it('the slowdown stops at its stated maximum', () => {
    const r = run(watch('endurance: { fatigue: { onset: 0s, perHour: 1, max: 1.5 }, source: fixture }'), crisis(['30h']));
    expect(latencies(r)).toEqual([1800]);
  });
});

describe('the circadian low, on the node\'s own clock', () => {
  it('work started at 03:00 Tokyo takes 25% longer; at 09:00 it does not', () => {
    // 2026-01-05T18:00Z is 03:00 on the 6th in Tokyo; 00:00Z is 09:00.
    const str = watch('endurance: { circadian: { from: "02:00", to: "06:00", slowdown: 0.25 }, source: fixture }');
    expect(latencies(run(str, crisis(['18h'])))).toEqual([1500]);
    expect(latencies(run(str, crisis(['0s'])))).toEqual([1200]);
  });
});

describe('shift handovers', () => {
  it('work in progress at a shift change pauses for the handover (09:05 change, 15m handover)', () => {
    const str = watch('endurance: { shifts: { changes: ["09:05", "21:05"], handover: 15m }, source: fixture }');
    const r = run(str, crisis(['0s']));
    expect(latencies(r)).toEqual([1200 + 900]);
    expect(byMechanism(r).handover).toBe(900);
  });

  it('a handover that blocks new work holds an item that arrives during it', () => {
    const str = watch('endurance: { shifts: { changes: ["09:00"], handover: 15m, blocksNewWork: true }, source: fixture }');
    const r = run(str, crisis(['5m']));
    // Waits 10 minutes for the handover, then 20 minutes of work.
    expect(latencies(r)).toEqual([600 + 1200]);
  });

  it('hours on duty count from the last shift change', () => {
    const shifts = 'shifts: { changes: ["09:00", "21:00"], handover: 0s }';
    const str = watch(`endurance: { fatigue: { onset: 0s, perHour: 0.1 }, ${shifts}, source: fixture }`);
    // 13:00 Tokyo: 4 hours into the 09:00 watch (not 28 hours into the crisis).
    const assess = 600 * 1.4;
    expect(latencies(run(str, crisis(['28h'])))[0]).toBeCloseTo(assess + 600 * (1 + 0.1 * (4 + assess / 3600)), 6);
  });
});

describe('augmentees', () => {
  it('raise capacity after the stated delay: queued work starts when they arrive', () => {
    const scn = crisis(['0s', '0s', '0s'].map((_, i) => `${i}s`));
    const base = latencies(run(watch('', 1), scn));
    const aug = latencies(run(watch('endurance: { augmentees: { after: 5m, capacity: 2 }, source: fixture }', 1), scn));
    // At 5 minutes two more hands: the waiting two start at once.
    expect(aug).toEqual([1200, 1500 - 1, 1500 - 2]);
    expect(base.every((b, i) => b >= aug[i]!)).toBe(true);
    expect(base[2]).toBeGreaterThan(2000);
  });

  it('arriving after all work is done, they are no event: the run ends where it did', () => {
    const scn = crisis(['0s', '1s']);
    const a = run(watch('', 1), scn);
    const b = run(watch('endurance: { augmentees: { after: 2d, capacity: 2 }, source: fixture }', 1), scn);
    expect(b.endedAt).toBe(a.endedAt);
    expect(latencies(b)).toEqual(latencies(a));
  });
});

describe('a structure-level default, and opting out', () => {
  it('every node takes the structure\'s endurance unless it says none', () => {
    const level = 'endurance: { fatigue: { onset: 0s, perHour: 0.1 }, assumption: "fixture", confidence: L }';
    const assess = 600 * 1.1;
    expect(latencies(run(watch('', 1, level), crisis(['1h'])))[0]).toBeCloseTo(assess + 600 * (1 + 0.1 * (1 + assess / 3600)), 6);
    expect(latencies(run(watch('endurance: none', 1, level), crisis(['1h'])))).toEqual([1200]);
  });

  it('a node\'s own parts replace those of the default, and it keeps the rest', () => {
    const level = 'endurance: { fatigue: { onset: 0s, perHour: 0.1 }, circadian: { slowdown: 0.5 }, assumption: "fixture", confidence: L }';
    // Its own day starts at 08:00 Tokyo (23:00Z): at 00:00Z (09:00) it is 1 hour in, with the default's fatigue.
    const own = 'endurance: { shifts: { changes: ["08:00"], handover: 0s }, assumption: "fixture" }';
    const assess = 600 * 1.1;
    expect(latencies(run(watch(own, 1, level), crisis(['0s'])))[0]).toBeCloseTo(assess + 600 * (1 + 0.1 * (1 + assess / 3600)), 6);
    // The default's circadian low and cap still apply: at 03:00 Tokyo, 19 hours into its day,
    // (1 + 1.9) × 1.5 is past the cap of twice the rested time.
    expect(latencies(run(watch(own, 1, level), crisis(['18h'])))).toEqual([2400]);
  });
});

describe('reports show where endurance time went', () => {
  it('byCause_s has fatigue and handover where they took time, and nothing new where they did not', () => {
    const scn = crisis(['0s', '10h', '20h']);
    const plain = runBatch({ scenario: scn, structures: [watch()], runs: 4, seed: 3 });
    const causes = plain.decisions[0]!.structures.watch!.byCause_s;
    expect(Object.keys(causes)).toEqual(['detection', 'transmission', 'queueing', 'processing', 'after-hours', 'escalation', 'coordination']);
    // The first event's work runs across the 09:05 change; every event is worked by a tired watch.
    const tired = runBatch({ scenario: scn, structures: [watch('endurance: { fatigue: { onset: 0s, perHour: 0.05 }, shifts: { changes: ["09:05"], handover: 15m }, source: fixture }')], runs: 4, seed: 3 });
    const r = tired.decisions[0]!.structures.watch!;
    expect(r.byCause_s.handover).toBe(900);
    expect(r.byCause_s.fatigue).toBeGreaterThan(0);
    const sum = Object.values(r.byCause_s).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(r.latency_s!.mean_s, 2);
  });
});

describe('endurance in the bundled structures and in bad input', () => {
  it('legacy and jfhq carry the same endurance: a figure changed in one only is a difference the reform does not name', () => {
    const legacy = loadStructure('legacy').value;
    const jfhq = loadStructure('jfhq').value;
    expect(legacy.endurance).toEqual(jfhq.endurance);
    expect(reformIssues(legacy, jfhq)).toEqual([]);
    const tired = parseStructure('jfhq.yaml', replaceOnce(bundled('structures/jfhq.yaml'), 'perHour: 0.01 ', 'perHour: 0.02 ')).value;
    expect(reformIssues(legacy, tired).map((i) => i.message)).toEqual([
      expect.stringMatching(/^endurance\.fatigue\.perHour differs from legacy \(0\.02 here, 0\.01 in legacy\) but is not marked as the reform's/),
    ]);
  });

  it('a negative slowdown is one line naming the file and the field, exit 2', () => {
    const file = scratchFile('legacy.yaml', replaceOnce(bundled('structures/legacy.yaml'), 'perHour: 0.01 ', 'perHour: -1 '));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/legacy\.yaml:\d+:\d+: endurance\.fatigue\.perHour: expected a slowdown of 0 or more/);
  });
});
