/**
 * A reformed structure against its baseline: every difference between the two (nodes, links,
 * authority tracks, field by field), and whether each is one the reform's `reform.changes` names
 * with a source. Two structures compared for a decision should differ only where the reform
 * does; anything else (a capacity retuned in one file only) would be credited to the reform.
 */
import { formatDuration } from './duration.js';
import type { DocIssue } from './issue.js';
import type { Structure } from './structure.js';

export interface StructureDifference {
  /** As `--set` writes it: `nodes[csjs].capacity`, `links[jjoc--usfj]`, `authority.isr-retask[US].chain`. */
  path: string;
  /** The value in the baseline and in the reformed structure; undefined where it is absent. */
  baseline: unknown;
  reformed: unknown;
  /** Field path into the reformed structure (for line:column), when the field exists there. */
  at?: (string | number)[];
}

/** Citations, confidences, ranges and notes describe a number; they are not part of the model. */
const DESCRIPTIVE = new Set(['source', 'assumption', 'notes', 'confidence', 'range']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Links carry traffic both ways, so a link is named by its two ends in a fixed order. */
const linkName = (l: { from: string; to: string }) => [l.from, l.to].sort().join('--');

interface Keyed { name: string; value: Obj; at: (string | number)[] }

function items(s: Structure): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  s.nodes.forEach((n, i) => out.set(`nodes[${n.id}]`, { name: `nodes[${n.id}]`, value: n as unknown as Obj, at: ['nodes', i] }));
  s.links.forEach((l, i) => out.set(`links[${linkName(l)}]`, { name: `links[${linkName(l)}]`, value: l as unknown as Obj, at: ['links', i] }));
  // A named route, like a link, is named by its two ends in a fixed order.
  s.routes.forEach((r, i) => {
    let name = `routes[${linkName(r)}]`;
    if (out.has(name)) name = `routes[${i}]`;
    out.set(name, { name, value: r as unknown as Obj, at: ['routes', i] });
  });
  // The endurance default applies to every node: a difference in it is a difference everywhere.
  if (s.endurance) out.set('endurance', { name: 'endurance', value: s.endurance as unknown as Obj, at: ['endurance'] });
  const nationOf = new Map(s.nodes.map((n) => [n.id, n.nation]));
  for (const [kind, tracks] of Object.entries(s.authority)) {
    tracks?.forEach((t, i) => {
      const nation = nationOf.get(t.chain[t.chain.length - 1]!) ?? String(i);
      let name = `authority.${kind}[${nation}]`;
      if (out.has(name)) name = `authority.${kind}[${i}]`;
      out.set(name, { name, value: t as unknown as Obj, at: ['authority', kind, i] });
    });
  }
  return out;
}

/** A value without its citations, at any depth (a delegation inside a track cites too). */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !DESCRIPTIVE.has(k)).map(([k, x]) => [k, strip(x)]));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** Field-by-field differences of two values, down through mappings (lists compare whole). */
function diffValues(path: string, a: unknown, b: unknown, at: (string | number)[] | undefined, out: StructureDifference[]): void {
  if (same(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (DESCRIPTIVE.has(key)) continue;
      diffValues(`${path}.${key}`, a[key], b[key], at && key in b ? [...at, key] : at, out);
    }
    return;
  }
  out.push({ path, baseline: strip(a), reformed: strip(b), ...(at ? { at } : {}) });
}

/** Every difference between a baseline structure and a reformed one, in a stable order. */
export function structureDifferences(baseline: Structure, reformed: Structure): StructureDifference[] {
  const a = items(baseline);
  const b = items(reformed);
  const out: StructureDifference[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x || !y) {
      out.push({ path: name, baseline: strip(x?.value), reformed: strip(y?.value), ...(y ? { at: y.at } : {}) });
      continue;
    }
    diffValues(name, x.value, y.value, y.at, out);
  }
  return out;
}

/** A reform path as the differences name it: link and route ends in a fixed order. */
function normalise(path: string): string {
  return path.replace(/(links|routes)\[([^\]]+)--([^\]]+)\]/g, (_, what: string, x: string, y: string) => `${what}[${[x, y].sort().join('--')}]`);
}

/** Whether a marked path covers a difference: the same place, or one of its fields. */
function covers(marked: string, diff: string): boolean {
  return diff === marked || diff.startsWith(`${marked}.`) || diff.startsWith(`${marked}[`);
}

/** Each difference with the reform change that marks it, if any. */
export function markedDifferences(baseline: Structure, reformed: Structure): (StructureDifference & { change?: number })[] {
  const changes = (reformed.reform?.changes ?? []).map((c) => normalise(c.path));
  return structureDifferences(baseline, reformed).map((d) => {
    const i = changes.findIndex((c) => covers(c, d.path));
    return i >= 0 ? { ...d, change: i } : d;
  });
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `"${v}"`;
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * The problems of a reformed structure against its baseline: each difference the reform does
 * not name, and each reform change that names no difference (a stale or mistyped path).
 */
export function reformIssues(baseline: Structure, reformed: Structure): DocIssue[] {
  const issues: DocIssue[] = [];
  const marked = markedDifferences(baseline, reformed);
  for (const d of marked) {
    if (d.change !== undefined) continue;
    const values = d.baseline === undefined ? `only here, not in ${baseline.id}`
      : d.reformed === undefined ? `only in ${baseline.id}, not here`
        : `${show(d.reformed)} here, ${show(d.baseline)} in ${baseline.id}`;
    issues.push({
      path: d.at ?? ['reform', 'changes'],
      message: `${d.path} differs from ${baseline.id} (${values}) but is not marked as the reform's; make it the same, or add { path: "${d.path}", source: <id> } to reform.changes`,
    });
  }
  (reformed.reform?.changes ?? []).forEach((c, i) => {
    if (!marked.some((d) => d.change === i)) {
      issues.push({ path: ['reform', 'changes', i, 'path'], message: `${c.path} is the same in ${baseline.id} (or names nothing): no difference to mark; remove it, or fix the path` });
    }
  });
  return issues;
}

/** One line per difference, for reading (tests and reviews): `path: baseline → reformed`. */
export function describeDifference(d: StructureDifference): string {
  const v = (x: unknown) => (typeof x === 'number' && d.path.endsWith('_s') ? formatDuration(x) : show(x));
  return `${d.path}: ${v(d.baseline)} → ${v(d.reformed)}`;
}
