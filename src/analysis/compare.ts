/**
 * Comparing two reports: what differs in their inputs, then per decision and structure whether
 * latency and on-time rate moved by more than Monte Carlo noise. The reports hold independent
 * samples (or, with the same seed, positively correlated ones), so the tests are unpaired:
 * Welch for means, Newcombe's hybrid score interval for rates — conservative under pairing.
 */
import { InputError, formatPath } from '../model/inputError.js';
import { checkJsonDepth, MAX_REPORT_BYTES, readJsonFile } from '../model/jsonFile.js';
import { checkReport } from '../model/reportChecks.js';
import { COMPARISON_VERSION, type ComparedStructure, type Comparison } from '../model/comparison.js';
import { REPORT_SCHEMA_VERSION, reportSchema, type Report, type StructureResult } from '../model/report.js';
import { t975, wilson } from './stats.js';
import { byCodePoint } from './aggregate.js';

/** Reads a report, refusing files that are not reports of this schema version, or not consistent. */
export function readReport(file: string): Report {
  return parseReport(readJsonFile(file, 'a report written by c2sim run --json or --out', MAX_REPORT_BYTES, 'a report'), file);
}

/** A report from parsed JSON: the schema, then its consistency (every renderer relies on both). */
export function parseReport(raw: unknown, file: string): Report {
  checkJsonDepth(raw, file, 'a report written by c2sim run --json or --out');
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  // A shard's part (run --shard) is not a report yet: say what makes one.
  if (version === undefined && raw !== null && typeof raw === 'object' && 'c2simPartial' in raw) {
    throw new InputError('is a partial result of run --shard, not a report; merge the parts first: c2sim merge part-*.json --out report.json', file);
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new InputError(`is a report of schema version ${JSON.stringify(version ?? 'none')}, and this c2sim reads version ${REPORT_SCHEMA_VERSION}; run the scenario again with this c2sim to compare`, file);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`is not a valid report: ${issue.message}`, file, undefined, formatPath(issue.path.filter((p) => typeof p !== 'symbol')) || undefined);
  }
  const issues = checkReport(parsed.data);
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new InputError(`is not a consistent report: ${issues[0]!.message}${more}; expected a report as c2sim wrote it`, file, undefined, formatPath(issues[0]!.path));
  }
  return parsed.data;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function provenance(a: Report, b: Report): Comparison['provenance'] {
  const out: Comparison['provenance'] = [];
  const diff = (field: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ field, a: show(x), b: show(y) });
  };
  diff('tool version', a.tool.version, b.tool.version);
  diff('scenario', a.scenario.id, b.scenario.id);
  if (a.scenario.id === b.scenario.id) diff('scenario file (sha256)', a.scenario.sha256.slice(0, 12), b.scenario.sha256.slice(0, 12));
  diff('structures', a.structures.map((s) => s.id), b.structures.map((s) => s.id));
  for (const s of a.structures) {
    const t = b.structures.find((x) => x.id === s.id);
    if (t) diff(`structure ${s.id} (sha256)`, s.sha256.slice(0, 12), t.sha256.slice(0, 12));
  }
  diff('seed', a.seed, b.seed);
  diff('runs', a.runs, b.runs);
  diff('first run', a.firstRun, b.firstRun);
  diff('choices', a.options.choices, b.options.choices);
  diff('variants', a.options.variants.map((v) => v.id), b.options.variants.map((v) => v.id));
  // One line per override added or removed: a variant can carry a dozen.
  const o = (r: Report) => r.options.overrides.map((x) => `${x.target}.${x.path}=${JSON.stringify(x.value)} (${x.from})`);
  for (const x of o(a)) if (!o(b).includes(x)) out.push({ field: 'override', a: x, b: '(none)' });
  for (const x of o(b)) if (!o(a).includes(x)) out.push({ field: 'override', a: '(none)', b: x });
  return out;
}

