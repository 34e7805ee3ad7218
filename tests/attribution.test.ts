/**
 * c2sim attribute: the change in each decision's time between legacy and jfhq, split across the
 * reform's elements by Shapley values over paired runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runAttribution } from '../src/analysis/attribution.js';
import { columns } from '../src/report/textWidth.js';
import { loadStructure } from '../src/model/load.js';
import { reformElements } from '../src/model/reformElements.js';
import { bundled, cli, scratchDir, scratchFile } from './helpers.js';

const RUNS = 20;

describe('c2sim attribute', () => {
  const dir = scratchDir();
  const out = cli(['attribute', 'nk-irbm-overflight', '--runs', String(RUNS), '--json', '--html', join(dir, 'a.html')]);
  const a = JSON.parse(out.stdout);

  it('splits the whole difference: the Shapley values add up to it (efficiency), per decision', () => {
    expect(out.code).toBe(0);
    expect(a.elements.map((e: { name: string }) => e.name)).toEqual(['JJOC stands up', 'authority delegated to USFJ', 'USFJ a 24/7 JFHQ']);
    expect(a.attribution.subsets).toBe(8);
    const faced = a.decisions.filter((d: { difference_s: number | null }) => d.difference_s !== null);
    expect(faced.some((d: { difference_s: number }) => d.difference_s < -60)).toBe(true);
    for (const d of faced) {
      const sum = d.elements.reduce((s: number, e: { shapley_s: number }) => s + e.shapley_s, 0);
      expect(Math.abs(sum - d.difference_s), `${d.inject}/${d.decision}`).toBeLessThan(0.005);
      expect(d.reformed_s - d.baseline_s).toBeCloseTo(d.difference_s, 2);
    }
  });

  it('the subset with every element is jfhq: its mean is jfhq\'s own, run for run', () => {
    const report = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', String(RUNS), '--json']).stdout);
    const d = a.decisions.find((x: { decision: string }) => x.decision === 'bilateral-flight');
    const r = report.decisions.find((x: { decision: string }) => x.decision === 'bilateral-flight');
    expect(d.reformed_s).toBeCloseTo(r.structures.jfhq.restricted_s.mean_s, 1);
    expect(d.baseline_s).toBeCloseTo(r.structures.legacy.restricted_s.mean_s, 1);
  });

  it('is byte-identical for the same seed, and validates against `c2sim schema attribution`', () => {
    const again = cli(['attribute', 'nk-irbm-overflight', '--runs', String(RUNS), '--json']);
    expect(again.stdout).toBe(out.stdout);
    const schema = JSON.parse(cli(['schema', 'attribution']).stdout);
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate(a)).toBe(true);
    expect(validate({ ...a, elements: 3 })).toBe(false);
  });

  it('gives the same bytes on one worker thread as on two', () => {
    const one = cli(['attribute', 'nk-irbm-overflight', '--runs', '100', '--seed', '5', '--json', '--workers', '1']);
    const two = cli(['attribute', 'nk-irbm-overflight', '--runs', '100', '--seed', '5', '--json', '--workers', '2']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('prints a table in 80 columns, saying how much of the time saved each element gives', () => {
    const r = cli(['attribute', 'nk-irbm-overflight', '--runs', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/show-of-force-order\/bilateral-flight\n {2}of \S+ saved, \S+ come from /);
    for (const line of r.stdout.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('writes an HTML page with a bar chart per decision, element names escaped', () => {
    const html = readFileSync(join(dir, 'a.html'), 'utf8');
    expect(html).toMatch(/<svg role="img"/);
    expect(html).toContain('JJOC stands up');
    const jfhq = bundled('structures/jfhq.yaml').replaceAll('element: "USFJ a 24/7 JFHQ"', 'element: "<b>USFJ</b>"');
    const f = scratchFile('jfhq.yaml', jfhq);
    const page = join(dir, 'b.html');
    expect(cli(['attribute', 'nk-irbm-overflight', '--structures', `legacy,${f}`, '--runs', '2', '--html', page]).code).toBe(0);
    const b = readFileSync(page, 'utf8');
    expect(b).not.toContain('<b>USFJ');
    expect(b).toContain('&lt;b&gt;USFJ&lt;/b&gt;');
  });
});

describe('attribution on a fixture', () => {
  it('an element that changes nothing the simulation uses gets none of the difference; the other gets all of it', async () => {
    // Only the Joint Staff's name in one element: it cannot change a time.
    const text = bundled('structures/jfhq.yaml')
      .replace(/element: "[^"]+"/g, 'element: "the rest"')
      .replace('path: "nodes[csjs].name", element: "the rest"', 'path: "nodes[csjs].name", element: "renaming"');
    const f = scratchFile('jfhq.yaml', text);
    const a = await runAttribution({ scenario: 'nk-irbm-overflight', structures: ['legacy', f], runs: 10, seed: 3 });
    expect(a.elements.map((e) => e.name)).toEqual(['renaming', 'the rest']);
    const d = a.decisions.find((x) => x.decision === 'bilateral-flight')!;
    expect(d.difference_s!).toBeLessThan(0);
    expect(d.elements[0]!.shapley_s).toBe(0);
    expect(d.elements[0]!.ci95_s).toEqual([0, 0]);
    expect(d.elements[1]!.shapley_s).toBe(d.difference_s);
  });

  it('defaults an element to the first segment of its path, and merges the smallest beyond six', async () => {
    const none = bundled('structures/jfhq.yaml').replace(/element: "[^"]+", /g, '');
    const jfhq = loadStructure(scratchFile('jfhq.yaml', none)).value;
    const legacy = loadStructure('legacy').value;
    expect(reformElements(legacy, jfhq).map((e) => e.name)).toEqual(['nodes', 'links', 'routes', 'authority']);
    // Beyond the cap the two smallest merge (routes has 2 differences, links the next fewest).
    const two = reformElements(legacy, jfhq, 3);
    expect(two.map((e) => e.merged)).toEqual([['nodes'], ['links', 'routes'], ['authority']]);
    // Split by the first segment, the reform is no longer made of self-contained parts: said in one line.
    await expect(runAttribution({ scenario: 'nk-irbm-overflight', structures: ['legacy', scratchFile('jfhq.yaml', none)], runs: 1 }))
      .rejects.toThrow(/legacy with only "links" of the reform is not a valid structure/);
  });
});

describe('c2sim attribute refuses bad input in one line', () => {
  const oneLine = (r: { code: number; stderr: string }) => {
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    return r.stderr;
  };

  it('structures in the wrong order, or only one', () => {
    expect(oneLine(cli(['attribute', 'nk-irbm-overflight', '--structures', 'jfhq,legacy', '--runs', '1']))).toMatch(/--structures: legacy does not reform jfhq .*expected --structures <baseline>,<reformed>/);
    expect(oneLine(cli(['attribute', 'nk-irbm-overflight', '--structures', 'legacy', '--runs', '1']))).toMatch(/--structures: expected two structures/);
  });

  it('an element whose changes need another element, named with the fix', () => {
    // The delegations to USFJ need its decision staff: split from them, legacy alone is invalid.
    const text = bundled('structures/jfhq.yaml').replace('path: "nodes[usfj].processing.decide", element: "authority delegated to USFJ"', 'path: "nodes[usfj].processing.decide", element: "USFJ a 24/7 JFHQ"');
    const f = scratchFile('jfhq.yaml', text, scratchDir());
    expect(oneLine(cli(['attribute', 'nk-irbm-overflight', '--structures', `legacy,${f}`, '--runs', '1']))).toMatch(/jfhq\.yaml: legacy with only "authority delegated to USFJ" of the reform is not a valid structure \(.*processing\.decide.*\); put changes that need each other in one element/);
  });

  it('a bad --runs', () => {
    expect(oneLine(cli(['attribute', 'nk-irbm-overflight', '--runs', '0']))).toMatch(/--runs/);
  });
});
