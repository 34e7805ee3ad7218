/**
 * Plausible ranges for every assumption: each number of a scenario and its structures that a
 * sensitivity study should move, named by its `--set` path, with a low and a high value.
 *
 * A range comes from the file where a source gives one (`range:` on the object that holds the
 * number, as factors), otherwise from the object's confidence by one rule (RANGE_RULE). A
 * distribution is scaled whole — every time parameter by the same factor — so its shape stays
 * and only its scale moves. Numbers that are not durations are scaled and then kept valid:
 * counts rounded and moved at least one step, probabilities at most 0.95, link slow-down factors
 * from 1 to 100, a deadline no later than its expiry. A zero stays zero under any factor, so
 * zeros are not listed (a step a node does not perform is structure, not a number).
 */
import { stringify } from 'yaml';
import type { Distribution } from './distribution.js';
import type { Confidence } from './fields.js';
import type { DocIssue } from './issue.js';
import type { Scenario } from './scenario.js';
import { MAX_CAPACITY, type Structure } from './structure.js';
import { MAX_UNITS } from './assets.js';
import type { Endurance } from './endurance.js';

/** The rule for numbers without a stated range: [low, high] factors by confidence. */
export const RANGE_RULE: Record<Confidence, readonly [number, number]> = {
  H: [0.9, 1.1],
  M: [0.8, 1.25],
  L: [0.67, 1.5],
  U: [0.5, 2],
};

/** An object's confidence: as stated, else H when it cites only sources, U when it assumes. */
export function confidenceOf(o: { confidence?: Confidence | undefined; assumption?: string | undefined }): Confidence {
  return o.confidence ?? (o.assumption === undefined ? 'H' : 'U');
}

/** `fraction`: a slowdown such as 0.01 (1% longer), kept to four digits so a small one still moves. */
export type InputKind = 'distribution' | 'duration' | 'count' | 'probability' | 'factor' | 'fraction';
type Value = Distribution | number;

export interface RangedInput {
  /** A structure id, or `scenario`: the target of `--set`. */
  target: string;
  /** The path under the target, as `--set` writes it: `nodes[csjs].processing.decide`. */
  path: string;
  kind: InputKind;
  confidence: Confidence;
  /** Where the factors come from: the file's `range:` (a source gives it) or the confidence rule. */
  from: 'stated' | 'rule';
  factors: readonly [number, number];
  base: Value;
  low: Value;
  high: Value;
}

/** One number of an object, before its range is known. Bounds keep scaled values valid. */
interface Found {
  rel: string;
  kind: InputKind;
  value: Value;
  min?: number;
  max?: number;
}

type Cited = { confidence?: Confidence | undefined; assumption?: string | undefined; range?: Record<string, readonly [number, number]> | undefined };

const isZero = (v: Value) => (typeof v === 'number' ? v === 0 : timeParams(v).every((p) => (v as unknown as Record<string, number>)[p] === 0));

function timeParams(d: Distribution): string[] {
  switch (d.dist) {
    case 'fixed': return ['value'];
    case 'uniform': return ['min', 'max'];
    case 'triangular': return ['min', 'mode', 'max'];
    case 'lognormal': return d.max === undefined ? ['median', 'p90'] : ['median', 'p90', 'max'];
    case 'exponential': return ['mean'];
  }
}

// Seconds to the hundredth, probabilities to the ten-thousandth: exact enough, and short to print.
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function scale(f: Found, factor: number, side: 'low' | 'high'): Value {
  const v = f.value;
  if (typeof v !== 'number') {
    const out: Record<string, unknown> = { ...v };
    for (const p of timeParams(v)) out[p] = round((v as unknown as Record<string, number>)[p]! * factor, 2);
    return out as unknown as Distribution;
  }
  const lo = f.min ?? 0;
  const hi = f.max ?? Infinity;
  switch (f.kind) {
    case 'count': {
      // A whole number moves at least one step, so a small capacity still has a range.
      const r = Math.round(v * factor);
      return Math.min(hi, Math.max(lo, side === 'low' ? Math.min(v - 1, r) : Math.max(v + 1, r)));
    }
    case 'probability': case 'fraction': return Math.min(hi, Math.max(lo, round(v * factor, 4)));
    default: return Math.min(hi, Math.max(lo, round(v * factor, 2)));
  }
}

// ---- the numbers of each kind of object ------------------------------------------------------

type StructureNode = Structure['nodes'][number];
type StructureLink = Structure['links'][number];

