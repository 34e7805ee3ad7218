/** Reports that answer questions: A/A comes out clean, A/B is flagged where it should be and nowhere else. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadScenario, runBatch } from '../src/index.js';
import { compareReports } from '../src/analysis/compare.js';
import { cli, HEAVY_TEST_TIMEOUT_MS, scratchDir, scratchFile } from './helpers.js';
import { miniScenario, miniStructure } from './fixtures.js';

/**
 * The A/A checks' sizes: fixed by the statistics, not by the machine (fewer comparisons would let
 * the error-rate bounds below pass by chance). Their cost is batches × runs; the batch engine is
 * being rewritten to be much faster, which shortens these without changing them.
 */
const AA_PAIRS = 30; // seed pairs of nk-irbm-overflight, each batch AA_RUNS runs of both structures
const AA_RUNS = 50;
const AA_SURGE_PAIRS = 80; // seed pairs of the surge fixture
const AA_SURGE_RUNS = 30;

describe('A/A on a surge (several correlated instances per run)', () => {
  it('is judged no different beyond noise at the nominal rate: runs, not instances, are the samples', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    // At night every contact in a run waits for the same reach-back: strongly shared within a run.
    const structure = miniStructure({ hqCapacity: 2, reachBack: '{ dist: lognormal, median: 20m, p90: 60m }' });
    const scenario = miniScenario(`injects:
  - id: e
    at: 0s
    title: Contact
    repeat: { count: 8, interval: { dist: exponential, mean: 2m } }
    detection: [{ node: radar }]
    source: fixture
    decisions:
      - { id: d, kind: force-posture, deadline: 40m, success: s, failure: f, source: fixture }`, '2026-01-05T12:00:00Z');
    let flagged = 0;
    let rateFlagged = 0;
    const pairs = AA_SURGE_PAIRS;
    for (let k = 0; k < pairs; k++) {
      const a = runBatch({ scenario, structures: [structure], seed: 5000 + 2 * k, runs: AA_SURGE_RUNS });
      const b = runBatch({ scenario, structures: [structure], seed: 5001 + 2 * k, runs: AA_SURGE_RUNS });
      expect(a.decisions[0]!.structures.mini!.clusters.maxPerRun).toBe(8);
      const s = compareReports(a, b, { a: 'a', b: 'b' }).decisions[0]!.structures.mini!;
      if (s.verdict !== 'no difference beyond noise') flagged++;
      if (s.onTimeVerdict !== 'no difference beyond noise') rateFlagged++;
    }
    // Treating the 240 instances of 30 runs as independent flagged about half of these pairs.
    expect(flagged / pairs).toBeLessThan(0.125);
    expect(rateFlagged / pairs).toBeLessThan(0.125);
  });
});

describe('A/A: two seeds of the same inputs', () => {
  it('are judged no different beyond noise, at the nominal error rate', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    const scenario = loadScenario('nk-irbm-overflight');
    let comparisons = 0;
    let flagged = 0;
    for (let k = 0; k < AA_PAIRS; k++) {
      const a = runBatch({ scenario, seed: 1000 + 2 * k, runs: AA_RUNS });
      const b = runBatch({ scenario, seed: 1001 + 2 * k, runs: AA_RUNS });
      for (const d of compareReports(a, b, { a: 'a', b: 'b' }).decisions) {
        // Where both structures flow the same way their verdicts are one verdict: count it once.
        const verdicts = new Map<string, boolean>();
        for (const s of Object.values(d.structures)) {
          if (s.verdict === 'too few instances') continue;
          verdicts.set(JSON.stringify([s.a, s.b]), s.verdict !== 'no difference beyond noise');
        }
        for (const f of verdicts.values()) { comparisons++; if (f) flagged++; }
      }
    }
    expect(comparisons).toBeGreaterThan(200);
    // 95% intervals: about 5% of true-null comparisons come out "different"; allow for the sample.
    expect(flagged / comparisons).toBeLessThan(0.09);
    // …and not never: an interval that never excludes zero would pass the line above vacuously.
    expect(flagged).toBeGreaterThan(0);
  });

  it('through the CLI: what differs is the seed alone', () => {
    const dir = scratchDir();
    cli(['run', 'nk-irbm-overflight', '--runs', '40', '--seed', '1', '--out', join(dir, 'a.json')]);
    cli(['run', 'nk-irbm-overflight', '--runs', '40', '--seed', '2', '--out', join(dir, 'b.json')]);
    const r = cli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).provenance).toEqual([{ field: 'seed', a: '1', b: '2' }]);
  });
});

