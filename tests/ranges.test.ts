/**
 * Ranges for every assumption: every number of the bundled scenarios and structures that a
 * sensitivity study should move is listed with a low and a high value; each value, applied with
 * --set, is a valid input; and the ranges follow the rule README documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  confidenceOf, loadScenario, loadStructure, parseScenario, parseSet, parseStructure, RANGE_RULE, rangedInputs,
  setArgument, type Confidence, type RangedInput,
} from '../src/index.js';
import { bundled, cli, replaceOnce, ROOT, scratchFile } from './helpers.js';

const SCENARIOS = ['nk-irbm-overflight', 'taiwan-quarantine', 'taiwan-contingency'];
const structures = [loadStructure('legacy'), loadStructure('jfhq')];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every number in a validated document, by a path that names list items the way --set does
 * (ids, a link's ends, a track's nation; other lists by index). Written independently of
 * src/model/ranges.ts so that a number it forgets is caught.
 */
function numbers(doc: Obj, nationOf: (chain: string[]) => string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (v: unknown, path: string, parentKey: string) => {
    if (typeof v === 'number') {
      out.set(path, v);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        let name = String(i);
        if (isObj(item) && typeof item.id === 'string') name = item.id;
        else if (isObj(item) && typeof item.from === 'string' && parentKey === 'links') name = `${item.from}--${item.to}`;
        else if (isObj(item) && Array.isArray(item.chain)) name = nationOf(item.chain as string[]);
        walk(item, `${path}[${name}]`, parentKey);
      });
      return;
    }
    // A stated range is about the numbers, not one of them.
    if (isObj(v)) for (const [k, x] of Object.entries(v)) if (k !== 'range') walk(x, path ? `${path}.${k}` : k, k);
  };
  walk(doc, '', '');
  return out;
}

/**
 * Numbers that are not assumptions to move, each for a stated reason (README, "Ranges"): when
 * things happen (the scenario's timeline), a deadline or expiry a decision does not say it
 * assumes (the scenario's question), a zero (no factor moves it), and a retry delay on a link
 * that never fails (it is never waited).
 */
function excluded(path: string, value: number, doc: Obj): boolean {
  if (value === 0) return true;
  if (/^(duration|injects\[[^\]]+\]\.at\.offset|decisionPoints\b.*)$/.test(path)) return true;
  const d = /^(injects\[[^\]]+\]\.decisions\[[^\]]+\])\.(deadline|expires)\.offset$/.exec(path);
  if (d) {
    const [, inj, dec] = /^injects\[([^\]]+)\]\.decisions\[([^\]]+)\]/.exec(d[1]!)!;
    const decision = ((doc.injects as Obj[]).find((i) => i.id === inj)!.decisions as Obj[]).find((x) => x.id === dec)!;
    return decision.assumption === undefined;
  }
  const r = /^(links\[[^\]]+\])\.retryDelay\./.exec(path);
  if (r) return !((numbers(doc, () => '').get(`${r[1]}.failureProbability`) ?? 0) > 0);
  return false;
}

const covered = (inputs: RangedInput[], target: string, path: string) => inputs.some((r) => r.target === target
  && (path === r.path || path.startsWith(`${r.path}.`) || path === `${r.path}.offset`));

describe('every numeric input of the bundled files has a range', () => {
  for (const id of SCENARIOS) {
    it(`${id}: every number of the scenario and both structures is listed (or excluded for its stated reason)`, () => {
      const scenario = loadScenario(id);
      const inputs = rangedInputs(scenario.value, structures.map((s) => s.value));
      const missing: string[] = [];
      const docs: [string, Obj, (c: string[]) => string][] = [
        ['scenario', scenario.value as unknown as Obj, () => ''],
        ...structures.map((s): [string, Obj, (c: string[]) => string] => [s.value.id, s.value as unknown as Obj,
          (chain) => s.value.nodes.find((n) => n.id === chain[chain.length - 1])!.nation]),
      ];
      for (const [target, doc, nationOf] of docs) {
        for (const [path, value] of numbers(doc, nationOf)) {
          if (!covered(inputs, target, path) && !excluded(path, value, doc)) missing.push(`${target}.${path}`);
        }
      }
      expect(missing).toEqual([]);
      // And the list is substantial: nodes, links and injects all appear.
      for (const part of ['nodes[', 'links[', 'injects[']) expect(inputs.some((r) => r.path.startsWith(part)), part).toBe(true);
    });
  }
});

/** The documents with every input of one side applied through --set (as the CLI parses it). */
function applied(id: string, inputs: RangedInput[], side: 'low' | 'high') {
  const sets = inputs.map((r) => parseSet(setArgument(r, side)));
  const scenario = loadScenario(id);
  const pick = (target: string) => sets.filter((o) => o.target === target);
  return {
    scenario: parseScenario(scenario.file, scenario.text, pick('scenario')),
    structures: structures.map((s) => parseStructure(s.file, s.text, pick(s.value.id))),
  };
}

