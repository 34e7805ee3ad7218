/**
 * Magazines and sortie pools (issue 9, items 3 and 4): one counted resource, drawn when a
 * decision that uses it executes, replenished by production, deliveries or (a sortie pool) each
 * unit's turnaround; a decision that finds too few waits until its deadline (or expiry) and
 * fails for want of it. Reports show what was drawn, when each ran dry (censored honestly), and
 * whether assets or staff were the bottleneck; summaries merge to the same bytes however split.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, loadScenario, loadStructure, parseScenario, reportSchema, runBatch, runBatchParallel, simulate, type RunResult } from '../src/index.js';
import { emptySummary, prepareBatch, simulateRuns } from '../src/analysis/batch.js';
import { BatchSummary } from '../src/analysis/summary.js';
import { columns } from '../src/report/textWidth.js';
import { cli, HEAVY_TEST_TIMEOUT_MS, scratchFile } from './helpers.js';

/** Three raids an hour apart, each engaged with 2 PAC-3 from a magazine of `initial`. */
function raids(initial: number, extra = ''): string {
  return `id: raids
title: Three raids
summary: test
briefing: test
start: 2027-04-04T20:00:00Z
duration: 1d
structures: [legacy, jfhq]
sources: { s: "test source" }
assets:
  - { id: pac3, name: PAC-3, kind: magazine, nation: JP, node: ado, initial: ${initial}, assumption: fixture${extra} }
injects:
  - id: raid
    at: 0s
    title: Raid
    repeat: { count: 3, interval: 1h }
    detection: [{ node: ado, delay: 30s }, { node: c7f, delay: 30s }]
    assumption: fixture
    decisions:
      - { id: engage, kind: intercept, deadline: 4m, expires: 8m, uses: [{ asset: pac3, rounds: 2 }], success: s, failure: f, assumption: fixture }
`;
}

function runOnce(text: string, structure = 'legacy'): RunResult {
  const plan = compilePlan(parseScenario('raids.yaml', text), loadStructure(structure));
  return simulate(plan, { seed: '1', runIndex: 0 });
}

describe('a magazine', () => {
  it('is drawn down per engagement, runs dry, and the next engagement fails for want of rounds at its deadline', () => {
    const r = runOnce(raids(4));
    const engage = r.decisions.filter((d) => d.decision === 'engage');
    expect(engage.map((d) => d.outcome)).toEqual(['on-time', 'on-time', 'missed']);
    expect(engage[2]!.shortfall).toBe(true);
    const pac3 = r.assets![0]!;
    expect(pac3).toMatchObject({ id: 'pac3', drawn: 4, uses: 2, shortfalls: 1, waits: 1, endLevel: 0 });
    // Dry when the second raid's engagement drew the last two rounds.
    expect(pac3.dryAt).toBe(engage[1]!.tracks.find((t) => t.nation === 'JP')!.segments.find((s) => s.step.startsWith('execute'))!.start);
  });

  it('a delivery within the deadline lets the waiting engagement go ahead; the wait counts as supply', () => {
    // The third raid (t = 2h) is detected at 2h00m30s; 2 rounds arrive at 2h02m, inside its 4-minute deadline.
    const r = runOnce(raids(4, ', deliveries: [{ at: 2h2m, rounds: 2 }]'));
    const third = r.decisions.filter((d) => d.decision === 'engage')[2]!;
    expect(third.outcome).toBe('on-time');
    const supply = third.tracks.flatMap((t) => t.segments).filter((s) => s.mechanism === 'supply');
    expect(supply).toHaveLength(1);
    expect(supply[0]!.end).toBe(7320);
    expect(r.assets![0]).toMatchObject({ drawn: 6, shortfalls: 0, waits: 1, endLevel: 0 });
  });

  it('never runs dry with enough rounds: no dry time, nothing waited', () => {
    const r = runOnce(raids(8));
    expect(r.assets![0]!.dryAt).toBeUndefined();
    expect(r.assets![0]).toMatchObject({ drawn: 6, waits: 0, endLevel: 2 });
    expect(r.decisions.every((d) => d.outcome === 'on-time')).toBe(true);
  });

  it('is the same in both structures: the same stock, and the same draws where both execute alike', () => {
    const scn = loadScenario('taiwan-contingency');
    const [a, b] = ['legacy', 'jfhq'].map((s) => compilePlan(scn, loadStructure(s)));
    expect(JSON.stringify(a!.assets)).toBe(JSON.stringify(b!.assets));
    // Assets belong to the scenario: neither structure file can hold or change them.
    for (const s of ['legacy', 'jfhq']) expect(Object.keys(loadStructure(s).value)).not.toContain('assets');
  });
});

describe('a sortie pool', () => {
  it('lends each aircraft out for its turnaround: a second request waits for it to come back', () => {
    const text = raids(1).replace('kind: magazine', 'kind: sortie-pool').replace('rounds: 2', 'rounds: 1')
      .replace('assumption: fixture }', 'turnaround: 30m, assumption: fixture }').replace('interval: 1h', 'interval: 2m')
      .replace('deadline: 4m, expires: 8m', 'deadline: 40m, expires: 50m').replace('uses: [{ asset: pac3, rounds: 1 }]', 'uses: [{ asset: pac3, rounds: 1, waitUntil: expiry }]');
    const r = runOnce(text);
    const engage = r.decisions.filter((d) => d.decision === 'engage');
    const executed = engage.map((d) => d.executedAt);
    // The second waits ~30 minutes for the aircraft the first took; the third waits for it again and misses.
    expect(executed[1]! - executed[0]!).toBeGreaterThanOrEqual(1800 - 1);
    expect(engage[2]!.outcome).toBe('missed');
    expect(engage[2]!.shortfall).toBe(true);
    expect(r.assets![0]).toMatchObject({ drawn: 2, shortfalls: 1 });
  });
});