describe('A/B: one link much slower', () => {
  const dir = scratchDir();
  const slow = '{dist: lognormal, median: 10m, p90: 20m}';
  cli(['run', 'nk-irbm-overflight', '--runs', '150', '--seed', '5', '--out', join(dir, 'a.json')]);
  cli(['run', 'nk-irbm-overflight', '--runs', '150', '--seed', '5', '--out', join(dir, 'b.json'),
    '--set', `legacy.links[mod--cas].latency=${slow}`, '--set', `jfhq.links[mod--cas].latency=${slow}`]);
  const c = JSON.parse(cli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json']).stdout);

  it('is flagged slower on the decisions that use the link', () => {
    for (const key of ['launch/warn-public', 'passed/all-clear']) {
      const d = c.decisions.find((x: { key: string }) => x.key === key);
      for (const s of Object.values(d.structures) as { verdict: string; movers: { name: string }[] }[]) {
        expect(s.verdict).toBe('slower');
        expect(s.movers.map((m) => m.name)).toContain('cas');
      }
    }
  });

  it('and on no others', () => {
    const uses = new Set(['launch/warn-public', 'passed/all-clear', 'late-warning/corrected-guidance']);
    for (const d of c.decisions) {
      if (uses.has(d.key)) continue;
      for (const s of Object.values(d.structures) as { verdict: string }[]) expect(s.verdict).not.toMatch(/^(faster|slower)$/);
    }
  });

  it('--json validates against the schema `c2sim schema comparison` publishes', () => {
    const schema = JSON.parse(cli(['schema', 'comparison']).stdout);
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate(c)).toBe(true);
    expect(validate({ ...c, comparisonVersion: 0 })).toBe(false);
  });

  it('records every override in provenance, and the comparison shows them', () => {
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(b.options.overrides).toEqual([
      { target: 'legacy', path: 'links[mod--cas].latency', value: { dist: 'lognormal', median: '10m', p90: '20m' }, from: '--set' },
      { target: 'jfhq', path: 'links[mod--cas].latency', value: { dist: 'lognormal', median: '10m', p90: '20m' }, from: '--set' },
    ]);
    expect(c.provenance.map((p: { field: string }) => p.field)).toEqual(['override', 'override']);
  });

  it('renders as text, as an after-action comparison, and as one HTML file', () => {
    const text = cli(['compare', join(dir, 'a.json'), join(dir, 'b.json')]).stdout;
    expect(text).toMatch(/launch\/warn-public · public-warning\n {2}legacy {4}mean \d+m\d\ds → \d+m\d\ds \(\+\d+m\d\ds \[\+.*\]\): slower/);
    const md = cli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--markdown']).stdout;
    expect(md).toContain('## What differs');
    expect(md).toMatch(/## Areas for improvement \(b worse than a beyond noise\)\n\n- `legacy`, `launch\/warn-public`/);
    const html = join(dir, 'c.html');
    expect(cli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--html', html]).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
  });
});

describe('what-if inputs', () => {
  it('bundled variants run, and are recorded', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '5', '--variant', 'stalled-transition', '--json']).stdout);
    expect(r.options.variants.map((v: { id: string }) => v.id)).toEqual(['stalled-transition']);
    expect(r.options.overrides).toHaveLength(3);
    // With the USFJ delegation withheld, the US side of the flight is decided in Hawaii.
    expect(r.decisions.find((d: { decision: string }) => d.decision === 'bilateral-flight').structures.jfhq.decidedBy.US).toEqual({ indopacom: 1 });
  });

  it.each([
    [['--set', 'jfhq.nodes[jjco].capacity=3'], /--set jfhq\.nodes\[jjco\]\.capacity: no item "jjco" in nodes; did you mean "jjoc"\?/],
    [['--set', 'jfhq.nodes[jjoc].capacty=3'], /--set jfhq\.nodes\[jjoc\]\.capacty: nodes\[\d+\]\.capacty: unknown field "capacty"; did you mean "capacity"\?/],
    [['--set', 'jfhq.nodes[jjoc].capacity=-1'], /capacity: expected a staff capacity of at least 1/],
    [['--set', 'jfhx.nodes[jjoc].capacity=3'], /"jfhx" is not in this run; did you mean "jfhq"\?/],
    [['--set', 'jfhq.linkz[a].latency=3'], /no field "linkz"; did you mean "links"\?/],
    [['--set', 'nonsense'], /--set: expected <structure id or scenario>\.<path>=<value>/],
    [['--set', 'scenario.injects[launch].decisions[warn-public].deadline=-5m'], /deadline: expected an offset/],
    [['--variant', 'stalled-transitions'], /unknown variant "stalled-transitions"; did you mean "stalled-transition"\?/],
  ])('a bad override %j is refused with close matches', (flags, message) => {
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '1', ...(flags as string[])]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('links answer to either direction; ids and the structure list cannot be overridden', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '2', '--set', 'jfhq.links[usfj--indopacom].failureProbability=0.5', '--json']).stdout);
    expect(r.options.overrides[0].path).toBe('links[usfj--indopacom].failureProbability');
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '1', '--set', 'jfhq.nodes[jjoc].id=x']).stderr).toMatch(/an id cannot be overridden/);
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '1', '--set', 'scenario.structures=[jfhq]']).stderr).toMatch(/chosen with --structures/);
  });

  it('a variant skips structures the run leaves out', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '2', '--structures', 'legacy', '--variant', 'degraded-pacific', '--json']).stdout);
    expect(r.options.overrides.every((o: { target: string }) => o.target === 'legacy')).toBe(true);
    expect(r.options.overrides).toHaveLength(10);
  });

  /** A variant file of one override, with its citation. */
  const variantFile = (id: string, key: string, value: string) => scratchFile(`${id}.yaml`, [
    `id: ${id}`, `name: ${id}`, 'description: a test variant', 'assumption: "a test"', 'set:', `  ${key}: ${value}`, '',
  ].join('\n'));

  it.each([
    // The bundled co-production variant is for scenarios with a jp-pac3 magazine.
    [['--variant', 'coproduction-doubled'], /^c2sim: \S*coproduction-doubled\.yaml:\d+:\d+: scenario\.assets\[jp-pac3\]\.production\.every: does not fit scenario nk-irbm-overflight, which has no field "assets"; use variant coproduction-doubled with a scenario that has assets\[jp-pac3\], or fix the key\n$/],
    [['--variant', variantFile('no-link', 'legacy.links[foo--bar].latency', '5m')], /^c2sim: \S*no-link\.yaml:6:\d+: legacy\.links\[foo--bar\]\.latency: does not fit structure legacy, which has no item "foo--bar" in links; use variant no-link with a structure that has links\[foo--bar\], or fix the key\n$/],
    [['--variant', variantFile('typo', 'legacy.links[usfj--indopacam].latency', '5m')], /typo\.yaml:6:\d+: legacy\.links\[usfj--indopacam\]\.latency: does not fit structure legacy, which has no item "usfj--indopacam" in links; did you mean "usfj--indopacom"/],
    // A structure no run has: silently skipped before, as if the variant were not given.
    [['--variant', variantFile('no-structure', 'legcy.nodes[csjs].capacity', '1')], /^c2sim: \S*no-structure\.yaml:6:\d+: legcy\.nodes\[csjs\]\.capacity: no structure "legcy" in this run \(legacy, jfhq\) nor bundled; did you mean "legacy"\?\n$/],
  ])('a variant that targets what the inputs do not have is refused at its key: %j', (flags, message) => {
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '1', ...(flags as string[])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a variant that changes nothing in the run says so in a note, and the run goes on', () => {
    const leftOut = cli(['run', 'nk-irbm-overflight', '--runs', '1', '--structures', 'legacy', '--variant', 'stalled-transition', '--json']);
    expect(leftOut.code).toBe(0);
    expect(JSON.parse(leftOut.stdout).options.variants).toHaveLength(1);
    expect(leftOut.stderr).toBe('c2sim: note: variant stalled-transition changes nothing in this run: it sets only jfhq, which the run does not compare (it compares legacy); add it to --structures, or leave the variant out\n');
    // legacy's Joint Staff has capacity 2 already.
    const same = variantFile('same', 'legacy.nodes[csjs].capacity', '2');
    const noOp = cli(['run', 'nk-irbm-overflight', '--runs', '1', '--variant', same, '--arm', `again=variant:${same}`]);
    expect(noOp.code).toBe(0);
    expect(noOp.stderr.split('\n').filter(Boolean)).toEqual([
      `c2sim: note: variant same (${same}) changes nothing in this run: each value it sets is one the inputs already hold (legacy.nodes[csjs].capacity); change a value, or leave the variant out`,
      `c2sim: note: variant same (${same}) changes nothing in this run: each value it sets is one the inputs already hold (legacy.nodes[csjs].capacity); change a value, or leave the variant out (arm again)`,
    ]);
    const validated = cli(['validate', same]);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toMatch(/^c2sim: note: variant same \(\S+\) changes nothing in korea-peninsula: /);
    // One that changes something, even in part of the run, gets no note.
    const changes = cli(['run', 'nk-irbm-overflight', '--runs', '1', '--structures', 'legacy', '--variant', 'degraded-pacific']);
    expect(changes.code).toBe(0);
    expect(changes.stderr).toBe('');
  });

  it('an error an override causes elsewhere says the override was applied', () => {
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '1', '--set', 'scenario.injects[launch].detection[0].node=nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown node "nosuch".*\(after --set scenario\.injects\[launch\]\.detection\[0\]\.node\)/);
  });

  it('a scenario override changes the run', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '5', '--set', 'scenario.injects[launch].decisions[warn-public].deadline=2m', '--json']).stdout);
    expect(r.decisions[0].deadline_s).toBe(120);
    expect(r.decisions[0].structures.legacy.outcomes.onTime.rate).toBeLessThan(0.5);
  });
});

