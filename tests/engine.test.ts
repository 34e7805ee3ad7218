/**
 * The engine's mechanisms, on a fixture with fixed times. The force-posture flow is:
 * assess@radar 10 + report 30 + assess@hq 60 + consult 300 + coordinate@ally 60 + reply 300
 * + decide@hq 120 + task 30 + execute@radar 10 = 920 s.
 */
import { describe, expect, it } from 'vitest';
import { runBatch, type RunResult } from '../src/index.js';
import { contingency, miniScenario, miniStructure, oneInject, posture } from './fixtures.js';

function runs(scenarioText: ReturnType<typeof miniScenario>, structure = miniStructure(), opts: { runs?: number; choices?: Record<string, string> } = {}): RunResult[] {
  const out: RunResult[] = [];
  runBatch({ scenario: scenarioText, structures: [structure], runs: opts.runs ?? 1, choices: opts.choices ?? {}, onRun: (r) => out.push(r) });
  return out;
}

const causes = (r: RunResult, i = 0) => {
  const out: Record<string, number> = {};
  for (const s of r.decisions[i]!.tracks[0]!.segments) {
    const cause = s.phase === 'coordination' ? 'coordination' : s.phase === 'escalation' ? 'escalation' : s.mechanism;
    out[cause] = (out[cause] ?? 0) + (s.end - s.start);
  }
  return out;
};

describe('a decision flows through the structure', () => {
  it('takes the sum of its steps, split by cause', () => {
    const [r] = runs(miniScenario(oneInject(posture())));
    const d = r!.decisions[0]!;
    expect(d.latency).toBeCloseTo(920, 6);
    expect(d.tracks[0]!.decidedBy).toBe('hq');
    expect(causes(r!)).toEqual({ processing: 200, transmission: 60, coordination: 660 });
  });

  it('escalates to the authority, or stops at a delegate when the deadline is close', () => {
    const intercept = (deadline: string) => `      - { id: i, kind: intercept, deadline: ${deadline}, success: s, failure: f, source: fixture }`;
    const far = runs(miniScenario(oneInject(intercept('20m'))))[0]!.decisions[0]!;
    // assess@radar 10 + escalate 30 + assess@hq 60 + decide@hq 120 + task 30 + execute 10
    expect(far.latency).toBeCloseTo(260, 6);
    expect(far.tracks[0]!.decidedBy).toBe('hq');
    const near = runs(miniScenario(oneInject(intercept('4m'))))[0]!.decisions[0]!;
    // assess@radar 10 + decide@radar 20 + execute 10, under the standing delegation
    expect(near.latency).toBeCloseTo(40, 6);
    expect(near.tracks[0]!.decidedBy).toBe('radar');
  });
});

