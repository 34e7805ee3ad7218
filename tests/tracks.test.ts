/**
 * Tracks with a life (issue 8, item 1): a detection is tentative, then confirmed; it can be lost
 * and re-acquired, be false from the start, or predict wrongly; decisions inherit their track's
 * truth, and a retraction is demanded once an erroneous decision went out. Fixed times, so the
 * instants can be worked out by hand (the mini structure's force-posture flow takes 920 s).
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, loadScenario, loadStructure, runBatch, simulate, type DecisionOutcome } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { debriefText } from '../src/report/debrief.js';
import { settledText } from '../src/ui/panelText.js';
import { miniScenario, miniStructure, oneInject, posture, retraction } from './fixtures.js';

const FLOW_S = 10 + 30 + 60 + 300 + 60 + 300 + 120 + 30 + 10;

function scenario(opts: { lost?: number; falseAlarm?: number; wrong?: number; wrongFor?: string; detect?: string } = {}) {
  return miniScenario(`injects:
  - id: e
    at: 0s
    title: Event
    detection:
      - node: radar
        delay: ${opts.detect ?? '0s'}
        confirm: 20s
        lost: { probability: ${opts.lost ?? 0}, reacquire: 10m, source: fixture }
    track:
      falseAlarm: { probability: ${opts.falseAlarm ?? 0}, knowable: 5m, source: fixture }
      wrongPrediction: { probability: ${opts.wrong ?? 0}, knowable: 5m, source: fixture }
      ${opts.wrongFor ? `wrongFor: [${opts.wrongFor}]` : ''}
      onError: [retract]
    source: fixture
    decisions:
      - { id: d, kind: force-posture, deadline: 1h, success: s, failure: f, source: fixture }
      - { id: i, kind: intercept, deadline: 1h, success: s, failure: f, source: fixture }
${retraction('e/d', ', deadline: 30m')}
`);
}

const find = (ds: DecisionOutcome[], key: string) => ds.find((d) => `${d.inject}/${d.decision}` === key);

describe('tracks: tentative, lost, re-acquired, confirmed', () => {
  it('decisions open on the confirmed track: sighting + confirmation', () => {
    const r = simulate(compilePlan(scenario(), miniStructure()), { seed: 's', runIndex: 0 });
    expect(find(r.decisions, 'e/d')!.detectedAt).toBe(20);
    expect(find(r.decisions, 'e/d')!.executedAt).toBe(20 + FLOW_S);
  });

  it('a lost track is confirmed only after re-acquisition, and the decision is that much later', () => {
    const r = simulate(compilePlan(scenario({ lost: 1 }), miniStructure()), { seed: 's', runIndex: 0, trace: true });
    const d = find(r.decisions, 'e/d')!;
    expect(d.detectedAt).toBe(600 + 20);
    expect(d.executedAt).toBe(620 + FLOW_S);
    expect(r.timeline!.some((e) => e.type === 'track' && /lost the track/.test(e.text))).toBe(true);
  });

  it('loss is drawn per run from a named stream: about half the runs, the same runs for every structure', () => {
    const plans = [compilePlan(scenario({ lost: 0.5 }), miniStructure()), compilePlan(scenario({ lost: 0.5 }), miniStructure({ hqDecide: '600s' }))];
    const lostIn = plans.map((p) => Array.from({ length: 200 }, (_, k) => find(simulate(p, { seed: 'crn', runIndex: k }).decisions, 'e/d')!.detectedAt > 20));
    expect(lostIn[0]).toEqual(lostIn[1]);
    const share = lostIn[0]!.filter(Boolean).length / 200;
    // Binomial(200, 0.5): 0.38–0.62 holds with probability above 0.999.
    expect(share).toBeGreaterThan(0.38);
    expect(share).toBeLessThan(0.62);
  });
});

describe('tracks: false and wrong, and their retraction', () => {
  it('a false track makes every decision on it erroneous, and the retraction waits for the decision it withdraws', () => {
    const r = simulate(compilePlan(scenario({ falseAlarm: 1 }), miniStructure()), { seed: 's', runIndex: 0 });
    const d = find(r.decisions, 'e/d')!;
    const i = find(r.decisions, 'e/i')!;
    const x = find(r.decisions, 'retract/r')!;
    expect(d.truth).toBe('false-track');
    expect(i.truth).toBe('false-track');
    // Knowable 5 minutes after the confirmed track; the warning went out later, so the
    // retraction is demanded when it does and takes the flow's time again.
    expect(d.errorKnowableAt).toBe(20 + 300);
    expect(x.retracts).toEqual({ inject: 'e', occurrence: 1, decision: 'd' });
    expect(x.errorKnowableAt).toBe(320);
    expect(x.detectedAt).toBe(d.executedAt);
    expect(x.executedAt).toBe(d.executedAt! + FLOW_S);
    expect(d.retractedAt).toBe(x.executedAt);
    expect(x.truth).toBeUndefined();
  });

  it('a wrong prediction makes only the decisions named in wrongFor erroneous', () => {
    const r = simulate(compilePlan(scenario({ wrong: 1, wrongFor: 'd' }), miniStructure()), { seed: 's', runIndex: 0 });
    expect(find(r.decisions, 'e/d')!.truth).toBe('wrong-prediction');
    expect(find(r.decisions, 'e/i')!.truth).toBeUndefined();
  });

  it('a wrong prediction on a decision not withdrawn by a retraction demands none', () => {
    const r = simulate(compilePlan(scenario({ wrong: 1, wrongFor: 'i' }), miniStructure()), { seed: 's', runIndex: 0 });
    expect(find(r.decisions, 'e/i')!.truth).toBe('wrong-prediction');
    expect(find(r.decisions, 'retract/r')).toBeUndefined();
  });

  it('a true track demands no retraction', () => {
    const r = simulate(compilePlan(scenario({ falseAlarm: 0, wrong: 0 }), miniStructure()), { seed: 's', runIndex: 0 });
    expect(r.decisions.map((d) => d.decision)).toEqual(['d', 'i']);
    expect(r.decisions.every((d) => d.truth === undefined)).toBe(true);
  });

  it('the two interpreters agree on a retraction run', () => {
    const plan = compilePlan(scenario({ falseAlarm: 0.5, lost: 0.5 }), miniStructure());
    for (let k = 0; k < 20; k++) {
      expect(simulate(plan, { seed: 'x', runIndex: k, interpreter: 'xstate' })).toEqual(simulate(plan, { seed: 'x', runIndex: k }));
    }
  });
});

describe('tracks: bad input is refused with the place and the fix', () => {
  const bad = (body: string) => () => miniScenario(body);
  const base = (track: string, retracts = 'e/d') => `${oneInject(posture(), `    track: ${track}`)}
${retraction(retracts)}
`;
  it('an uncited false-alarm rate', () => {
    expect(bad(base('{ falseAlarm: { probability: 0.1, knowable: 5m }, onError: [retract] }'))).toThrow(/track\.falseAlarm.*cites nothing/s);
  });
  it('a probability above 1', () => {
    expect(bad(base('{ falseAlarm: { probability: 1.5, knowable: 5m, source: fixture }, onError: [retract] }'))).toThrow(/probability from 0 to 1/);
  });
  it('a retraction its target never fires', () => {
    expect(bad(base('{ falseAlarm: { probability: 0.1, knowable: 5m, source: fixture } }'))).toThrow(/never fires "retract".*track\.onError/);
  });
  it('a retraction of a decision that does not exist', () => {
    expect(bad(base('{ falseAlarm: { probability: 0.1, knowable: 5m, source: fixture }, onError: [retract] }', 'e/nope'))).toThrow(/no decision "e\/nope"/);
  });
  it('onError with no error that can happen', () => {
    expect(bad(base('{ onError: [retract] }'))).toThrow(/no error can happen/);
  });
});

describe('tracks in play: shown as they happen, and in the debrief', () => {
  it('the feed tells of the lost track and the wrong prediction; the panel marks the false alarm once it is knowable', () => {
    const scn = loadScenario('nk-lofted-alert');
    const structures = [loadStructure('legacy'), loadStructure('jfhq')];
    // A run in which Japan's radar loses the lofted track and its prediction proves wrong.
    const run = [...Array(40).keys()].find((k) => {
      const r = simulate(compilePlan(scn, structures[0]!), { seed: '1', runIndex: k, trace: true });
      return r.timeline!.some((e) => /ado lost the track/.test(e.text)) && find(r.decisions, 'lofted-launch/warn-public')!.truth !== undefined;
    })!;
    expect(run).toBeDefined();
    const s = new PlaySession(scn, structures, 1, run);
    const warned = () => s.view(0).settled.find((d) => d.key === 'lofted-launch/warn-public');
    while (!warned() && !s.finished) s.advanceTo(s.now + 30);
    // Out before the error is knowable: it looks like any warning.
    expect(warned()!.falseAlarm).toBeUndefined();
    expect(s.feed().some((f) => /ado lost the track/.test(f.text))).toBe(true);
    while (!s.feed().some((f) => /lofted-launch: the track proves to have predicted wrongly/.test(f.text))) s.advanceTo(s.now + 30);
    expect(warned()!.falseAlarm).toBe(true);
    expect(settledText(warned()!).text).toMatch(/false alarm/);
    while (!s.finished) s.advanceTo(s.now + 600);
    const withdrawal = s.view(0).settled.find((d) => d.key === 'lift-warning/withdraw-warning')!;
    expect(settledText(withdrawal).text).toMatch(/withdrew lofted-launch\/warn-public/);
    const report = s.report();
    expect(JSON.stringify(report)).toBe(JSON.stringify(runBatch({ scenario: scn, structures, seed: 1, runs: 1, firstRun: run })));
    expect(debriefText(report)).toMatch(/False alarms: legacy \d+ \(\d+ withdrawn\); jfhq/);
  });
});
