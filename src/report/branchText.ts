/**
 * Results per branch drawn by chance (issue 8), as a decision × branch table: for each element
 * drawn per run (an inject that happens or not, an inject's cases, a decision point's option),
 * the decisions whose figures differ between its branches, one row per branch. A decision alike
 * in every branch (demanded in each, every interval overlapping) is only counted: the table shows
 * what the branch changes, and the JSON report keeps every figure. Numbers and ids only: callers
 * escape the ids for their medium.
 */
import { formatDuration } from '../model/duration.js';
import type { BranchDecision, Report, ReportBranch } from '../model/report.js';
import { wilson } from '../analysis/stats.js';

type Cell = BranchDecision['structures'][string];
type Rate = NonNullable<Cell['onTime']>;
type Paired = BranchDecision['paired'][number];

export interface BranchRow {
  branch: string;
  share: number;
  runs: number;
  /** Absent when the decision was not demanded in this branch. */
  result?: BranchDecision;
}

export interface ElementTable {
  element: string;
  branches: ReportBranch[];
  /** Decisions whose figures differ between the branches, each with a row per branch. */
  decisions: { key: string; rows: BranchRow[] }[];
  /** Decisions alike in every branch (within their intervals). */
  alike: string[];
}

const keyOf = (d: { inject: string; decision: string }) => `${d.inject}/${d.decision}`;

/** The elements that drew two or more branches, with the decisions each branch changes. */
export function branchTables(report: Report): ElementTable[] {
  const byElement = new Map<string, ReportBranch[]>();
  for (const b of report.branches ?? []) if (b.decisions) byElement.set(b.element, [...(byElement.get(b.element) ?? []), b]);
  const ids = report.structures.map((s) => s.id);
  return [...byElement].map(([element, branches]) => {
    const decisions: ElementTable['decisions'] = [];
    const alike: string[] = [];
    for (const d of report.decisions) {
      const key = keyOf(d);
      const rows = branches.map((b) => ({ branch: b.branch, share: b.share, runs: b.runs, result: b.decisions!.find((x) => keyOf(x) === key) }));
      if (rows.every((r) => !r.result)) continue;
      if (differ(rows, ids)) decisions.push({ key, rows });
      else alike.push(key);
    }
    return { element, branches, decisions, alike };
  });
}

const disjoint = (a: [number, number] | null | undefined, b: [number, number] | null | undefined) => !!a && !!b && (a[1] < b[0] || b[1] < a[0]);

/**
 * Whether a decision's figures differ between branches, as far as the runs can tell: the share of
 * runs that demanded it, a structure's mean, on-time or right-or-wrong rate, or a paired
 * difference, with 95% intervals apart in two branches. (A contingency fired once in 200 runs is
 * demanded in one branch only, by chance: that alone does not set it apart.)
 */
function differ(rows: BranchRow[], ids: string[]): boolean {
  const figures = rows.map((r) => {
    const x = r.result;
    const structures = ids.flatMap((id) => {
      const c = x?.structures[id];
      // An arm that changes a chance draws the branch in runs of its own: at most all of them.
      return [wilson(Math.min(c?.runs ?? 0, r.runs), r.runs) ?? null, c?.mean_ci95_s, c?.onTime?.ci95, c?.truth?.timelyCorrect.ci95, c?.truth?.falseAlarms.ci95];
    });
    return [...structures, ...(x?.paired.map((p) => p.ci95_s) ?? [])];
  });
  return figures.some((v, a) => figures.some((w, b) => a < b && v.some((ci, i) => disjoint(ci, w[i]))));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '') + formatDuration(Math.abs(x));
const VERDICT: Record<string, string> = { faster: 'faster', slower: 'slower', 'no difference beyond noise': '≈' };

/** "31m02s 9%": mean latency and on-time rate ("—" when never executed). */
export function cellText(c: Cell | undefined, sep = ' '): string {
  if (!c || c.instances === 0) return 'not demanded';
  const mean = c.mean_s === null ? 'never executed' : formatDuration(c.mean_s);
  return c.onTime ? `${mean}${sep}${pct(c.onTime.rate)}` : mean;
}