describe('the comparison in the terminal', () => {
  it('wraps what differs at token joints with a hanging indent, never cutting a value mid-token', () => {
    const dir = scratchDir();
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '2', '--workers', '1', '--out', a]).code).toBe(0);
    expect(cli(['run', 'nk-irbm-overflight', '--runs', '2', '--workers', '1', '--variant', 'degraded-pacific', '--out', b]).code).toBe(0);
    const r = cli(['compare', a, b]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const start = lines.indexOf('What differs:') + 1;
    const section = lines.slice(start, lines.indexOf('', start));
    expect(section.length).toBeGreaterThan(20);
    for (const line of section) {
      expect([...line].length).toBeLessThanOrEqual(80);
      // An item starts two in; what it continues onto is indented further.
      expect(line).toMatch(/^ {2}\S|^ {4}\S/);
    }
    // Each override's text is there whole, each of its pieces (split at commas, after "=", at
    // spaces) on one line: a break falls only between them.
    const overrides = (JSON.parse(readFileSync(b, 'utf8')) as { options: { overrides: { target: string; path: string; value: unknown; from: string }[] } }).options.overrides;
    expect(overrides).toHaveLength(20);
    for (const o of overrides) {
      const text = `${o.target}.${o.path}=${JSON.stringify(o.value)} (${o.from})`;
      for (const piece of text.split(/(?<=[,=])| /)) expect(section.some((l) => l.includes(piece)), `${piece} of ${text}`).toBe(true);
    }
  });
});