function nodeNumbers(n: StructureNode): Found[] {
  const out: Found[] = [{ rel: 'capacity', kind: 'count', value: n.capacity, min: 1, max: MAX_CAPACITY }];
  if (n.afterHours) {
    out.push({ rel: 'afterHours.reachBack', kind: 'distribution', value: n.afterHours.reachBack });
    out.push({ rel: 'afterHours.staysFor', kind: 'duration', value: n.afterHours.staysFor, min: 1 });
  }
  if (n.convene) {
    out.push({ rel: 'convene.delay', kind: 'distribution', value: n.convene.delay });
    out.push({ rel: 'convene.staysFor', kind: 'duration', value: n.convene.staysFor, min: 1 });
  }
  for (const [work, d] of Object.entries(n.processing)) if (d) out.push({ rel: `processing.${work}`, kind: 'distribution', value: d });
  for (const [kind, works] of Object.entries(n.processingFor)) {
    for (const [work, d] of Object.entries(works ?? {})) if (d) out.push({ rel: `processingFor.${kind}.${work}`, kind: 'distribution', value: d });
  }
  return out;
}

/** An endurance block's numbers: fractions stay within what the schema takes. */
function enduranceNumbers(e: Endurance): Found[] {
  const out: Found[] = [];
  if (e.fatigue) {
    out.push({ rel: 'fatigue.onset', kind: 'duration', value: e.fatigue.onset, min: 1 });
    out.push({ rel: 'fatigue.perHour', kind: 'fraction', value: e.fatigue.perHour, max: 3 });
    out.push({ rel: 'fatigue.perDay', kind: 'fraction', value: e.fatigue.perDay, max: 3 });
    // How long sleep debt grows matters only where it grows.
    if (e.fatigue.perDay > 0) out.push({ rel: 'fatigue.perDayFor', kind: 'duration', value: e.fatigue.perDayFor, min: 1, max: 365 * 86400 });
    out.push({ rel: 'fatigue.max', kind: 'factor', value: e.fatigue.max, min: 1, max: 4 });
  }
  if (e.circadian) out.push({ rel: 'circadian.slowdown', kind: 'fraction', value: e.circadian.slowdown, max: 3 });
  if (e.shifts) out.push({ rel: 'shifts.handover', kind: 'duration', value: e.shifts.handover, min: 1 });
  if (e.augmentees) {
    out.push({ rel: 'augmentees.after', kind: 'duration', value: e.augmentees.after, min: 1 });
    out.push({ rel: 'augmentees.capacity', kind: 'count', value: e.augmentees.capacity, min: 1, max: 20 });
  }
  return out;
}

function linkNumbers(l: StructureLink): Found[] {
  const out: Found[] = [{ rel: 'latency', kind: 'distribution', value: l.latency }];
  // A retry delay matters only where a message can fail.
  if (l.failureProbability > 0) {
    out.push({ rel: 'failureProbability', kind: 'probability', value: l.failureProbability, max: 0.95 });
    out.push({ rel: 'retryDelay', kind: 'distribution', value: l.retryDelay });
  }
  return out;
}

type Inject = Scenario['injects'][number];
type Decision = Inject['decisions'][number];

function injectNumbers(inj: Inject): Found[] {
  const out: Found[] = [];
  inj.detection.forEach((d, i) => out.push({ rel: `detection[${i}].delay`, kind: 'distribution', value: d.delay }));
  if (inj.repeat) {
    out.push({ rel: 'repeat.count', kind: 'count', value: inj.repeat.count, min: 1, max: 10000 });
    out.push({ rel: 'repeat.interval', kind: 'distribution', value: inj.repeat.interval });
  }
  inj.effects.forEach((e, i) => {
    if (!('degradeLinks' in e)) return;
    const at = `effects[${i}].degradeLinks`;
    const g = e.degradeLinks;
    if (!g.down) out.push({ rel: `${at}.latencyFactor`, kind: 'factor', value: g.latencyFactor, min: 1, max: 100 });
    if (g.failureProbability !== undefined && !g.down) out.push({ rel: `${at}.failureProbability`, kind: 'probability', value: g.failureProbability, max: 0.95 });
    out.push({ rel: `${at}.duration`, kind: 'duration', value: g.duration, min: 1 });
  });
  return out;
}

type Asset = NonNullable<Scenario['assets']>[number];