/** Welch–Satterthwaite on the reports' standard errors (cluster-robust where runs hold several instances). */
function welch(a: StructureResult, b: StructureResult): Pick<ComparedStructure, 'meanDifference_s' | 'ci95_s' | 'verdict'> {
  const la = a.latency_s;
  const lb = b.latency_s;
  if (!la || !lb || la.mean_se_s === null || lb.mean_se_s === null || la.mean_df < 1 || lb.mean_df < 1) {
    return { meanDifference_s: la && lb ? r3(lb.mean_s - la.mean_s) : null, ci95_s: null, verdict: 'too few instances' };
  }
  const d = lb.mean_s - la.mean_s;
  const va = la.mean_se_s ** 2;
  const vb = lb.mean_se_s ** 2;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { meanDifference_s: r3(d), ci95_s: [r3(d), r3(d)], verdict: d < 0 ? 'faster' : d > 0 ? 'slower' : 'no difference beyond noise' };
  const df = (va + vb) ** 2 / (va ** 2 / la.mean_df + vb ** 2 / lb.mean_df);
  const half = t975(Math.max(1, Math.floor(df))) * se;
  const verdict = d + half < 0 ? 'faster' : d - half > 0 ? 'slower' : 'no difference beyond noise';
  return { meanDifference_s: r3(d), ci95_s: [r3(d - half), r3(d + half)], verdict };
}

function rates(a: StructureResult, b: StructureResult): Pick<ComparedStructure, 'onTimeDifference' | 'onTime_ci95' | 'onTimeVerdict'> {
  const oa = a.outcomes;
  const ob = b.outcomes;
  if (a.instances === 0 || b.instances === 0) return { onTimeDifference: null, onTime_ci95: null, onTimeVerdict: 'not demanded in both' };
  if (!oa || !ob) return { onTimeDifference: null, onTime_ci95: null, onTimeVerdict: 'no deadline' };
  const na = oa.onTime.count + oa.late.count + oa.missed.count;
  const nb = ob.onTime.count + ob.late.count + ob.missed.count;
  const pa = oa.onTime.count / na;
  const pb = ob.onTime.count / nb;
  const d = pb - pa;
  let lo: number;
  let hi: number;
  if (a.clusters.maxPerRun <= 1 && b.clusters.maxPerRun <= 1) {
    // Independent instances: Newcombe's hybrid score interval from the two Wilson intervals.
    const wa = wilson(oa.onTime.count, na)!;
    const wb = wilson(ob.onTime.count, nb)!;
    lo = d - Math.sqrt((pb - wb[0]) ** 2 + (wa[1] - pa) ** 2);
    hi = d + Math.sqrt((wb[1] - pb) ** 2 + (pa - wa[0]) ** 2);
  } else {
    // Runs as the samples: the reports' cluster-robust standard errors.
    const se = Math.sqrt(oa.onTime.se ** 2 + ob.onTime.se ** 2);
    const half = t975(Math.max(1, Math.min(a.clusters.runs, b.clusters.runs) - 1)) * se;
    lo = d - half;
    hi = d + half;
  }
  const verdict = lo > 0 ? 'more on time' : hi < 0 ? 'less on time' : 'no difference beyond noise';
  return { onTimeDifference: r3(d), onTime_ci95: [r3(lo), r3(hi)], onTimeVerdict: verdict };
}

type Share = NonNullable<StructureResult['truth']>['timelyCorrect'];