describe('incompatible inputs to compare', () => {
  const dir = scratchDir();
  const good = join(dir, 'good.json');
  cli(['run', 'nk-irbm-overflight', '--runs', '3', '--out', good]);

  it('refuses reports of different scenarios', () => {
    const other = join(dir, 'tq.json');
    cli(['run', 'taiwan-quarantine', '--runs', '2', '--out', other]);
    const r = cli(['compare', good, other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is scenario "nk-irbm-overflight" and .*tq\.json is "taiwan-quarantine"; compare reports of the same scenario/);
  });

  it('refuses a report of another schema version, naming both versions', () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(good, 'utf8')), schemaVersion: 1 }));
    const r = cli(['compare', good, old]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/old\.json: is a report of schema version 1, and this c2sim reads version 3; run the scenario again/);
  });

  it('refuses a file that is not a report', () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, JSON.stringify({ schemaVersion: 3, hello: 1 }));
    expect(cli(['compare', good, junk]).stderr).toMatch(/junk\.json: .*is not a valid report/);
    expect(cli(['compare', good, join(dir, 'none.json')]).stderr).toMatch(/none\.json: no such file/);
  });
});

describe('critical paths', () => {
  it('the median and slowest instances are reproducible runs, step by step', () => {
    const report = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '40', '--seed', '8', '--json']).stdout);
    const d = report.decisions.find((x: { decision: string }) => x.decision === 'bilateral-flight');
    const { median, slowest } = d.structures.legacy.criticalPath;
    expect(slowest.latency_s).toBe(d.structures.legacy.latency_s.max_s);
    expect(median.latency_s).toBeLessThanOrEqual(slowest.latency_s);
    const sum = slowest.steps.reduce((a: number, s: { seconds: number }) => a + s.seconds, 0);
    expect(sum).toBeCloseTo(slowest.latency_s, 1);
    // That run, alone, is that instance.
    const alone = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '1', '--seed', '8', '--first-run', String(slowest.run), '--json']).stdout);
    expect(alone.decisions.find((x: { decision: string }) => x.decision === 'bilateral-flight').structures.legacy.latency_s.max_s).toBe(slowest.latency_s);
  });
});

describe('c2sim report', () => {
  it('renders a saved report as a table, an after-action report, or HTML', () => {
    const dir = scratchDir();
    const file = join(dir, 'r.json');
    cli(['run', 'taiwan-quarantine', '--runs', '15', '--out', file]);
    expect(cli(['report', file]).stdout).toMatch(/^PLA and coast guard quarantine of Taiwan.*\ntaiwan-quarantine · seed 1 · 15 runs/);
    const md = cli(['report', file, '--markdown']).stdout;
    expect(md).toMatch(/^# After-action report: /);
    expect(md).toMatch(/\| Keep the picture around Yonaguni and the Sakishima islands through the surge \| Situational assessment \| \*\*[PSMU]\*\* — \d+ of \d+ on time \(\d+%\) \| \*\*[PSMU]\*\*/);
    expect(md).toMatch(/## Areas for improvement\n\n[^#]*### Legacy \(before 2025\) \(`legacy`\)\n\n- .* Most of the time went to [a-z ]+ \(/);
    expect(cli(['report', file, '--html', join(dir, 'r.html')]).code).toBe(0);
  });
});