/** A magazine's or sortie pool's stock, capacity, production, deliveries and turnaround. */
function assetNumbers(a: Asset): Found[] {
  const out: Found[] = [{ rel: 'initial', kind: 'count', value: a.initial, min: 0, ...(a.capacity !== undefined ? { max: a.capacity } : {}) }];
  if (a.capacity !== undefined) out.push({ rel: 'capacity', kind: 'count', value: a.capacity, min: Math.max(1, a.initial), max: MAX_UNITS });
  if (a.production) {
    out.push({ rel: 'production.rounds', kind: 'count', value: a.production.rounds, min: 1, max: MAX_UNITS });
    out.push({ rel: 'production.every', kind: 'duration', value: a.production.every, min: 1 });
  }
  a.deliveries?.forEach((d, i) => {
    // When a reload arrives is an assumption (a ship's return to port), not the scenario's timeline.
    out.push({ rel: `deliveries[${i}].at`, kind: 'duration', value: d.at, min: 0 });
    out.push({ rel: `deliveries[${i}].rounds`, kind: 'count', value: d.rounds, min: 0, max: MAX_UNITS });
  });
  if (a.turnaround) out.push({ rel: 'turnaround', kind: 'distribution', value: a.turnaround });
  return out;
}

/**
 * A deadline (and expiry) is the scenario's question, not an assumption, unless the decision
 * says it assumes it: then both move, a deadline no later than its expiry and the other way.
 */
function decisionNumbers(d: Decision): Found[] {
  if (d.assumption === undefined) return [];
  const out: Found[] = [];
  const deadline = d.deadline && 'offset' in d.deadline ? d.deadline.offset : undefined;
  const expires = d.expires && 'offset' in d.expires ? d.expires.offset : undefined;
  if (deadline !== undefined) out.push({ rel: 'deadline', kind: 'duration', value: deadline, min: 1, ...(expires !== undefined ? { max: expires } : {}) });
  if (expires !== undefined) out.push({ rel: 'expires', kind: 'duration', value: expires, min: deadline ?? 1 });
  // Rounds per engagement are the decision's assumption too (two interceptors per threat…).
  d.uses?.forEach((u, i) => out.push({ rel: `uses[${i}].rounds`, kind: 'count', value: u.rounds, min: 1, max: 1000 }));
  return out;
}

// ---- listing ---------------------------------------------------------------------------------

/** Whether a `range:` key covers a number: the same path, or a path above it. */
const covers = (key: string, rel: string) => rel === key || rel.startsWith(`${key}.`) || rel.startsWith(`${key}[`);

function ranged(target: string, at: string, obj: Cited, found: Found[]): RangedInput[] {
  const confidence = confidenceOf(obj);
  return found.filter((f) => !isZero(f.value)).map((f) => {
    // The most specific stated range wins: `processing.decide` over `processing`.
    const key = Object.keys(obj.range ?? {}).filter((k) => covers(k, f.rel)).sort((a, b) => b.length - a.length)[0];
    const factors = key !== undefined ? obj.range![key]! : RANGE_RULE[confidence];
    return {
      target, path: `${at}.${f.rel}`, kind: f.kind, confidence, from: key !== undefined ? 'stated' : 'rule', factors,
      base: f.value, low: scale(f, factors[0], 'low'), high: scale(f, factors[1], 'high'),
    };
  });
}

function nationOf(s: Structure, chain: string[]): string {
  return s.nodes.find((n) => n.id === chain[chain.length - 1])?.nation ?? '';
}

/** Every ranged number of a structure, in file order. */
export function structureRanges(s: Structure): RangedInput[] {
  const out: RangedInput[] = [];
  if (s.endurance) out.push(...ranged(s.id, 'endurance', s.endurance, enduranceNumbers(s.endurance)));
  for (const n of s.nodes) {
    out.push(...ranged(s.id, `nodes[${n.id}]`, n, nodeNumbers(n)));
    if (n.endurance && n.endurance !== 'none') out.push(...ranged(s.id, `nodes[${n.id}].endurance`, n.endurance, enduranceNumbers(n.endurance)));
  }
  for (const l of s.links) out.push(...ranged(s.id, `links[${l.id ?? `${l.from}--${l.to}`}]`, l, linkNumbers(l)));
  for (const [kind, tracks] of Object.entries(s.authority)) {
    for (const t of tracks ?? []) {
      t.delegations.forEach((d, i) => {
        if (d.when === 'always') return;
        out.push(...ranged(s.id, `authority.${kind}[${nationOf(s, t.chain)}].delegations[${i}]`, d,
          [{ rel: 'when.deadlineWithin', kind: 'duration', value: d.when.deadlineWithin, min: 1 }]));
      });
    }
  }
  return out;
}