describe('asset inputs', () => {
  it('refuse an unknown asset, a turnaround on a magazine, and a stock above capacity, each with its place', () => {
    const bad = raids(4).replace('uses: [{ asset: pac3', 'uses: [{ asset: pac-3').replace('initial: 4,', 'initial: 4, capacity: 2, turnaround: 1h,');
    const r = cli(['validate', scratchFile('bad-assets.yaml', bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown asset "pac-3"/);
    expect(r.stderr).toMatch(/only a sortie-pool has a turnaround/);
    expect(r.stderr).toMatch(/above the capacity 2/);
  });

  it('refuse an asset of a nation that does not act on the decision', () => {
    // Public warnings are Japan's alone: a US magazine cannot be drawn on one.
    const text = raids(4).replace('nation: JP, node: ado', 'nation: US, node: c7f').replace('kind: intercept', 'kind: public-warning').replace('{ node: ado, delay: 30s }, { node: c7f, delay: 30s }', '{ node: cas, delay: 30s }');
    const r = cli(['run', scratchFile('wrong-nation.yaml', text), '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"pac3" is a US asset, but no US track acts on "public-warning" in this structure; use an asset of JP/);
  });
});

describe('taiwan-contingency', () => {
  it('reports magazines and the bottleneck, valid against the schema, within 80 columns', () => {
    const r = cli(['run', 'taiwan-contingency', '--runs', '12', '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MAGAZINES AND SORTIE POOLS/);
    expect(r.stdout).toMatch(/jp-pac3 .* PAC-3/);
    expect(r.stdout).toMatch(/not staff, are the bottleneck/);
    for (const line of r.stdout.split('\n')) expect(columns(line)).toBeLessThanOrEqual(80);
    const report = JSON.parse(cli(['run', 'taiwan-contingency', '--runs', '12', '--json']).stdout);
    expect(reportSchema.safeParse(report).success).toBe(true);
    const pac3 = report.assets.find((a: { id: string }) => a.id === 'jp-pac3');
    const f = pac3.structures.legacy;
    // Censored honestly: the share dry by each day never falls, ends at the share dry by the end,
    // and every run that never ran dry counts at the scenario's end in the restricted mean.
    const shares = f.dryByDay.map((x: { share: number }) => x.share);
    expect(shares).toEqual([...shares].sort((x: number, y: number) => x - y));
    expect(shares.at(-1)).toBe(f.dry.share);
    expect(f.timeToDry_s.censored).toBe(12 - f.dry.count);
    expect(f.timeToDry_s.restrictedMean_s).toBeLessThanOrEqual(28 * 86400);
    const track = report.decisions.find((d: { decision: string }) => d.decision === 'track-contact').structures.legacy;
    expect(track.byCause_s.supply).toBeGreaterThan(0);
    expect(typeof track.shortfalls).toBe('number');
  });

  it('summaries with assets merge to the same bytes however the runs are split (as workers and shards do)', () => {
    const batch = prepareBatch({ scenario: 'taiwan-contingency', runs: 10, seed: 3 });
    const whole = JSON.stringify(simulateRuns(batch, 0, 10, emptySummary(batch)).toJSON());
    expect(whole).toContain('"assets"');
    for (const cuts of [[3], [1, 7], [2, 5, 9]]) {
      const edges = [0, ...cuts, 10];
      const parts = edges.slice(1).map((to, i) => simulateRuns(batch, edges[i]!, to, emptySummary(batch))).reverse();
      const merged = emptySummary(batch);
      for (const p of parts) merged.merge(BatchSummary.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))));
      expect(JSON.stringify(merged.toJSON())).toBe(whole);
    }
  });

  it('gives the report of one thread on worker threads', async () => {
    // Workers take batches of 100 runs and more; this thread stays out, so the workers surely run them.
    const opts = { scenario: 'taiwan-contingency', runs: 200, seed: 2 } as const;
    const one = JSON.stringify(runBatch(opts));
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 2, thisThreadWorks: false }))).toBe(one);
  }, HEAVY_TEST_TIMEOUT_MS);

  it('the doubled co-production variant, as an arm, draws more PAC-3 and fails no more engagements for want of them', () => {
    const report = JSON.parse(cli(['run', 'taiwan-contingency', '--runs', '10', '--json', '--arm', 'doubled=variant:coproduction-doubled']).stdout);
    const pac3 = report.assets.find((a: { id: string }) => a.id === 'jp-pac3').structures;
    expect(pac3['legacy@doubled'].drawn).toBeGreaterThanOrEqual(pac3.legacy.drawn);
    expect(pac3['legacy@doubled'].shortfalls).toBeLessThanOrEqual(pac3.legacy.shortfalls);
  });
});

describe('a report whose asset figures do not add up', () => {
  it('is refused with the field path', () => {
    const r = cli(['run', 'taiwan-contingency', '--runs', '4', '--json']);
    const report = JSON.parse(r.stdout);
    report.assets[0].structures.legacy.timeToDry_s.censored += 1;
    const file = scratchFile('bad-report.json', JSON.stringify(report));
    const out = cli(['report', file]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/assets\[0\]\.structures\.legacy\.dry: .*do not add up to the report's 4 runs/);
  });
});

describe('reports of scenarios without assets', () => {
  it('keep their bytes: no supply cause, no shortfalls, no assets section', () => {
    const report = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '5', '--json']).stdout);
    expect(report.assets).toBeUndefined();
    for (const d of report.decisions) for (const r of Object.values(d.structures) as { byCause_s: object; shortfalls?: number }[]) {
      expect(Object.keys(r.byCause_s)).not.toContain('supply');
      expect(r.shortfalls).toBeUndefined();
    }
  });
});
