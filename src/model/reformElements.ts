/**
 * A reform split into named elements, and the baseline with some of them applied: what
 * `c2sim attribute` simulates for every subset of elements. Each change in `reform.changes`
 * belongs to the element its `element:` names (default: the first segment of its path), and a
 * subset of elements is the baseline with the differences those changes mark set to the
 * reformed structure's values (items added, replaced or removed; fields set or dropped).
 */
import { parse as parseYaml } from 'yaml';
import { InputError } from './inputError.js';
import type { Loaded } from './load.js';
import type { Override } from './override.js';
import { markedDifferences } from './reform.js';
import type { Structure } from './structure.js';

/** 2^6 = 64 subsets, each a simulated column: more would not fit a 2-core machine's minutes. */
export const MAX_REFORM_ELEMENTS = 6;

export interface ReformElement {
  name: string;
  /** Indices into reform.changes. */
  changes: number[];
  /** How many field-level differences its changes mark (its size, for merging). */
  differences: number;
  /** The names merged into it when there were more than MAX_REFORM_ELEMENTS. */
  merged: string[];
}

/** The reform's elements in order of first appearance, merged down to `max` (smallest first). */
export function reformElements(baseline: Structure, reformed: Structure, max = MAX_REFORM_ELEMENTS): ReformElement[] {
  const changes = reformed.reform?.changes ?? [];
  const marked = markedDifferences(baseline, reformed);
  const out: ReformElement[] = [];
  changes.forEach((c, i) => {
    const name = c.element ?? c.path.split(/[.[]/)[0]!;
    let e = out.find((x) => x.name === name);
    if (!e) out.push((e = { name, changes: [], differences: 0, merged: [name] }));
    e.changes.push(i);
    e.differences += marked.filter((d) => d.change === i).length;
  });
  // Merge the two smallest (ties: the later ones) until few enough remain; the merged element
  // keeps the larger one's place and both names.
  while (out.length > max) {
    const order = out.map((e, i) => i).sort((a, b) => out[a]!.differences - out[b]!.differences || b - a);
    const [x, y] = [order[0]!, order[1]!].sort((a, b) => a - b) as [number, number];
    const a = out[x]!;
    const b = out[y]!;
    out[x] = { name: `${a.name} + ${b.name}`, changes: [...a.changes, ...b.changes].sort((p, q) => p - q), differences: a.differences + b.differences, merged: [...a.merged, ...b.merged] };
    out.splice(y, 1);
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const SEGMENT = /^([A-Za-z][A-Za-z0-9-]*)(?:\[([^\][]+)\])?$/;

function segments(path: string): { key: string; select?: string }[] {
  return path.split('.').map((seg) => {
    const m = SEGMENT.exec(seg);
    if (!m) throw new Error(`reform: bad difference path ${path}`);
    return m[2] === undefined ? { key: m[1]! } : { key: m[1]!, select: m[2] };
  });
}

/** The index of the item a difference path selects, as reform.ts names items. */
function findItem(list: unknown[], select: string, nationOf: Map<string, string>): number {
  if (/^\d+$/.test(select)) return Number(select) < list.length ? Number(select) : -1;
  return list.findIndex((item) => {
    if (!isObj(item)) return false;
    if (item.id === select) return true;
    if (typeof item.from === 'string' && typeof item.to === 'string') return [item.from, item.to].sort().join('--') === select;
    if (Array.isArray(item.chain)) return nationOf.get(String(item.chain[item.chain.length - 1])) === select;
    return false;
  });
}

/** The value at a difference path in a parsed structure document; undefined where absent. */
export function valueAtReformPath(doc: unknown, path: string, nationOf = nations(doc)): unknown {
  let cur: unknown = doc;
  for (const seg of segments(path)) {
    if (!isObj(cur) || !(seg.key in cur)) return undefined;
    cur = cur[seg.key];
    if (seg.select !== undefined) {
      if (!Array.isArray(cur)) return undefined;
      const i = findItem(cur, seg.select, nationOf);
      if (i < 0) return undefined;
      cur = cur[i];
    }
  }
  return cur;
}

/** Sets (or, with undefined, removes) the value at a difference path, adding a missing item. */
function setAtReformPath(doc: Obj, path: string, value: unknown, nationOf: Map<string, string>): void {
  const segs = segments(path);
  let cur: Obj = doc;
  segs.forEach((seg, n) => {
    const last = n === segs.length - 1;
    if (seg.select === undefined) {
      if (last) {
        if (value === undefined) delete cur[seg.key];
        else cur[seg.key] = value;
      } else {
        if (!isObj(cur[seg.key])) cur[seg.key] = {};
        cur = cur[seg.key] as Obj;
      }
      return;
    }
    if (!Array.isArray(cur[seg.key])) cur[seg.key] = [];
    const list = cur[seg.key] as unknown[];
    const i = findItem(list, seg.select, nationOf);
    if (last) {
      if (value === undefined) { if (i >= 0) list.splice(i, 1); } else if (i >= 0) list[i] = value;
      else list.push(value);
      return;
    }
    if (i < 0 || !isObj(list[i])) throw new Error(`reform: ${path} passes through an item that is absent`);
    cur = list[i] as Obj;
  });
}

function nations(...docs: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of docs) {
    if (!isObj(doc) || !Array.isArray(doc.nodes)) continue;
    for (const n of doc.nodes) if (isObj(n) && typeof n.id === 'string' && typeof n.nation === 'string' && !out.has(n.id)) out.set(n.id, n.nation);
  }
  return out;
}

/**
 * The overrides that turn the baseline into the baseline with the given reform changes
 * applied: one `--set`-style override (target: the baseline's id) per top-level field they
 * touch, its value the baseline's with every difference those changes mark set to the
 * reformed document's value (citations and all, so every check still applies).
 */
export function reformSubsetOverrides(baseline: Loaded<Structure>, reformed: Loaded<Structure>, changes: number[], from: string): Override[] {
  const base = parseYaml(baseline.text) as Obj;
  const target = parseYaml(reformed.text) as Obj;
  if (baseline.overrides.length > 0 || reformed.overrides.length > 0) {
    throw new InputError('attribution compares the structures as written; expected no --set or variant on them', reformed.file);
  }
  const nationOf = nations(base, target);
  const draft = structuredClone(base);
  const wanted = new Set(changes);
  for (const d of markedDifferences(baseline.value, reformed.value)) {
    if (d.change === undefined || !wanted.has(d.change)) continue;
    const value = valueAtReformPath(target, d.path, nationOf);
    setAtReformPath(draft, d.path, value === undefined ? undefined : structuredClone(value), nationOf);
  }
  // The reformed values cite the reformed structure's sources: the baseline learns them too.
  if (wanted.size > 0 && isObj(target.sources)) draft.sources = { ...(isObj(base.sources) ? base.sources : {}), ...target.sources };
  return Object.keys(draft)
    .filter((key) => JSON.stringify(draft[key]) !== JSON.stringify(base[key]))
    .map((key) => ({ target: baseline.value.id, path: key, value: draft[key], from }));
}
