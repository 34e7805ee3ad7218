/** Play mode runs on the same engine: a played session is the single run `c2sim run` would make. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure, runBatch } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { cli } from './helpers.js';
import { miniScenario, miniStructure, oneInject, posture } from './fixtures.js';

function playThrough(session: PlaySession, pick: (options: string[]) => string, stride: number) {
  let guard = 0;
  while (!session.finished && guard++ < 100_000) {
    const point = session.pending;
    if (point) session.choose(pick(point.options.map((o) => o.id)));
    else session.advanceTo(session.now + stride);
  }
  return session;
}

describe('a played session', () => {
  it('gives exactly the report of the same single run, whatever the pace and choices', () => {
    const nk = loadScenario('nk-irbm-overflight');
    const structures = [loadStructure('legacy'), loadStructure('jfhq')];
    fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 2 }), (run, stride, option) => {
      const session = playThrough(new PlaySession(nk, structures, 9, run), (o) => o[option % o.length]!, stride);
      const report = session.report();
      const batch = runBatch({ scenario: nk, structures, seed: 9, runs: 1, firstRun: run, choices: report.options.choices });
      expect(JSON.stringify(report)).toBe(JSON.stringify(batch));
    }), { numRuns: 15, seed: 3 });
  });

  it('holds on the Taiwan scenario, with three decision points', () => {
    const tq = loadScenario('taiwan-quarantine');
    const session = playThrough(new PlaySession(tq, [loadStructure('legacy'), loadStructure('jfhq')], 2, 4), (o) => o[o.length - 1]!, 900);
    const report = session.report();
    expect(Object.keys(report.options.choices)).toHaveLength(3);
    expect(JSON.stringify(report)).toBe(JSON.stringify(runBatch({ scenario: tq, seed: 2, runs: 1, firstRun: 4, choices: report.options.choices })));
  });

  it('shows the clock in Tokyo, Hawaii and Washington', () => {
    const session = new PlaySession(loadScenario('nk-irbm-overflight'), [loadStructure('legacy'), loadStructure('jfhq')], 1);
    expect(session.clock().map((c) => `${c.label} ${c.text}`)).toEqual(['Tokyo Tue 07:22', 'Hawaii Mon 12:22', 'Washington Mon 18:22']);
    session.advanceTo(3 * 3600);
    expect(session.pending?.id).toBe('allied-response');
    expect(session.now).toBe(1800);
    expect(session.clock()[0]!.text).toBe('Tue 07:52');
  });

  it('a decision that expires while queued leaves the queue at once (cancelled-stays-queued)', () => {
    // a is decided at hq for 10 minutes from 100 s; b waits behind it and expires at 420 s.
    const body = `injects:
  - { id: a, at: 0s, title: A, detection: [{ node: radar }], source: fixture, decisions: [{ id: a, kind: intercept, deadline: 6m, success: s, failure: f, source: fixture }] }
  - { id: b, at: 0s, title: B, detection: [{ node: radar }], source: fixture, decisions: [{ id: b, kind: intercept, deadline: 361s, expires: 7m, success: s, failure: f, source: fixture }] }`;
    const s = new PlaySession(miniScenario(body), [miniStructure({ hqCapacity: 1, hqDecide: '10m' })], 1);
    s.advanceTo(400);
    expect(s.sims[0]!.queueLengths().get('hq')).toBe(1);
    s.advanceTo(430);
    expect(s.view(0).settled.map((d) => [d.key, d.outcome])).toEqual([['b/b', 'missed']]);
    expect(s.sims[0]!.queueLengths().get('hq')).toBe(0);
  });

  it('says why each track waits: after hours, queue, link down, the ally', () => {
    const status = (scenario: ReturnType<typeof miniScenario>, t: number, structure = miniStructure()) => {
      const s = new PlaySession(scenario, [structure], 1);
      s.advanceTo(t);
      return s.view(0).open.flatMap((d) => d.tracks.map((tr) => [tr.status, tr.detail]));
    };
    // The consult leaves hq at 100 s; coordinate@ally runs 400–460 s; decide@hq asks at 760 s.
    expect(status(miniScenario(oneInject(posture()), '2026-01-05T12:00:00Z'), 800)).toEqual([['after-hours', 'after hours at hq: reaching the decision-maker']]);
    expect(status(miniScenario(oneInject(posture())), 420)).toEqual([['waiting-ally', 'waiting for the ally (ally)']]);
    const down = miniScenario(oneInject(posture(), '    effects: [{ degradeLinks: { touching: [ally], down: true, duration: 1h } }]'));
    expect(status(down, 500)).toEqual([['link-down', 'hq → ally: link down']]);
    const surge = miniScenario(`injects:
  - { id: e, at: 0s, title: C, repeat: { count: 3, interval: 0s }, detection: [{ node: radar }], source: fixture, decisions: [{ id: d, kind: force-posture, success: s, failure: f, source: fixture }] }`);
    expect(status(surge, 50, miniStructure({ hqCapacity: 1 })).map(([st]) => st)).toEqual(['working', 'queued', 'queued']);
  });
});

describe('play without a terminal', () => {
  it('says in one line to use a terminal or c2sim run, and exits 2', () => {
    const r = cli(['play', 'nk-irbm-overflight']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('c2sim: play: needs a terminal (stdin and stdout); for a scripted run use c2sim run <scenario>, or c2sim replay <recording>\n');
    expect(r.stdout).toBe('');
  });
});