/** Every ranged number of a scenario, in file order. */
export function scenarioRanges(s: Scenario): RangedInput[] {
  const out: RangedInput[] = [];
  for (const a of s.assets ?? []) out.push(...ranged('scenario', `assets[${a.id}]`, a, assetNumbers(a)));
  for (const inj of s.injects) {
    out.push(...ranged('scenario', `injects[${inj.id}]`, inj, injectNumbers(inj)));
    for (const d of inj.decisions) out.push(...ranged('scenario', `injects[${inj.id}].decisions[${d.id}]`, d, decisionNumbers(d)));
  }
  return out;
}

/** The inputs a sensitivity study of a scenario on these structures moves: the scenario's, then each structure's. */
export function rangedInputs(scenario: Scenario, structures: Structure[]): RangedInput[] {
  return [...scenarioRanges(scenario), ...structures.flatMap(structureRanges)];
}

/**
 * The input at a factor between its low and high (a bisection's point): scaled as its range was,
 * then kept between the base and the end it moves towards, so every point is a valid input.
 */
export function valueAtFactor(r: RangedInput, factor: number): Value {
  if (factor === 1) return r.base;
  // The ends are the range's own values (a count moves at least one step there).
  if (factor === r.factors[0]) return r.low;
  if (factor === r.factors[1]) return r.high;
  const end = factor < 1 ? r.low : r.high;
  const v = r.base;
  if (typeof v !== 'number') {
    const e = end as unknown as Record<string, number>;
    const out: Record<string, unknown> = { ...v };
    for (const p of timeParams(v)) {
      const b = (v as unknown as Record<string, number>)[p]!;
      out[p] = Math.min(Math.max(b, e[p]!), Math.max(Math.min(b, e[p]!), round(b * factor, 2)));
    }
    return out as unknown as Distribution;
  }
  const x = r.kind === 'count' ? Math.round(v * factor) : r.kind === 'probability' || r.kind === 'fraction' ? round(v * factor, 4) : round(v * factor, 2);
  return Math.min(Math.max(v, end as number), Math.max(Math.min(v, end as number), x));
}

/** A value as `--set` takes it (YAML on one line, seconds for durations). */
export function setValue(v: Value): string {
  return stringify(v, { collectionStyle: 'flow' }).trim();
}

/** The `--set` argument that puts an input at its low or high value. */
export function setArgument(r: RangedInput, side: 'low' | 'high'): string {
  return `${r.target}.${r.path}=${setValue(r[side])}`;
}

// ---- checking stated ranges --------------------------------------------------------------------

function rangeKeyIssues(obj: Cited, found: Found[], path: DocIssue['path']): DocIssue[] {
  const rels = found.map((f) => f.rel);
  return Object.keys(obj.range ?? {}).filter((k) => !rels.some((r) => covers(k, r))).map((k) => ({
    path: [...path, 'range', k],
    message: rels.length === 0
      ? `"${k}" names no number here: this object has none that a range applies to; remove range`
      : `"${k}" names no number of this object; expected one of ${rels.join(', ')} (or a path above them)`,
  }));
}

/** A `range:` key that names no number of its object is a typo: the range would silently not apply. */
export function structureRangeIssues(s: Structure): DocIssue[] {
  const issues: DocIssue[] = [];
  if (s.endurance) issues.push(...rangeKeyIssues(s.endurance, enduranceNumbers(s.endurance), ['endurance']));
  s.nodes.forEach((n, i) => {
    issues.push(...rangeKeyIssues(n, nodeNumbers(n), ['nodes', i]));
    if (n.endurance && n.endurance !== 'none') issues.push(...rangeKeyIssues(n.endurance, enduranceNumbers(n.endurance), ['nodes', i, 'endurance']));
  });
  s.links.forEach((l, i) => issues.push(...rangeKeyIssues(l, linkNumbers(l), ['links', i])));
  for (const [kind, tracks] of Object.entries(s.authority)) {
    tracks?.forEach((t, ti) => t.delegations.forEach((d, di) => issues.push(...rangeKeyIssues(d,
      d.when === 'always' ? [] : [{ rel: 'when.deadlineWithin', kind: 'duration', value: d.when.deadlineWithin }],
      ['authority', kind, ti, 'delegations', di]))));
  }
  return issues;
}

export function scenarioRangeIssues(s: Scenario): DocIssue[] {
  const issues: DocIssue[] = [];
  s.assets?.forEach((a, i) => issues.push(...rangeKeyIssues(a, assetNumbers(a), ['assets', i])));
  s.injects.forEach((inj, i) => {
    issues.push(...rangeKeyIssues(inj, injectNumbers(inj), ['injects', i]));
    inj.decisions.forEach((d, di) => issues.push(...rangeKeyIssues(d, decisionNumbers(d), ['injects', i, 'decisions', di])));
  });
  return issues;
}
