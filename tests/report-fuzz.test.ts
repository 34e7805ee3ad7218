/**
 * Regression: a report that passed the JSON Schema but was inconsistent (a decision without an
 * entry for one of the report's structures, a renamed structure id) crashed `report` and
 * `compare` with "internal error". Mutated reports must be refused as bad input (exit 2, with the
 * field path) or rendered — never crash (exit 1). The property runs the library path the CLI
 * takes (parseReport, then every renderer); a few CLI cases check the exit codes themselves.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, loadScenario, runBatch } from '../src/index.js';
import { compareReports, parseReport } from '../src/analysis/compare.js';
import { summaryTable } from '../src/report/table.js';
import { comparisonMarkdown, reportMarkdown } from '../src/report/markdown.js';
import { comparisonHtml, reportHtml } from '../src/report/html.js';
import { comparisonText } from '../src/report/compareText.js';
import { debriefText } from '../src/report/debrief.js';
import { cli, scratchDir } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const scenario = loadScenario('nk-irbm-overflight');
const base = JSON.parse(JSON.stringify(runBatch({ scenario, runs: 12, seed: 3 }))) as Json;
const other = JSON.parse(JSON.stringify(runBatch({ scenario, runs: 12, seed: 4 }))) as Json;

/** Every path to a value in the tree, root excluded. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...at, i]); paths(x, [...at, i], out); });
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push([...at, k]); paths(x, [...at, k], out); }
  return out;
}

type Mutation = { pick: number; op: 'delete' | 'replace' | 'rename' | 'duplicate' | 'swap'; value: Json; name: string };

/** Applies one mutation to a deep copy: the parent of the picked path is edited in place. */
function mutate(doc: Json, m: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const all = paths(copy);
  const path = all[m.pick % all.length]!;
  let parent: any = copy;
  for (const p of path.slice(0, -1)) parent = parent[p];
  const key = path[path.length - 1]!;
  const sibling = (k: string | number) => (Array.isArray(parent) ? parent[(Number(k) + 1) % parent.length] : parent[Object.keys(parent)[(Object.keys(parent).indexOf(String(k)) + 1) % Object.keys(parent).length]!]);
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key as any];
      break;
    case 'replace':
      parent[key as any] = m.value;
      break;
    case 'rename':
      if (!Array.isArray(parent)) { const v = parent[key]; delete parent[key]; parent[m.name] = v; }
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[key as number])));
      else parent[m.name] = JSON.parse(JSON.stringify(parent[key]));
      break;
    case 'swap':
      parent[key] = JSON.parse(JSON.stringify(sibling(key) ?? null));
      break;
  }
  return copy;
}

const ids = ['legacy', 'jfhq', 'mod', 'launch/warn-public', 'x', '', '<script>'];
const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(0, -1, 1, 0.5, 1e300, -1e300, 21, null, true, [], {}, '', 'legacy', 'jfhq', [0, 1], [1, 0]),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 100 }),
  fc.string(),
  fc.constantFrom(...ids),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'rename', 'duplicate', 'swap'),
  value,
  name: fc.constantFrom(...ids),
});

/** What `c2sim report` does with a file (table, Markdown, HTML): refused as input, or rendered. */
function reportCommand(raw: Json): 'refused' | 'rendered' {
  try {
    const r = parseReport(raw, 'r.json');
    summaryTable(r);
    reportMarkdown(r);
    reportHtml(r);
    debriefText(r);
    return 'rendered';
  } catch (err) {
    if (err instanceof InputError) return 'refused';
    throw err;
  }
}

function compareCommand(rawA: Json, rawB: Json): 'refused' | 'rendered' {
  try {
    const a = parseReport(rawA, 'a.json');
    const b = parseReport(rawB, 'b.json');
    if (a.scenario.id !== b.scenario.id) return 'refused';
    const c = compareReports(a, b, { a: 'a.json', b: 'b.json' });
    comparisonText(c);
    comparisonMarkdown(c, a, b);
    comparisonHtml(c, a, b);
    return 'rendered';
  } catch (err) {
    if (err instanceof InputError) return 'refused';
    throw err;
  }
}

describe('mutated reports never crash report or compare (regression: inconsistent report crashed with internal error)', () => {
  it('the unmutated reports render', () => {
    expect(reportCommand(base)).toBe('rendered');
    expect(compareCommand(base, other)).toBe('rendered');
  });

  it('report: refused with a reason, or rendered', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
      reportCommand(ms.reduce(mutate, base));
    }), { numRuns: 400, seed: 11 });
  });

  it('compare: refused with a reason, or rendered, whichever side is mutated', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ms, left) => {
      const m = ms.reduce(mutate, left ? base : other);
      compareCommand(left ? m : base, left ? other : m);
    }), { numRuns: 300, seed: 12 });
  });
});

describe('inconsistent reports through the CLI: exit 2 with the field path', () => {
  const dir = scratchDir();
  const file = (name: string, doc: Json) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(doc)); return f; };
  const b = base as any;

  it('a decision without an entry for one of the report\'s structures', () => {
    const doc = JSON.parse(JSON.stringify(b));
    delete doc.decisions[1].structures.jfhq;
    const f = file('missing.json', doc);
    for (const args of [['report', f], ['report', f, '--markdown'], ['compare', f, file('ok.json', b)]]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/missing\.json: decisions\[1\]\.structures\.jfhq: is not a consistent report: missing: every decision needs a result for each of the report's structures; expected a report as c2sim wrote it\n$/);
    }
  });

  it('a value nested a million levels deep (regression: stack overflow in the renderers)', () => {
    const doc = JSON.parse(JSON.stringify(b));
    doc.options.overrides = [{ target: 'scenario', path: 'title', value: 'DEEP', from: '--set' }];
    const f = join(dir, 'deep.json');
    writeFileSync(f, JSON.stringify(doc).replace('"DEEP"', '['.repeat(1_000_000) + ']'.repeat(1_000_000)));
    for (const args of [['report', f], ['report', f, '--markdown'], ['compare', f, file('ok.json', b)]]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/deep\.json: nests lists or objects more than 64 levels deep; expected a report/);
    }
  });

  it('a renamed structure id', () => {
    const doc = JSON.parse(JSON.stringify(b));
    doc.structures[1].id = 'jfhq2';
    const r = cli(['compare', file('ok.json', b), file('renamed.json', doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^c2sim: .*renamed\.json: decisions\[0\]\.structures\.jfhq2: is not a consistent report: missing: every decision needs a result/);
  });
});