describe('each low and high value, applied with --set, is a valid input that lands where it says', () => {
  for (const id of SCENARIOS) {
    for (const side of ['low', 'high'] as const) {
      it(`${id}: every ${side} value validates and is read back as the input's value`, () => {
        const inputs = rangedInputs(loadScenario(id).value, structures.map((s) => s.value));
        // All of one side at once: each is validated in the document it changes (a bad value names its --set).
        const docs = applied(id, inputs, side);
        const after = rangedInputs(docs.scenario.value, docs.structures.map((s) => s.value));
        const at = new Map(after.map((r) => [`${r.target}.${r.path}`, r.base]));
        for (const r of inputs) {
          const k = `${r.target}.${r.path}`;
          expect(at.get(k), k).toEqual(r[side]);
        }
      });
    }
  }

  it('one input at its low value through the CLI: the run takes it and records the override', () => {
    const r = rangedInputs(loadScenario('nk-irbm-overflight').value, [structures[0]!.value])
      .find((x) => x.path === 'nodes[csjs].processing.decide')!;
    expect(r).toBeDefined();
    const out = cli(['run', 'nk-irbm-overflight', '--structures', 'legacy', '--runs', '2', '--json', '--set', setArgument(r, 'low')]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as { options: { overrides: { target: string; path: string }[] } };
    expect(report.options.overrides.map((o) => `${o.target}.${o.path}`)).toEqual(['legacy.nodes[csjs].processing.decide']);
  });
});

describe('the rule is the documented one', () => {
  const inputs = SCENARIOS.flatMap((id) => rangedInputs(loadScenario(id).value, structures.map((s) => s.value)));

  it('an input without a stated range has the factors of its confidence, and README lists the same rule', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [c, [lo, hi]] of Object.entries(RANGE_RULE)) expect(readme).toContain(`${c} ×${lo}–×${hi}`);
    for (const r of inputs.filter((x) => x.from === 'rule')) expect(r.factors, `${r.target}.${r.path}`).toEqual(RANGE_RULE[r.confidence]);
    expect(RANGE_RULE).toEqual({ H: [0.9, 1.1], M: [0.8, 1.25], L: [0.67, 1.5], U: [0.5, 2] });
  });

  it('a distribution is scaled whole: every time by the factor, its kind unchanged', () => {
    for (const r of inputs.filter((x) => x.kind === 'distribution')) {
      const base = r.base as unknown as Record<string, number | string>;
      for (const [side, f] of [['low', r.factors[0]], ['high', r.factors[1]]] as const) {
        const v = r[side] as unknown as Record<string, number | string>;
        for (const [k, x] of Object.entries(base)) {
          if (k === 'dist') expect(v[k]).toBe(x);
          else expect(v[k] as number, `${r.path} ${side} ${k}`).toBeCloseTo((x as number) * f, 1);
        }
      }
    }
  });

  it('counts move at least one step and stay whole; probabilities stay at most 0.95; a deadline stays within its expiry', () => {
    for (const r of inputs.filter((x) => x.kind === 'count')) {
      expect(Number.isInteger(r.low) && Number.isInteger(r.high)).toBe(true);
      expect(r.high as number).toBeGreaterThan(r.base as number);
      if ((r.base as number) > 1) expect(r.low as number).toBeLessThan(r.base as number);
    }
    for (const r of inputs.filter((x) => x.kind === 'probability')) expect(r.high as number).toBeLessThanOrEqual(0.95);
    for (const r of inputs.filter((x) => x.path.endsWith('.deadline'))) {
      const expires = inputs.find((x) => x.target === r.target && x.path === r.path.replace(/deadline$/, 'expires'));
      if (expires) expect(r.high as number).toBeLessThanOrEqual(expires.base as number);
    }
    // An engagement decided in 5m, impossible after 9m, of confidence U: 5m × 2 would pass the expiry, so it stops at it.
    const nk = loadScenario('nk-irbm-overflight');
    const unsure = replaceOnce(nk.text, 'impossible after about 9; not published."\n        confidence: L', 'impossible after about 9; not published."\n        confidence: U');
    const deadline = rangedInputs(parseScenario(nk.file, unsure).value, []).find((r) => r.path === 'injects[launch].decisions[engage-or-hold].deadline')!;
    expect([deadline.base, deadline.high]).toEqual([300, 540]);
  });

  it('the bundled files state a confidence for every object that assumes a number, and a range where a source bounds one', () => {
    const stated = inputs.filter((r) => r.from === 'stated');
    expect(stated.map((r) => `${r.target}.${r.path}`)).toEqual(expect.arrayContaining([
      'scenario.injects[launch].detection[0].delay', 'legacy.nodes[kantei].afterHours.reachBack', 'jfhq.nodes[kantei].afterHours.reachBack',
    ]));
    for (const s of structures) {
      for (const n of s.value.nodes) if (n.assumption !== undefined) expect(n.confidence, `${s.value.id} ${n.id}`).toBeDefined();
      for (const l of s.value.links) if (l.assumption !== undefined) expect(l.confidence, `${s.value.id} ${l.from}--${l.to}`).toBeDefined();
    }
    // The JFHQ's own numbers rest on what the record does not say.
    expect(structures[1]!.value.nodes.find((n) => n.id === 'usfj')!.confidence).toBe('U');
  });

  it('without a stated confidence: H for an object that only cites sources, U for one that assumes', () => {
    const c = (o: { assumption?: string; confidence?: Confidence }) => confidenceOf(o);
    expect([c({}), c({ assumption: 'x' }), c({ assumption: 'x', confidence: 'M' })]).toEqual(['H', 'U', 'M']);
    const text = replaceOnce(bundled('structures/legacy.yaml'), '    assumption: "Japan\'s cyber defense unit under the Joint Staff before 2025; times elicited."\n    confidence: L\n',
      '    assumption: "Japan\'s cyber defense unit under the Joint Staff before 2025; times elicited."\n');
    const inputs2 = rangedInputs(loadScenario('nk-irbm-overflight').value, [parseStructure('legacy.yaml', text).value]);
    const cyber = inputs2.filter((r) => r.path.startsWith('nodes[jsdf-cyber]'));
    expect(cyber.length).toBeGreaterThan(0);
    for (const r of cyber) expect([r.confidence, r.factors]).toEqual(['U', [0.5, 2]]);
  });
});

