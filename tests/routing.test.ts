/**
 * Routing follows the organisation (issue 8, item 4): a message of a kind travels only on the
 * channels that carry it, a node passes messages on only if it relays (at its staff's handling
 * time, queued like other work), and a structure can name a consultation's route.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, loadScenario, loadStructure, parseStructure, runBatch, simulate, type RunResult } from '../src/index.js';
import { miniScenario, oneInject, posture } from './fixtures.js';
import { bundled, cli, replaceOnce, scratchFile } from './helpers.js';

/**
 * hq consults ally. The cheapest wire is data links through the radar (which relays nothing, and
 * data links carry no consultations); the allowed way is through the desk, which relays.
 */
function relayStructure(opts: RelayOptions = {}) {
  return parseStructure('relay-structure.yaml', relayYaml(opts));
}

function oneRun(structure: ReturnType<typeof relayStructure>, body = oneInject(posture())): RunResult {
  const out: RunResult[] = [];
  runBatch({ scenario: miniScenario(body), structures: [structure], runs: 1, choices: {}, onRun: (r) => out.push(r) });
  return out[0]!;
}

const stepsOf = (r: RunResult) => r.decisions[0]!.tracks[0]!.segments;

describe('messages use only the channels that carry their kind', () => {
  it('a consultation never crosses a data link, in any bundled structure and scenario', () => {
    for (const scn of ['nk-irbm-overflight', 'taiwan-quarantine']) {
      for (const str of ['legacy', 'jfhq']) {
        const structure = loadStructure(str);
        const channel = new Map(structure.value.links.map((l) => [l.id ?? `${l.from}--${l.to}`, l.channel]));
        const plan = compilePlan(loadScenario(scn), structure);
        let consultations = 0;
        for (let run = 0; run < 5; run++) {
          for (const d of simulate(plan, { seed: '1', runIndex: run }).decisions) {
            for (const t of d.tracks) {
              for (const s of t.segments) {
                const consult = /^(consult|reply)@/.test(s.step);
                for (const l of s.links ?? []) {
                  if (consult) consultations++;
                  expect(channel.get(l), `${scn}/${str} ${s.step} over ${l}`).not.toBe(consult ? 'data-link' : 'vtc');
                }
              }
            }
          }
        }
        expect(consultations, `${scn}/${str}`).toBeGreaterThan(0);
      }
    }
  });

  it('validate refuses a consultation with no allowed route, naming the channels and the fixes', () => {
    const text = bundled('structures/legacy.yaml');
    // Without the ACM link the minister's consultation could only go over JADGE data links.
    // (The ACM coordination center is a node since #9: its link to INDOPACOM is bocc--indopacom.)
    const f = scratchFile('legacy.yaml', replaceOnce(text, '  - { from: bocc, to: indopacom, channel: vtc,', '  - { from: bocc, to: indopacom, channel: data-link,'));
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/legacy\.yaml:\d+:\d+: routes\[0\]\.via\[0\]: the link bocc--indopacom is data-link, which carries no consultation \(it carries report, escalation, tasking\); route the consultation another way/);
    expect(r.stderr).toMatch(/legacy\.yaml:\d+:\d+: routes\[1\]\.via\[1\]: the link bocc--indopacom is data-link, which carries no consultation/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('relaying costs the relay its staff time, or is not allowed', () => {
  it('a node without processing.relay passes nothing on: validate says how to fix it', () => {
    const r = cli(['validate', scratchFile('relay.yaml', relayYaml())]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/relay\.yaml:\d+:\d+: authority\.force-posture\[0\]\.consult\[0\]: no route for a consultation from "hq" to "ally" .*through nodes that relay \(processing\.relay\); add a link, let a node on the way relay, or name a route/);
  });

  it('a consultation through a relaying desk pays the desk\'s handling both ways, as staff work at the desk', () => {
    const r = oneRun(relayStructure({ deskRelay: '3m' }));
    const consult = stepsOf(r).filter((s) => s.step === 'consult@hq>ally');
    expect(consult.map((s) => [s.mechanism, s.node, s.end - s.start, s.links ?? []])).toEqual([
      ['transmission', 'ally', 20, ['hq--desk']],
      ['processing', 'desk', 180, []],
      ['transmission', 'ally', 300, ['desk--ally']],
    ]);
    const reply = stepsOf(r).filter((s) => s.step === 'reply@ally>hq');
    expect(reply.reduce((t, s) => t + s.end - s.start, 0)).toBe(300 + 180 + 20);
    // assess 10 + report 30 + assess 60 + consult 500 + coordinate 60 + reply 500 + decide 120 + task 30 + execute 10
    expect(r.decisions[0]!.latency).toBeCloseTo(10 + 30 + 60 + 500 + 60 + 500 + 120 + 30 + 10, 6);
  });

  it('relay work queues behind the relay\'s other work (capacity 1, two consultations at once)', () => {
    const body = oneInject(`${posture()}\n      - { id: d2, kind: force-posture, success: s, failure: f, source: fixture }`);
    const r = oneRun(relayStructure({ deskRelay: '3m', deskCapacity: 1 }), body);
    const queued = r.decisions.flatMap((d) => d.tracks[0]!.segments).filter((s) => s.node === 'desk' && s.mechanism === 'queueing');
    expect(queued.length).toBeGreaterThan(0);
    expect(queued[0]!.end - queued[0]!.start).toBeCloseTo(180, 6);
  });

  it('each relay draws from its own stream: a random handling time differs by run, not by what else is queued', () => {
    const s = relayStructure({ deskRelay: '{ dist: lognormal, median: 3m, p90: 6m }', deskCapacity: 4 });
    const handling = (body: string) => oneRun(s, body).decisions[0]!.tracks[0]!.segments
      .filter((x) => x.node === 'desk' && x.mechanism === 'processing').map((x) => x.end - x.start);
    const alone = handling(oneInject(posture()));
    const crowded = handling(oneInject(`${posture()}\n      - { id: d2, kind: force-posture, success: s, failure: f, source: fixture }`));
    expect(alone).toHaveLength(2);
    expect(alone[0]).not.toBe(alone[1]);
    expect(crowded).toEqual(alone);
  });
});

describe('a structure names the route of a consultation', () => {
  it('a named route is taken even where another allowed path is faster', () => {
    const s = relayStructure({
      deskRelay: '3m',
      extraLinks: '  - { from: hq, to: ally, channel: secure-voice, latency: 20m, source: fixture }',
      routes: '  - { from: hq, to: ally, via: [], source: fixture }',
    });
    const consult = stepsOf(oneRun(s)).filter((x) => x.step === 'consult@hq>ally');
    expect(consult.map((x) => x.links)).toEqual([['hq--ally']]);
    // Without the named route the desk's path (20 s + 3 m + 5 m) wins.
    const free = relayStructure({ deskRelay: '3m', extraLinks: '  - { from: hq, to: ally, channel: secure-voice, latency: 20m, source: fixture }' });
    expect(stepsOf(oneRun(free)).filter((x) => x.step === 'consult@hq>ally').flatMap((x) => x.links ?? [])).toEqual(['hq--desk', 'desk--ally']);
  });

  it('validate refuses a named route through a node that does not relay, or over a missing link', () => {
    const f = scratchFile('relay.yaml', relayYaml({ routes: '  - { from: hq, to: ally, via: [desk], source: fixture }\n  - { from: radar, to: hq, via: [ally], messages: [report], source: fixture }' }));
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/relay\.yaml:\d+:\d+: routes\[0\]\.via\[0\]: "desk" relays nothing \(no processing\.relay\); add processing\.relay to it, or route around it/);
    expect(r.stderr).toMatch(/routes\[1\]\.via\[0\]: "ally" relays nothing/);
    expect(r.stderr).toMatch(/routes\[1\]\.via\[0\]: no link between "ally" and "hq" on the route; add one, or change via/);
  });
});

describe('the ACM link carries legacy\'s consultations with INDOPACOM (acm-link-carries-nothing)', () => {
  // Before routing followed the organisation, legacy's Joint Staff–INDOPACOM consultations went
  // over JADGE data links via Air Defense Command and 5th Air Force: slowing the ACM link
  // (csjs--indopacom, since #9 bocc--indopacom: the BOCC's video link to Hawaii) changed no decision.
  const meanLatency = (args: string[]) => {
    const r = cli(['run', 'nk-irbm-overflight', '--structures', 'legacy', '--runs', '40', '--json', ...args]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { decisions: { decision: string; structures: Record<string, { latency_s: { mean_s: number } | null }> }[] };
    return new Map(report.decisions.map((d) => [d.decision, d.structures.legacy?.latency_s?.mean_s]));
  };

  it('slowing bocc--indopacom to 20m/45m slows legacy\'s bilateral decisions by tens of minutes', () => {
    const base = meanLatency([]);
    const slow = meanLatency(['--set', 'legacy.links[bocc--indopacom].latency={dist: lognormal, median: 20m, p90: 45m}']);
    // A consultation and its reply each cross the link: about +30 minutes at the median.
    for (const d of ['raise-bmd-posture', 'bilateral-flight']) expect(slow.get(d)! - base.get(d)!, d).toBeGreaterThan(20 * 60);
    // The public warning does not consult: it does not move.
    expect(base.get('warn-public')).toBeGreaterThan(0);
    expect(slow.get('warn-public')).toBe(base.get('warn-public'));
  });
});

interface RelayOptions { deskRelay?: string; deskCapacity?: number; routes?: string; extraLinks?: string }

function relayYaml(opts: RelayOptions = {}): string {
  const relay = opts.deskRelay === undefined ? '' : `, relay: ${opts.deskRelay}`;
  return `id: relay
name: Relay
description: A consultation that must go through a desk.
sources: { fixture: "test fixture" }
nodes:
  - { id: radar, name: Radar, nation: JP, location: A, timeZone: Asia/Tokyo, capacity: 4, processing: { assess: 10s, decide: 20s, task: 10s }, source: fixture }
  - { id: hq, name: HQ, nation: JP, location: B, timeZone: Asia/Tokyo, capacity: 2, processing: { assess: 60s, decide: 120s, task: 10s }, source: fixture }
  - { id: desk, name: Desk, nation: JP, location: B, timeZone: Asia/Tokyo, capacity: ${opts.deskCapacity ?? 2}, processing: { assess: 60s, task: 10s${relay} }, source: fixture }
  - { id: ally, name: Ally, nation: US, location: C, timeZone: Pacific/Honolulu, capacity: 2, processing: { assess: 60s, decide: 60s, coordinate: 60s, task: 10s }, source: fixture }
links:
  - { from: radar, to: hq, channel: data-link, latency: 30s, source: fixture }
  - { from: radar, to: ally, channel: data-link, latency: 10s, source: fixture }
  - { from: hq, to: desk, channel: liaison, latency: 20s, source: fixture }
  - { from: desk, to: ally, channel: vtc, latency: 5m, source: fixture }
${opts.extraLinks ? `${opts.extraLinks}\n` : ''}${opts.routes ? `routes:\n${opts.routes}\n` : ''}authority:
  force-posture:
    - { chain: [hq], consult: [ally], executor: radar, source: fixture }
`;
}

describe('named routes are part of the structure a reform is checked on', () => {
  it('a route dropped in jfhq only is a difference the reform must name', () => {
    const text = bundled('structures/jfhq.yaml');
    const line = text.split('\n').find((l) => l.startsWith('  - { from: csjs, to: indopacom, via: [bocc],'))!;
    const r = cli(['validate', scratchFile('jfhq.yaml', replaceOnce(text, `${line}\n`, ''))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/routes\[csjs--indopacom\] differs from legacy \(only in legacy, not here\) but is not marked as the reform's/);
  });
});