/** b − a for a share over instances, as for the on-time rate: Newcombe, or over runs when runs hold several. */
function shareDifference(sa: Share, na: number, sb: Share, nb: number, a: StructureResult, b: StructureResult): NonNullable<ComparedStructure['truth']>['timelyCorrect'] {
  const pa = sa.rate;
  const pb = sb.rate;
  if (na === 0 || nb === 0) return { a: pa, b: pb, difference: null, ci95: null, verdict: 'not demanded in both' };
  const d = sb.count / nb - sa.count / na;
  let lo: number;
  let hi: number;
  if (a.clusters.maxPerRun <= 1 && b.clusters.maxPerRun <= 1) {
    const wa = wilson(sa.count, na)!;
    const wb = wilson(sb.count, nb)!;
    const qa = sa.count / na;
    const qb = sb.count / nb;
    lo = d - Math.sqrt((qb - wb[0]) ** 2 + (wa[1] - qa) ** 2);
    hi = d + Math.sqrt((wb[1] - qb) ** 2 + (qa - wa[0]) ** 2);
  } else {
    const half = t975(Math.max(1, Math.min(a.clusters.runs, b.clusters.runs) - 1)) * Math.sqrt(sa.se ** 2 + sb.se ** 2);
    lo = d - half;
    hi = d + half;
  }
  const verdict = lo > 0 ? 'higher' : hi < 0 ? 'lower' : 'no difference beyond noise';
  return { a: pa, b: pb, difference: r3(d), ci95: [r3(lo), r3(hi)], verdict };
}

function truthDifferences(a: StructureResult, b: StructureResult): Pick<ComparedStructure, 'truth'> {
  if (!a.truth || !b.truth) return {};
  const [ta, tb] = [a.truth, b.truth];
  const retracted = ta.retracted && tb.retracted
    ? { retracted: shareDifference(ta.retracted, ta.falseAlarms.count, tb.retracted, tb.falseAlarms.count, a, b) } : {};
  const [xa, xb] = [ta.retractions?.timeToRetract_s, tb.retractions?.timeToRetract_s];
  return {
    truth: {
      timelyCorrect: shareDifference(ta.timelyCorrect, a.instances, tb.timelyCorrect, b.instances, a, b),
      falseAlarms: shareDifference(ta.falseAlarms, a.instances, tb.falseAlarms, b.instances, a, b),
      ...retracted,
      ...(xa && xb ? { timeToRetract: retractDifference(xa, xb) } : {}),
    },
  };
}

type RetractTime = NonNullable<NonNullable<NonNullable<StructureResult['truth']>['retractions']>['timeToRetract_s']>;

/** b − a in mean time to retract: Welch on the reports' standard errors (absent in older reports: no interval). */
function retractDifference(a: RetractTime, b: RetractTime): NonNullable<NonNullable<ComparedStructure['truth']>['timeToRetract']> {
  const d = b.mean_s - a.mean_s;
  const base = { a_s: a.mean_s, b_s: b.mean_s, difference_s: r3(d) };
  if (a.se_s == null || b.se_s == null || !a.df || !b.df) return { ...base, ci95_s: null, verdict: 'too few instances' };
  const [va, vb] = [a.se_s ** 2, b.se_s ** 2];
  const se = Math.sqrt(va + vb);
  if (se === 0) return { ...base, ci95_s: [r3(d), r3(d)], verdict: d < 0 ? 'faster' : d > 0 ? 'slower' : 'no difference beyond noise' };
  const df = (va + vb) ** 2 / (va ** 2 / a.df + vb ** 2 / b.df);
  const half = t975(Math.max(1, Math.floor(df))) * se;
  const verdict = d + half < 0 ? 'faster' : d - half > 0 ? 'slower' : 'no difference beyond noise';
  return { ...base, ci95_s: [r3(d - half), r3(d + half)], verdict };
}

function movers(a: StructureResult, b: StructureResult): ComparedStructure['movers'] {
  const out: ComparedStructure['movers'] = [];
  const add = (kind: 'cause' | 'node', x: Record<string, number>, y: Record<string, number>) => {
    for (const name of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const as = x[name] ?? 0;
      const bs = y[name] ?? 0;
      if (as !== bs) out.push({ kind, name, a_s: as, b_s: bs, change_s: r3(bs - as) });
    }
  };
  add('cause', a.byCause_s, b.byCause_s);
  add('node', a.byNode_s, b.byNode_s);
  return out.sort((p, q) => Math.abs(q.change_s) - Math.abs(p.change_s) || byCodePoint(p.name, q.name)).slice(0, 4);
}