describe('ranges in files', () => {
  it('a range that names no number of its object is refused with its place and the numbers it could name', () => {
    const text = replaceOnce(bundled('structures/legacy.yaml'), 'range: { afterHours.reachBack: [0.75, 1.5] }', 'range: { afterHours.reachBak: [0.75, 1.5] }');
    const out = cli(['validate', scratchFile('legacy.yaml', text)]);
    expect(out.code).toBe(2);
    expect(out.stdout + out.stderr).toMatch(/legacy\.yaml:\d+:\d+.*"afterHours\.reachBak" names no number of this object; expected one of capacity, afterHours\.reachBack/);
  });

  it('a range whose low factor is above 1 is refused', () => {
    const text = replaceOnce(bundled('structures/legacy.yaml'), 'range: { afterHours.reachBack: [0.75, 1.5] }', 'range: { afterHours.reachBack: [1.2, 1.5] }');
    const out = cli(['validate', scratchFile('legacy.yaml', text)]);
    expect(out.code).toBe(2);
    expect(out.stdout + out.stderr).toMatch(/low factor of at most 1/);
  });

  it('confidence and range are citations, not model: a shared node may differ in them without a reform change', () => {
    const text = replaceOnce(bundled('structures/jfhq.yaml'), '    range: { afterHours.reachBack: [0.75, 1.5] }', '    range: { afterHours.reachBack: [0.5, 2] }');
    const out = cli(['validate', scratchFile('jfhq.yaml', text)]);
    expect(out.stdout + out.stderr).not.toMatch(/not marked/);
    expect(out.code).toBe(0);
  });
});

describe('c2sim ranges', () => {
  it('prints every input in 80 columns, grouped by object, with the rule', () => {
    const out = cli(['ranges', 'taiwan-quarantine']);
    expect(out.code).toBe(0);
    for (const line of out.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    const n = rangedInputs(loadScenario('taiwan-quarantine').value, structures.map((s) => s.value)).length;
    expect(out.stdout).toContain(`taiwan-quarantine on legacy, jfhq: ${n} ranged inputs`);
    expect(out.stdout).toContain('H ×0.9–×1.1   M ×0.8–×1.25   L ×0.67–×1.5   U ×0.5–×2');
    expect(out.stdout).toMatch(/^legacy\.nodes\[kantei\] +confidence L$/m);
    expect(out.stdout).toMatch(/^ {2}afterHours\.reachBack +logn 40m p90 1h10m +×0\.75–×1\.5\* +30m – 1h$/m);
  });

  it('--json lists each input with the --set arguments of its low and high values; --structures narrows it', () => {
    const out = cli(['ranges', 'nk-irbm-overflight', '--structures', 'jfhq', '--json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { structures: string[]; inputs: (RangedInput & { lowSet: string; highSet: string })[] };
    expect(json.structures).toEqual(['jfhq']);
    expect(new Set(json.inputs.map((r) => r.target))).toEqual(new Set(['scenario', 'jfhq']));
    const jjoc = json.inputs.find((r) => r.path === 'nodes[jjoc].capacity')!;
    expect([jjoc.base, jjoc.low, jjoc.high, jjoc.lowSet]).toEqual([6, 4, 9, 'jfhq.nodes[jjoc].capacity=4']);
  });

  it('an unknown structure is one line naming the flag, exit 2', () => {
    const out = cli(['ranges', 'nk-irbm-overflight', '--structures', 'nope']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});
