/**
 * `c2sim sensitivity`: one at a time over every ranged input, paired with the base. A fixture
 * with fixed times makes every answer known by hand: two structures that differ only in how long
 * their HQ takes to decide (300 s against 210 s), so "fast" is faster by exactly 90 s in every
 * run, and its decide time — the only input with a wide range — flips the verdict at ×300/210.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure, parseScenario, parseStructure } from '../src/index.js';
import { runSensitivity } from '../src/analysis/sensitivity.js';
import { studyInputs, studyLabel, studyOverrides } from '../src/model/studyInputs.js';
import { sensitivitySchema, type Sensitivity } from '../src/model/sensitivity.js';
import { asObjects, parseCsv } from './csvParse.js';
import { cli, HEAVY_TEST_TIMEOUT_MS, ROOT, scratchDir, scratchFile } from './helpers.js';

const structureYaml = (id: string, decide: string, extra = '', track = '{ chain: [hq], executor: radar, source: fixture }') => `
id: ${id}
name: ${id}
description: Fixture.
sources: { fixture: "test fixture" }
nodes:
  - { id: radar, name: Radar, nation: JP, location: A, timeZone: Asia/Tokyo, capacity: 4, processing: { assess: 10s, decide: 20s, task: 10s }, source: fixture }
  - { id: hq, name: HQ, nation: JP, location: B, timeZone: Asia/Tokyo, capacity: 2, processing: { assess: 60s, decide: ${decide}, task: 10s }, source: fixture${extra} }
links:
  - { from: radar, to: hq, channel: data-link, latency: 30s, source: fixture }
authority:
  force-posture:
    - ${track}
`;

const scenarioYaml = (structures: string) => `
id: fx
title: Fixture
summary: Fixture.
briefing: Fixture.
start: "2026-01-05T01:00:00Z"
duration: 12h
structures: [${structures}]
sources: { fixture: "test fixture" }
injects:
  - id: e
    at: 0s
    title: Event
    detection: [{ node: radar, delay: 0s }]
    source: fixture
    decisions:
      - { id: d, kind: force-posture, success: s, failure: f, source: fixture }
`;

// Everything cites a source (confidence H, ±10%) except fast's HQ, an assumption whose decide
// time a source ranges from half to three times.
const SLOW = structureYaml('slow', '300s');
const FAST = structureYaml('fast', '210s', ', assumption: "fixture", range: { processing.decide: [0.5, 3] }');

describe('c2sim sensitivity', () => {
  it('ranks first the input that obviously dominates, and finds its flip by bisection within tolerance of 300/210', async () => {
    const scenario = parseScenario('fx.yaml', scenarioYaml('slow, fast'));
    const s = await runSensitivity({
      scenario, structures: [parseStructure('slow.yaml', SLOW), parseStructure('fast.yaml', FAST)], runs: 3, workers: 1,
    });
    expect(sensitivitySchema.safeParse(s).success).toBe(true);
    const d = s.decisions[0]!;
    expect(d.base.differences[0]).toMatchObject({ baseline: 'slow', candidate: 'fast', difference_s: -90, verdict: 'faster', identical: false });
    const top = d.inputs[0]!;
    expect(`${top.target}.${top.path}`).toBe('fast.nodes[hq].processing.decide');
    // ×0.5 and ×3 of 210 s: −105 s and +420 s on fast, nothing on slow; the difference moves with fast.
    expect(top.low.structures.fast!.change_s).toBe(-105);
    expect(top.high.structures.fast!.change_s).toBe(420);
    expect(top.high.structures.slow).toEqual({ change_s: 0, ci95_s: [0, 0] });
    expect(top.high.differences[0]).toMatchObject({ change_s: 420, difference_s: 330, verdict: 'slower' });
    expect(top.swing_s).toBe(525);
    expect(d.inputs.slice(1).every((i) => i.swing_s < top.swing_s / 4)).toBe(true);
    // Only that input's high end flips "faster"; the threshold is where 210·f = 300.
    expect(d.flips).toHaveLength(1);
    const f = d.flips[0]!;
    expect(f).toMatchObject({ target: 'fast', path: 'nodes[hq].processing.decide', side: 'high', from: 'faster', to: 'slower' });
    const threshold = 300 / 210;
    expect(f.bracket[0]).toBeLessThanOrEqual(threshold);
    expect(f.bracket[1]).toBeGreaterThanOrEqual(threshold);
    expect(f.bracket[1] - f.bracket[0]).toBeLessThanOrEqual(s.options.tolerance);
    expect(Math.abs(f.factor - threshold)).toBeLessThanOrEqual(s.options.tolerance);
    expect(f.set).toBe(`fast.nodes[hq].processing.decide=${f.value}`);
    expect(s.points.bisection).toBe(f.steps);
  });

  it('moves an input the same in both structures in both at once: the same change in each, none in their difference', async () => {
    const s = await runSensitivity({
      scenario: parseScenario('fx.yaml', scenarioYaml('slow, fast')), structures: [parseStructure('slow.yaml', SLOW), parseStructure('fast.yaml', FAST)], runs: 3, workers: 1,
    });
    const d = s.decisions[0]!;
    // The radar is alike in both: one input, set in both; the HQ's decide time differs, so each structure's is its own.
    const assess = d.inputs.find((i) => i.path === 'nodes[radar].processing.assess')!;
    expect([assess.target, assess.targets]).toEqual(['slow+fast', ['slow', 'fast']]);
    expect(assess.low.set).toBe('slow.nodes[radar].processing.assess={ dist: fixed, value: 9 }; fast.nodes[radar].processing.assess={ dist: fixed, value: 9 }');
    expect([assess.low.structures.slow!.change_s, assess.low.structures.fast!.change_s, assess.low.differences[0]!.change_s]).toEqual([-1, -1, 0]);
    expect(d.inputs.filter((i) => i.path === 'nodes[hq].processing.decide').map((i) => i.target).sort()).toEqual(['fast', 'slow']);
    expect(d.inputs.filter((i) => i.path === 'nodes[radar].processing.assess')).toHaveLength(1);
  });

  it('bundled structures: what they share outside the reform moves together, the reform\'s own places alone', () => {
    const inputs = studyInputs(loadScenario('nk-irbm-overflight').value, [loadStructure('legacy').value, loadStructure('jfhq').value]);
    const targets = (label: string) => inputs.filter((i) => i.path === label).map((i) => i.targets.join('+'));
    expect(targets('nodes[csjs].processing.decide')).toEqual(['legacy+jfhq']);
    expect(targets('links[csjs--bocc].latency')).toEqual(['legacy+jfhq']);
    // USFJ is reconstituted by the reform (nodes[usfj] is a reform change): each structure's own.
    expect(targets('nodes[usfj].processing.assess')).toEqual(['legacy', 'jfhq']);
    expect(targets('nodes[jjoc].capacity')).toEqual(['jfhq']);
    // Delegations that are assumptions are on/off inputs; the sourced one (intercept-authority, H) is not.
    expect(inputs.filter((i) => i.kind === 'presence').map(studyLabel)).toEqual([
      'legacy+jfhq.authority.intercept[US].delegations[0]', 'jfhq.authority.isr-retask[US].delegations[0]',
      'jfhq.authority.show-of-force[US].delegations[0]', 'jfhq.authority.cyber-defense[US].delegations[0]',
    ]);
    // Every input at either end is a valid input of every structure it is set in (all of one end
    // at once: each lands on its own path, and a bad one names its --set).
    for (const end of [0, 1]) {
      const o = inputs.flatMap((i) => studyOverrides(i, i.factors[end]!));
      for (const id of ['legacy', 'jfhq']) {
        const st = loadStructure(id);
        expect(() => parseStructure(st.file, st.text, o.filter((x) => x.target === id))).not.toThrow();
      }
    }
  });

  it('a delegation is an on/off input: absent at its low end, and a verdict it flips is flipped by the switch (no bisection)', async () => {
    // Both escalate from the radar to the HQ (300 s to decide); "deleg" lets the radar decide (20 s).
    const track = (extra: string) => `{ chain: [radar, hq], executor: radar, source: fixture${extra} }`;
    const a = structureYaml('plain', '300s', '', track(''));
    const b = structureYaml('deleg', '300s', '', track(', delegations: [{ to: radar, when: always, assumption: "fixture" }]'));
    const s = await runSensitivity({
      scenario: parseScenario('fx.yaml', scenarioYaml('plain, deleg')), structures: [parseStructure('plain.yaml', a), parseStructure('deleg.yaml', b)], runs: 3, workers: 1,
    });
    expect(sensitivitySchema.safeParse(s).success).toBe(true);
    const d = s.decisions[0]!;
    expect(d.base.differences[0]).toMatchObject({ difference_s: -400, verdict: 'faster' });
    const top = d.inputs[0]!;
    expect(top).toMatchObject({ target: 'deleg', path: 'authority.force-posture[JP].delegations[0]', kind: 'presence', confidence: 'U', swing_s: 400 });
    expect([top.low.factor, top.low.value, top.low.set]).toEqual([0, 'absent', 'deleg.authority.force-posture[JP].delegations=[]']);
    expect([top.high.factor, top.high.value]).toEqual([1, 'present']);
    expect([top.low.structures.deleg!.change_s, top.low.structures.plain!.change_s, top.low.differences[0]!.verdict]).toEqual([400, 0, 'no difference beyond noise']);
    expect(top.high.differences[0]).toMatchObject({ change_s: 0, verdict: 'faster' });
    expect(d.flips).toEqual([expect.objectContaining({
      path: 'authority.force-posture[JP].delegations[0]', side: 'low', from: 'faster', to: 'no difference beyond noise', factor: 0, value: 'absent', bracket: [1, 0], steps: 0, onOff: true,
    })]);
    expect(s.points.bisection).toBe(0);
    expect(s.notes.join(' ')).toMatch(/on\/off input has nothing between its ends, so no bisection/);
  });

  it('regression: a study of a scenario whose deadline is an assumption failed ("--arm p0: changes how decision … is stated")', async () => {
    // The deadline moves as an input; each column's outcomes are read against its own deadline.
    const text = scenarioYaml('slow, fast').replace('{ id: d, kind: force-posture, success: s, failure: f, source: fixture }',
      '{ id: d, kind: force-posture, success: s, failure: f, deadline: 10m, expires: 20m, assumption: "fixture", confidence: L }');
    const s = await runSensitivity({ scenario: parseScenario('fx.yaml', text), structures: [parseStructure('slow.yaml', SLOW), parseStructure('fast.yaml', FAST)], runs: 2, workers: 1 });
    expect(s.decisions[0]!.inputs.map((i) => `${i.target}.${i.path}`)).toEqual(expect.arrayContaining(['scenario.injects[e].decisions[d].deadline', 'scenario.injects[e].decisions[d].expires']));
  });

  it('gives byte-identical JSON for the same seed (any number of workers), a tornado within 80 columns, an HTML page and --out', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    const dir = scratchDir();
    scratchFile('slow.yaml', SLOW, dir);
    scratchFile('fast.yaml', FAST, dir);
    const scen = scratchFile('fx.yaml', scenarioYaml('slow, fast'), dir);
    // 200 runs: enough for two worker threads to share them (fewer run in one thread).
    const args = ['sensitivity', scen, '--structures', `${join(dir, 'slow.yaml')},${join(dir, 'fast.yaml')}`, '--runs', '200', '--seed', '7'];
    const a = cli([...args, '--json', '--workers', '1', '--out', join(dir, 'out.json')]);
    expect(a.stderr).toContain('sensitivity written to');
    expect(a.code).toBe(0);
    const b = cli([...args, '--json', '--workers', '2']);
    expect(b.stdout).toBe(a.stdout);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(a.stdout);
    const study = JSON.parse(a.stdout) as Sensitivity;
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(cli(['schema', 'sensitivity']).stdout));
    expect(validate(study), JSON.stringify(validate.errors)).toBe(true);

    const t = cli([...args.slice(0, -4), '--runs', '4', '--seed', '7', '--html', join(dir, 'page.html')]);
    expect(t.code).toBe(0);
    for (const line of t.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(t.stdout).toMatch(/^ {2}at base fast − slow: −90 s \[−90 s, −90 s\], faster$/m);
    expect(t.stdout).toMatch(/^ {2}fast\.nodes\[hq\]\.processing\.decide +U +−105 s .*\+420 s$/m);
    expect(t.stdout).toMatch(/^ {4}fast\.nodes\[hq\]\.processing\.decide +×1\.4\d \(\+4\d%\) +slower$/m);
    const html = readFileSync(join(dir, 'page.html'), 'utf8');
    expect(html).toMatch(/<svg[^>]*class="chart tornado"/);
    expect(html).not.toMatch(/<script/i);
  });

  it('--csv: a row per decision, input, end and structure or difference, that loads back to the JSON, columns as README documents', () => {
    const dir = scratchDir();
    scratchFile('slow.yaml', SLOW, dir);
    scratchFile('fast.yaml', FAST, dir);
    const scen = scratchFile('fx.yaml', scenarioYaml('slow, fast'), dir);
    const r = cli(['sensitivity', scen, '--structures', `${join(dir, 'slow.yaml')},${join(dir, 'fast.yaml')}`, '--runs', '4', '--json', '--csv', join(dir, 's.csv')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('sensitivity table written to');
    const study = JSON.parse(r.stdout) as Sensitivity;
    const csv = parseCsv(readFileSync(join(dir, 's.csv'), 'utf8'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const h of csv.header) expect(readme, h).toContain(`\`${h}\``);
    const rows = asObjects(csv);
    const d = study.decisions[0]!;
    // Per input and end: two structures and one difference.
    expect(rows).toHaveLength(d.inputs.length * 2 * 3);
    for (const row of rows) {
      const input = d.inputs[(row.rank as number) - 1]!;
      expect([row.target, row.path, row.input_kind, row.confidence, row.range_from, row.swing_s]).toEqual([input.target, input.path, input.kind, input.confidence, input.from, input.swing_s]);
      const side = input[row.side as 'low' | 'high'];
      expect([row.factor, row.value, row.set, row.seed, row.runs]).toEqual([side.factor, side.value, side.set, Number(study.seed), study.runs]);
      if (row.measure === 'latency') {
        const c = side.structures[row.structure as string]!;
        expect([row.change_s, row.change_lo_s, row.change_hi_s]).toEqual([c.change_s, ...(c.ci95_s ?? [null, null])]);
      } else {
        expect(row.measure).toBe('difference');
        const c = side.differences.find((x) => x.candidate === row.structure)!;
        expect([row.baseline, row.change_s, row.difference_s, row.verdict]).toEqual([c.baseline, c.change_s, c.difference_s, c.verdict]);
        expect([row.difference_lo_s, row.difference_hi_s]).toEqual(c.difference_ci95_s ?? [null, null]);
        const flip = d.flips.find((f) => f.path === input.path && f.target === input.target && f.side === row.side);
        expect([row.flip_to, row.flip_factor]).toEqual(flip ? [flip.to, flip.factor] : [null, null]);
      }
    }
    // The one flip (fast's decide time, high end) is on its row.
    expect(rows.filter((x) => x.flip_to !== null).map((x) => [x.target, x.path, x.side, x.flip_to])).toEqual([['fast', 'nodes[hq].processing.decide', 'high', 'slower']]);
  });

  it('escapes text from input files in the HTML page (a file name with markup)', () => {
    const dir = scratchDir();
    scratchFile('slow.yaml', SLOW, dir);
    scratchFile('fast.yaml', FAST, dir);
    const scen = scratchFile('<i>fx&.yaml', scenarioYaml('slow, fast'), dir);
    const r = cli(['sensitivity', scen, '--structures', `${join(dir, 'slow.yaml')},${join(dir, 'fast.yaml')}`, '--runs', '2', '--html', join(dir, 'p.html')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'p.html'), 'utf8');
    expect(html).toContain('&lt;i&gt;fx&amp;.yaml');
    expect(html).not.toContain('<i>');
  });

  it('bad input gets a one-line error naming the flag, exit 2, before anything runs', () => {
    const dir = scratchDir();
    const cases: [string[], RegExp][] = [
      [['sensitivity', 'nk-irbm-overflight', '--runs', '0'], /--runs/],
      [['sensitivity', 'nk-irbm-overflight', '--structures', 'legacy,nope'], /nope/],
      [['sensitivity', 'no-such-scenario'], /no-such-scenario/],
      [['sensitivity', 'nk-irbm-overflight', '--workers', '0'], /--workers/],
      [['sensitivity', 'nk-irbm-overflight', '--out', join(dir, 'missing', 'x.json')], /--out.*directory does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