const side = (r: StructureResult) => ({
  executed: r.executed,
  mean_s: r.latency_s?.mean_s ?? null,
  p50_s: r.latency_s?.p50_s ?? null,
  p90_s: r.latency_s?.p90_s ?? null,
  onTimeRate: r.outcomes?.onTime.rate ?? null,
  ...(r.criticalPath.median?.confidence_s ? { restsOn_s: r.criticalPath.median.confidence_s } : {}),
});

export function compareReports(a: Report, b: Report, files: { a: string; b: string }): Comparison {
  const unmatched: string[] = [];
  const decisions: Comparison['decisions'] = [];
  for (const da of a.decisions) {
    const key = `${da.inject}/${da.decision}`;
    const db = b.decisions.find((x) => `${x.inject}/${x.decision}` === key);
    if (!db) { unmatched.push(`${key} (only in a)`); continue; }
    const structures: Comparison['decisions'][number]['structures'] = {};
    for (const [id, ra] of Object.entries(da.structures)) {
      const rb = db.structures[id];
      if (!rb) continue;
      structures[id] = { a: side(ra), b: side(rb), ...welch(ra, rb), ...rates(ra, rb), movers: movers(ra, rb), ...truthDifferences(ra, rb) };
    }
    decisions.push({ key, kind: da.kind, structures });
  }
  for (const db of b.decisions) if (!a.decisions.some((x) => x.inject === db.inject && x.decision === db.decision)) unmatched.push(`${db.inject}/${db.decision} (only in b)`);
  for (const s of a.structures) if (!b.structures.some((x) => x.id === s.id)) unmatched.push(`structure ${s.id} (only in a)`);
  for (const s of b.structures) if (!a.structures.some((x) => x.id === s.id)) unmatched.push(`structure ${s.id} (only in b)`);
  const branches = branchShares(a, b);
  return {
    comparisonVersion: COMPARISON_VERSION,
    method: 'unpaired',
    a: { file: files.a, scenario: a.scenario.id, seed: a.seed, runs: a.runs },
    b: { file: files.b, scenario: b.scenario.id, seed: b.seed, runs: b.runs },
    provenance: provenance(a, b),
    decisions,
    unmatched,
    ...(branches.length ? { branches } : {}),
  };
}

/** The share of runs in each branch drawn by chance, a → b (a changed chance shows here first). */
function branchShares(a: Report, b: Report): NonNullable<Comparison['branches']> {
  const key = (x: { element: string; branch: string }) => `${x.element}=${x.branch}`;
  const keys = [...new Set([...(a.branches ?? []), ...(b.branches ?? [])].map(key))].sort(byCodePoint);
  return keys.map((k) => {
    const [element, branch] = [k.slice(0, k.lastIndexOf('=')), k.slice(k.lastIndexOf('=') + 1)];
    // An element drawn in a report but not in this branch: 0 of its runs (not unknown).
    const side = (r: Report) => {
      if (!r.branches?.some((x) => x.element === element)) return undefined;
      return r.branches.find((x) => key(x) === k)?.runs ?? 0;
    };
    const [ka, kb] = [side(a), side(b)];
    if (ka === undefined || kb === undefined) {
      return { element, branch, a: ka === undefined ? null : r3(ka / a.runs), b: kb === undefined ? null : r3(kb / b.runs), difference: null, ci95: null, verdict: 'drawn in one report only' as const };
    }
    const [pa, pb] = [ka / a.runs, kb / b.runs];
    const [wa, wb] = [wilson(ka, a.runs)!, wilson(kb, b.runs)!];
    const d = pb - pa;
    const lo = d - Math.sqrt((pb - wb[0]) ** 2 + (wa[1] - pa) ** 2);
    const hi = d + Math.sqrt((wb[1] - pb) ** 2 + (pa - wa[0]) ** 2);
    const verdict = lo > 0 ? 'higher' as const : hi < 0 ? 'lower' as const : 'no difference beyond noise' as const;
    return { element, branch, a: r3(pa), b: r3(pb), difference: r3(d), ci95: [r3(lo), r3(hi)] as [number, number], verdict };
  });
}