/** "−23m41s faster", "0s ≈", or "—" with too few pairs. */
export function pairedText(p: Paired): string {
  if (p.meanDifference_s === null || p.ci95_s === null) return '—';
  return `${signed(p.meanDifference_s)} ${VERDICT[p.verdict] ?? p.verdict}`;
}

/** "−23m41s [−27m04s, −20m17s], faster" for reports with room for intervals. */
export function pairedLong(p: Paired): string {
  if (p.meanDifference_s === null || p.ci95_s === null) return p.verdict;
  return `${signed(p.meanDifference_s)} [${signed(p.ci95_s[0])}, ${signed(p.ci95_s[1])}], ${p.verdict}`;
}

/** "right and on time 9% [6%, 13%] · false alarms 67% […]" for one structure, when it has them. */
export function truthText(c: Cell | undefined, long = false): string | undefined {
  const t = c?.truth;
  if (!t || !c || c.instances === 0) return undefined;
  const one = (r: Rate) => `${pct(r.rate)}${long && r.ci95 ? ` [${pct(r.ci95[0])}, ${pct(r.ci95[1])}]` : ''}`;
  return `right and on time ${one(t.timelyCorrect)}${t.falseAlarms.count > 0 ? ` · false alarms ${one(t.falseAlarms)}` : ''}`;
}

/** "right and on time 10% / 10% · false alarms 68% / 68%": the structures in the table's order. */
function truthRow(d: BranchDecision, ids: string[]): string | undefined {
  const cells = ids.map((id) => d.structures[id]);
  if (!cells.some((c) => c?.truth && c.instances > 0)) return undefined;
  const list = (f: (t: NonNullable<Cell['truth']>) => Rate) => cells.map((c) => (c?.truth && c.instances > 0 ? pct(f(c.truth).rate) : '—')).join(' / ');
  const alarms = cells.some((c) => (c?.truth?.falseAlarms.count ?? 0) > 0);
  return `right and on time ${list((t) => t.timelyCorrect)}${alarms ? ` · false alarms ${list((t) => t.falseAlarms)}` : ''}`;
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

/** The terminal's table: per element, the decisions its branches change, a row per branch. */
export function branchTableLines(report: Report): string[] {
  const tables = branchTables(report);
  if (tables.length === 0) return [];
  const ids = report.structures.map((s) => s.id);
  const pairs = report.decisions[0]?.paired.map((p) => `${p.candidate} − ${p.baseline}`) ?? [];
  const out: string[] = [];
  for (const t of tables) {
    const label = (r: { branch: string; share: number }) => `${r.branch} ${pct(r.share)}`;
    const wb = Math.max(12, ...t.branches.map((b) => label(b).length + 4));
    const wc = Math.max(14, ...ids.map((id) => id.length + 2));
    out.push(`By branch: ${t.element} (mean, on time)`);
    out.push(pad('', wb) + pad('RUNS', 6) + ids.map((id) => pad(id, wc)).join('') + pairs.join('  '));
    for (const d of t.decisions) {
      out.push(d.key);
      for (const r of d.rows) {
        const cells = ids.map((id) => pad(cellText(r.result?.structures[id]), wc)).join('');
        const diffs = r.result ? r.result.paired.map(pairedText).join('  ') : '';
        out.push((pad(`  ${label(r)}`, wb) + pad(String(r.runs), 6) + (r.result ? cells + diffs : 'not demanded')).trimEnd());
        const truth = r.result && truthRow(r.result, ids);
        if (truth) out.push(`    ${truth}`);
      }
    }
    if (t.alike.length) out.push(`Alike in every branch (intervals overlap): ${t.alike.length === 1 ? t.alike[0] : `${t.alike.length} decisions`}.`);
    out.push('');
  }
  return out;
}

export const BRANCH_NOTE = 'By branch: each structure over the runs that drew the branch; differences paired over those runs (both structures drew it: common random numbers). Decisions whose figures do not differ between branches are counted, not shown.';