describe('staff are servers with queues', () => {
  const surge = (n: number) => miniScenario(`injects:
  - id: e
    at: 0s
    title: Contact
    repeat: { count: ${n}, interval: 0s }
    detection: [{ node: radar, delay: 0s }]
    source: fixture
    decisions:
${posture()}`);

  it('a surge makes work wait, and the wait is reported as queueing', () => {
    const [r] = runs(surge(6), miniStructure({ hqCapacity: 1 }));
    const lat = r!.decisions.map((d) => d.latency!);
    expect(lat[0]).toBeCloseTo(920, 6);
    expect(Math.max(...lat)).toBeGreaterThan(920 + 5 * 60);
    const queued = r!.decisions.map((_, i) => causes(r!, i).queueing ?? 0);
    expect(queued[0]).toBe(0);
    expect(queued.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('more staff capacity at a node removes the wait there', () => {
    const waitAtHq = (capacity: number) => runs(surge(6), miniStructure({ hqCapacity: capacity }))[0]!.decisions
      .flatMap((d) => d.tracks[0]!.segments)
      .filter((s) => s.node === 'hq' && s.mechanism === 'queueing')
      .reduce((a, s) => a + s.end - s.start, 0);
    expect(waitAtHq(1)).toBeGreaterThan(5 * 60);
    expect(waitAtHq(6)).toBe(0);
  });
});

describe('duty hours follow local time', () => {
  it('a decision outside duty hours waits for the reach-back', () => {
    // 21:00 Tokyo: the decide step at hq (12 min later) is after hours.
    const [night] = runs(miniScenario(oneInject(posture()), '2026-01-05T12:00:00Z'));
    expect(night!.decisions[0]!.latency).toBeCloseTo(920 + 1800, 6);
    expect(causes(night!)['after-hours']).toBeCloseTo(1800, 6);
  });

  it('once reached, the decision-maker stays on hand; later they must be reached again', () => {
    const body = `injects:
  - { id: a, at: 0s, title: A, detection: [{ node: radar }], source: fixture, decisions: [{ id: d, kind: force-posture, success: s, failure: f, source: fixture }] }
  - { id: b, at: 10m, title: B, detection: [{ node: radar }], source: fixture, decisions: [{ id: d, kind: force-posture, success: s, failure: f, source: fixture }] }
  - { id: c, at: 4h, title: C, detection: [{ node: radar }], source: fixture, decisions: [{ id: d, kind: force-posture, success: s, failure: f, source: fixture }] }`;
    const [r] = runs(miniScenario(body, '2026-01-05T12:00:00Z'));
    const afterHours = r!.decisions.map((_, i) => causes(r!, i)['after-hours'] ?? 0);
    // b arrives while the reach-back for a is under way and waits only for the rest of it.
    expect(afterHours[0]).toBeCloseTo(1800, 6);
    expect(afterHours[1]).toBeCloseTo(1800 - 600, 6);
    // c comes after the 2 h the decision-maker stays, and pays the full reach-back again.
    expect(afterHours[2]).toBeCloseTo(1800, 6);
  });
});

describe('links', () => {
  const cyber = (effect: string) => miniScenario(oneInject(posture(), `    effects: [{ degradeLinks: { touching: [ally], ${effect}, duration: 1h } }]`));

  it('a link that is down holds the message until it is back', () => {
    // The consult leaves hq at 100 s; the link returns at 3600 s.
    const [r] = runs(cyber('down: true'));
    expect(r!.decisions[0]!.latency).toBeCloseTo(920 + 3500, 6);
  });

  it('a degraded link is slower by its factor', () => {
    const [r] = runs(cyber('latencyFactor: 3'));
    expect(r!.decisions[0]!.latency).toBeCloseTo(920 + 2 * 600, 6);
  });

  it('a link not marked cyber-degradable is untouched', () => {
    const structure = miniStructure({ allyLink: '{ from: hq, to: ally, channel: vtc, latency: 5m, source: fixture }' });
    const [r] = runs(cyber('down: true'), structure);
    expect(r!.decisions[0]!.latency).toBeCloseTo(920, 6);
  });

  it('failed attempts are retried after the retry delay', () => {
    const structure = miniStructure({ allyLink: '{ from: hq, to: ally, channel: vtc, latency: 5m, failureProbability: 0.5, retryDelay: 60s, source: fixture }' });
    const extra = runs(miniScenario(oneInject(posture())), structure, { runs: 300 }).map((r) => r.decisions[0]!.latency! - 920);
    for (const e of extra) expect(Math.abs(e / 60 - Math.round(e / 60))).toBeLessThan(1e-6);
    // Two crossings, each failing on average once at p = 0.5: 120 s extra on average.
    const mean = extra.reduce((a, b) => a + b, 0) / extra.length;
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(150);
  });
});

describe('deadlines, contingencies and decision points', () => {
  it('a decision past its expiry is missed, and a late one fires its contingency', () => {
    const body = `${oneInject(posture(', deadline: 10m, expires: 12m, onLate: [fallout]'))}
${contingency('fallout', 'Fallout', '      - { id: f, kind: intercept, deadline: 4m, success: s, failure: f, source: fixture }', '1m')}`;
    const [r] = runs(miniScenario(body));
    const [d, f] = r!.decisions;
    expect(d).toMatchObject({ decision: 'd', outcome: 'missed', expiresAt: 720 });
    expect(d!.latency).toBeUndefined();
    expect(f).toMatchObject({ inject: 'fallout', decision: 'f', occurredAt: 660, outcome: 'on-time' });
  });

  it('a decision point option changes the flow: a granted delegation, a fired inject', () => {
    const body = `${oneInject('      - { id: i, kind: intercept, deadline: 20m, success: s, failure: f, source: fixture }')}
  - { id: extra, contingency: true, at: 0s, title: Extra, detection: [{ node: radar }], source: fixture, decisions: [{ id: x, kind: force-posture, success: s, failure: f, source: fixture }] }
decisionPoints:
  - id: p
    at: 0s
    prompt: Delegate?
    default: keep
    options:
      - { id: keep, label: Keep, consequence: HQ decides. }
      - { id: delegate, label: Delegate, consequence: The radar decides., effects: [{ delegate: { kind: intercept, nation: JP, to: radar } }, { fire: extra }] }`;
    const kept = runs(miniScenario(body))[0]!;
    expect(kept.decisions.map((d) => [d.decision, d.tracks[0]!.decidedBy])).toEqual([['i', 'hq']]);
    expect(kept.choices).toEqual({ p: 'keep' });
    const delegated = runs(miniScenario(body), miniStructure(), { choices: { p: 'delegate' } })[0]!;
    expect(delegated.decisions.map((d) => [d.decision, d.tracks[0]!.decidedBy])).toEqual([['i', 'radar'], ['x', 'hq']]);
  });
});

describe('regressions', () => {
  it('reach-back ends when duty hours begin (reach-back-ignores-duty-start)', () => {
    // 08:42:20 Tokyo: decide@hq is asked for at 08:55, five minutes before duty starts at 09:00.
    const [r] = runs(miniScenario(oneInject(posture()), '2026-01-04T23:42:20Z'));
    expect(causes(r!)['after-hours']).toBeCloseTo(300, 6);
  });

  it('a settled decision frees the staff working on it (cancelled-work-keeps-slot)', () => {
    const body = `injects:
  - { id: a, at: 0s, title: A, detection: [{ node: radar }], source: fixture, decisions: [{ id: a, kind: intercept, deadline: 6m, expires: 7m, success: s, failure: f, source: fixture }] }
  - { id: b, at: 0s, title: B, detection: [{ node: radar }], source: fixture, decisions: [{ id: b, kind: intercept, deadline: 6m, success: s, failure: f, source: fixture }] }`;
    const [r] = runs(miniScenario(body), miniStructure({ hqCapacity: 1, hqDecide: '10m' }));
    const [a, b] = r!.decisions;
    expect(a!.outcome).toBe('missed');
    // b's decide waits only until a expires at 420 s (not until a's 10-minute decide would end).
    expect(b!.latency).toBeCloseTo(420 + 600 + 30 + 10, 6);
  });

  it('orders from a delegate never go back up through its superiors (relay-key-collision)', () => {
    // Chain hq < boss < top; orders from top go top → relay → boss → radar. A delegate (hq)
    // shares the relay but must go relay → radar, not up through boss.
    const structure = miniStructure().value;
    const node = (id: string) => ({ ...structure.nodes[1]!, id, name: id, dutyHours: 'always' as const, afterHours: undefined });
    const link = (from: string, to: string) => ({ ...structure.links[0]!, id: `${from}--${to}`, from, to });
    const custom = {
      ...miniStructure(),
      value: {
        ...structure,
        nodes: [...structure.nodes, node('boss'), node('top'), node('relay')],
        links: [...structure.links, link('hq', 'boss'), link('boss', 'top'), link('top', 'relay'), link('relay', 'boss'), link('relay', 'radar'), link('relay', 'hq')],
        authority: {
          intercept: [{
            chain: ['hq', 'boss', 'top'], delegations: [{ to: 'hq', when: 'always' as const, source: 'fixture' }],
            consult: [], taskVia: ['relay', 'boss'], executor: 'radar', source: 'fixture',
          }],
        },
      },
    };
    const scenario = miniScenario(oneInject('      - { id: i, kind: intercept, deadline: 20m, success: s, failure: f, source: fixture }'));
    const [r] = runs(scenario, custom);
    const track = r!.decisions[0]!.tracks[0]!;
    expect(track.decidedBy).toBe('hq');
    expect(track.segments.map((s) => s.step)).toEqual(['assess@radar', 'report@radar>hq', 'assess@hq', 'decide@hq', 'task@hq>relay', 'relay@relay#2', 'task@relay>radar', 'execute@radar']);
  });
});
