/**
 * After-action reports in the HSEEP manner, as Markdown: objectives rated P/S/M/U with their
 * evidence, strengths, and areas for improvement traced to the nodes and causes that cost time.
 * One report, or two compared (what changed from a to b). It is read as prose: no field names
 * of the JSON, each sentence once, and each structure's strengths in its own words and numbers.
 * Every text that came from an input is escaped: a title cannot open a link, an HTML tag or a
 * table cell of its own.
 */
import { CONFIDENCE_NOTE, confidenceLine, restsOn } from './confidenceText.js';
import { formatDuration } from '../model/duration.js';
import type { Comparison } from '../model/comparison.js';
import type { Report, ReportDecision } from '../model/report.js';
import { RATING_RULE, RATING_TEXT, rateObjectives, type ObjectiveRating } from '../analysis/ratings.js';
import { hasTruth, retractionLine, TRUTH_NOTE, truthLine } from './truthText.js';
import { assetMarkdown, SUPPLY_PROSE } from './assetText.js';
import { BRANCH_NOTE, branchTables, cellText, pairedLong, truthText } from './branchText.js';
import { plural } from './plural.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`;
const pts = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.round(Math.abs(x) * 100)} points`;

/**
 * Input text as inline Markdown: one line; Markdown's link, emphasis, code and table syntax
 * backslash-escaped; `<`, `>` and `&` as entities, so no raw HTML (`<script>`, `<img onerror>`).
 */
export function markdownText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Input text as a code span, where Markdown and HTML are not interpreted; text a code span
 * cannot hold (a backtick, a line break, a pipe that would split a table cell) as escaped text.
 */
function code(text: string): string {
  return /^[^`\r\n|]+$/.test(text) && text.trim() === text ? `\`${text}\`` : markdownText(text);
}

/** The causes of delay, as a reader would name them. */
const CAUSE_PROSE: Record<string, string> = {
  detection: 'detection',
  transmission: 'messages in transit between headquarters',
  queueing: 'waiting in a staff queue',
  processing: 'staff work',
  'after-hours': 'reaching decision-makers after hours',
  escalation: 'escalation up the chain',
  coordination: 'coordination with the ally',
  supply: SUPPLY_PROSE,
  fatigue: 'a tired staff working slower',
  handover: 'shift handovers',
};
const causeProse = (cause: string) => CAUSE_PROSE[cause] ?? markdownText(cause);

function evidence(r: ObjectiveRating | undefined): string {
  if (!r || r.rating === null) return 'not exercised';
  return `**${r.rating}** — ${r.onTime} of ${r.demanded} on time (${pct(r.onTime / r.demanded)})`;
}

function scope(report: Report, label = ''): string[] {
  const lines = [
    `- ${label}Scenario: ${markdownText(report.scenario.name)} (file ${code(report.scenario.file)}, sha256 ${code(report.scenario.sha256.slice(0, 12))}…)`,
    `- ${label}Structures: ${report.structures.map((s) => `${markdownText(s.name)} (${code(s.id)}, sha256 ${code(s.sha256.slice(0, 12))}…)`).join('; ')}`,
    `- ${label}Runs: ${report.runs} with seed ${markdownText(report.seed)}${report.firstRun ? `, from run ${report.firstRun}` : ''}; c2sim ${markdownText(report.tool.version)}`,
  ];
  const choices = Object.entries(report.options.choices);
  if (choices.length) lines.push(`- ${label}Choices at decision points: ${choices.map(([k, v]) => `${markdownText(k)}: ${markdownText(v)}`).join(', ')}`);
  if (report.options.variants.length) lines.push(`- ${label}Variants: ${report.options.variants.map((v) => code(v.id)).join(', ')}`);
  if (report.options.overrides.length) lines.push(`- ${label}Overrides: ${report.options.overrides.map((o) => `${code(`${o.target}.${o.path} = ${JSON.stringify(o.value)}`)} (from ${markdownText(o.from)})`).join('; ')}`);
  return lines;
}

/** "Legacy (legacy) and JFHQ (jfhq)": structures named in a sentence. */
function nameList(structures: Report['structures']): string {
  const names = structures.map((s) => `${markdownText(s.name)} (${code(s.id)})`);
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const decisionKey = (d: ReportDecision) => `${d.inject}/${d.decision}`;

/** What a structure did distinctly better or worse than another, decision by decision (paired, beyond noise). */
function pairedFindings(report: Report, id: string, verdict: 'faster' | 'slower'): string[] {
  const nameOf = (sid: string) => markdownText(report.structures.find((s) => s.id === sid)?.name ?? sid);
  const out: string[] = [];
  for (const d of report.decisions) {
    for (const p of d.paired) {
      if (p.meanDifference_s === null || !p.ci95_s) continue;
      // The verdict is the candidate's against the baseline; the baseline's is its mirror.
      const mine = p.candidate === id ? p.verdict : p.baseline === id ? (p.verdict === 'faster' ? 'slower' : p.verdict === 'slower' ? 'faster' : p.verdict) : undefined;
      if (mine !== verdict) continue;
      const other = p.candidate === id ? p.baseline : p.candidate;
      const gap = Math.abs(p.meanDifference_s);
      const [lo, hi] = p.ci95_s.map(Math.abs).sort((x, y) => x - y) as [number, number];
      const mineOn = restsOn(d, id);
      const otherOn = restsOn(d, other);
      const rests = mineOn && otherOn ? `; its median critical path rests on numbers ${mineOn} (${nameOf(other)}: ${otherOn})` : '';
      out.push(`- ${markdownText(d.title)} (${code(decisionKey(d))}): ${formatDuration(gap)} ${verdict} than ${nameOf(other)} on average over ${plural(p.pairs, 'run')} (95% interval ${formatDuration(lo)} to ${formatDuration(hi)})${rests}.`);
    }
  }
  return out;
}

/** One sentence: on how many decisions this structure was slower than another beyond noise, and by how much. */
function slowerSummary(report: Report, id: string): string | undefined {
  const gaps = new Map<string, number[]>();
  for (const d of report.decisions) {
    for (const p of d.paired) {
      if (p.meanDifference_s === null) continue;
      const other = p.candidate === id && p.verdict === 'slower' ? p.baseline : p.baseline === id && p.verdict === 'faster' ? p.candidate : undefined;
      if (other !== undefined) gaps.set(other, [...(gaps.get(other) ?? []), Math.abs(p.meanDifference_s)]);
    }
  }
  if (gaps.size === 0) return undefined;
  const parts = [...gaps].map(([other, g]) => {
    const name = markdownText(report.structures.find((s) => s.id === other)?.name ?? other);
    const range = g.length === 1 ? `by ${formatDuration(g[0]!)}` : `by ${formatDuration(Math.min(...g))} to ${formatDuration(Math.max(...g))}`;
    return `than ${name} on ${plural(g.length, 'decision')}, ${range} on average (listed under its strengths)`;
  });
  return `- Slower beyond noise ${parts.join('; and ')}.`;
}

/** Who decided, for a structure's decision: "decided at mod (JP) and indopacom (US)". */
function decidedAt(d: ReportDecision, id: string): string {
  const r = d.structures[id];
  if (!r) return '';
  const parts = Object.entries(r.decidedBy).map(([nation, nodes]) => {
    const [node, share] = Object.entries(nodes).sort((a, b) => b[1] - a[1])[0] ?? [];
    return node === undefined ? '' : `${code(node)} for ${markdownText(nation)}${share! < 0.995 ? ` (${pct(share!)} of the time)` : ''}`;
  }).filter(Boolean);
  return parts.length ? `decided at ${parts.join(' and ')}` : '';
}

export function reportMarkdown(report: Report): string {
  const structures = report.structures;
  const ids = structures.map((s) => s.id);
  const ratings = rateObjectives(report);
  const out = [`# After-action report: ${markdownText(report.scenario.name)}`, '', '## Scope', '', ...scope(report), '', `Ratings: ${RATING_RULE}`, ''];
  out.push('## Objectives', '', `| Objective | Capability | ${ids.map(code).join(' | ')} |`, `|---|---|${ids.map(() => '---').join('|')}|`);
  for (const o of ratings) out.push(`| ${markdownText(o.title)} | ${markdownText(o.capability)} | ${ids.map((id) => evidence(o.structures[id])).join(' | ')} |`);
  if (ratings.length === 0) out.push(`| The scenario states no objectives. | |${ids.map(() => ' |').join('')}`);

  // Strengths: what every structure did well is said once; then each structure's own.
  out.push('', '## Strengths', '');
  const allP = ratings.filter((o) => ids.every((id) => o.structures[id]?.rating === 'P'));
  if (allP.length && ids.length > 1) {
    out.push(`Every structure performed these objectives without challenges:`, '');
    for (const o of allP) out.push(`- ${markdownText(o.title)}: ${ids.map((id) => `${pct(o.structures[id]!.onTime / o.structures[id]!.demanded)} on time in ${code(id)}`).join(', ')}.`);
    out.push('');
  }
  const quiet: typeof structures = [];
  for (const s of structures) {
    const own = ratings
      .filter((o) => o.structures[s.id]?.rating === 'P' && !(ids.length > 1 && allP.includes(o)))
      .map((o) => `- ${markdownText(o.title)}: performed without challenges, ${o.structures[s.id]!.onTime} of ${o.structures[s.id]!.demanded} decisions on time (${pct(o.structures[s.id]!.onTime / o.structures[s.id]!.demanded)}).`);
    const faster = pairedFindings(report, s.id, 'faster').map((line) => {
      const d = report.decisions.find((x) => line.includes(code(decisionKey(x))));
      const who = d ? decidedAt(d, s.id) : '';
      return who ? line.replace(/\.$/, `; ${who}.`) : line;
    });
    const lines = [...own, ...faster];
    if (lines.length) out.push(`### ${markdownText(s.name)} (${code(s.id)})`, '', ...lines, '');
    else quiet.push(s);
  }
  if (quiet.length) {
    out.push(ids.length === 1 ? 'No objective rated P.'
      : `${nameList(quiet)}: nothing beyond what every structure did — no objective rated P that ${quiet.length === ids.length ? 'another' : 'the others'} missed, and no decision faster than another structure beyond noise.`, '');
  }

  // Areas for improvement: each objective short of P with where its time went — said once when
  // every structure fell short alike, else under each structure.
  out.push('## Areas for improvement', '');
  const trace = (r: ObjectiveRating) => (r.costliestNode && r.costliestCause
    ? `most of the time went to ${causeProse(r.costliestCause.name)} (${formatDuration(r.costliestCause.seconds)} per decision on average), and ${code(r.costliestNode.name)} held the decisions longest (${formatDuration(r.costliestNode.seconds)})`
    : '');
  const verdict = (r: ObjectiveRating & { rating: 'S' | 'M' | 'U' }) => `rated **${r.rating}**, ${RATING_TEXT[r.rating].toLowerCase()}; ${r.onTime} of ${r.demanded} decisions on time (${pct(r.onTime / r.demanded)})`;
  const short = (r: ObjectiveRating | undefined): r is ObjectiveRating & { rating: 'S' | 'M' | 'U' } => !!r && r.rating !== null && r.rating !== 'P';
  const shortfall = (o: (typeof ratings)[number], id: string): string | undefined => {
    const r = o.structures[id];
    if (!short(r)) return undefined;
    const t = trace(r);
    return `- ${markdownText(o.title)}: ${verdict(r)}.${t ? ` ${t.replace(/^./, (c) => c.toUpperCase())}.` : ''}`;
  };
  // Alike: the same rating from the same counts in every structure; where the time went may differ.
  const alike = ids.length > 1 ? ratings.filter((o) => {
    const rs = ids.map((id) => o.structures[id]);
    return rs.every((r) => short(r) && r.rating === rs[0]!.rating && r.onTime === rs[0]!.onTime && r.demanded === rs[0]!.demanded);
  }) : [];
  const fine: typeof structures = [];
  if (alike.length) {
    out.push('Every structure fell short of these objectives alike, with the same figures:', '');
    for (const o of alike) {
      const traces = ids.map((id) => trace(o.structures[id]!));
      const where = traces.every((t) => t === traces[0])
        ? (traces[0] ? ` In each, ${traces[0]}.` : '')
        : ` ${ids.map((id, k) => (traces[k] ? `In ${code(id)}, ${traces[k]}.` : '')).filter(Boolean).join(' ')}`;
      out.push(`- ${markdownText(o.title)}: ${verdict(o.structures[ids[0]!] as ObjectiveRating & { rating: 'S' | 'M' | 'U' })}.${where}`);
    }
    out.push('');
  }
  for (const s of structures) {
    const lines = ratings.filter((o) => !alike.includes(o)).flatMap((o) => shortfall(o, s.id) ?? []);
    // The decisions where another structure was faster are listed under its strengths; here, once, how many and by how much.
    const slower = slowerSummary(report, s.id);
    if (slower) lines.push(slower);
    if (lines.length) out.push(`### ${markdownText(s.name)} (${code(s.id)})`, '', ...lines, '');
    else fine.push(s);
  }
  if (fine.length) {
    const rest = alike.length ? 'nothing beyond what every structure fell short of' : 'every exercised objective rated P';
    out.push(ids.length === 1 ? (alike.length ? '' : 'None: every exercised objective rated P.') : `${nameList(fine)}: ${rest}, and no decision slower than another structure beyond noise.`, '');
  }

  out.push('## Decisions', '', `| Decision | Deadline | ${ids.map((id) => `${code(id)}: median / 90th percentile, on time`).join(' | ')} | Difference from ${code(ids[0]!)} |`, `|---|---|${ids.map(() => '---').join('|')}|---|`);
  for (const d of report.decisions) {
    const cells = ids.map((id) => {
      const r = d.structures[id];
      if (!r || r.instances === 0) return 'not demanded';
      const l = r.latency_s;
      return `${l ? `${formatDuration(l.p50_s)} / ${formatDuration(l.p90_s)}` : 'never executed'}${r.outcomes ? `, ${pct(r.outcomes.onTime.rate)}` : ''}`;
    });
    const paired = d.paired.map((p) => (p.meanDifference_s === null || !p.ci95_s
      ? `${code(p.candidate)}: ${p.verdict}`
      : `${code(p.candidate)} ${signed(p.meanDifference_s)} (${signed(p.ci95_s[0])} to ${signed(p.ci95_s[1])}), ${p.verdict}`)
      + (restsOn(d, p.candidate) && restsOn(d, p.baseline) ? ` (rests on ${restsOn(d, p.baseline)} → ${restsOn(d, p.candidate)})` : '')).join('; ');
    out.push(`| ${markdownText(d.title)} (${code(decisionKey(d))}, ${markdownText(d.kind)}) | ${d.deadline_s === null ? 'none' : formatDuration(d.deadline_s)} | ${cells.join(' | ')} | ${paired || '—'} |`);
  }
  out.push(
    '',
    'How to read this: latency runs from the first detection of an event to the execution of the decision; medians and 90th percentiles are over the decisions that were executed. '
    + 'Where the time went follows the slowest national track of each decision. '
    + `The difference compares each structure with ${code(ids[0]!)} over every simulated run in which both faced the decision: a decision that was never executed counts at the moment it expired, not left out, so a structure cannot look faster by missing its slow cases. `
    + 'Intervals are 95%.'
    + (report.decisions.some((d) => ids.some((id) => restsOn(d, id))) ? ` ${CONFIDENCE_NOTE}` : ''),
    '',
  );
  if (hasTruth(report)) out.push(...rightOrWrong(report, ids));
  if (report.branches?.length) out.push(...byBranch(report, ids));
  out.push(...assetMarkdown(report, markdownText, code));
  return out.join('\n');
}

/** The share of runs in each branch drawn by chance, and what each branch changes (issue 8). */
function byBranch(report: Report, ids: string[]): string[] {
  const out = ['## Branches drawn per run', '', 'Each run drew these by chance, the same in every structure (common random numbers):', ''];
  const elements = new Map<string, string[]>();
  for (const b of report.branches ?? []) {
    const ci = b.ci95 ? ` (95% interval ${pct(b.ci95[0])} to ${pct(b.ci95[1])})` : '';
    elements.set(b.element, [...(elements.get(b.element) ?? []), `${code(b.branch)} in ${plural(b.runs, 'run')}, ${pct(b.share)}${ci}`]);
  }
  for (const [element, parts] of elements) out.push(`- ${code(element)}: ${parts.join('; ')}.`);
  out.push('');
  const titleOf = (key: string) => report.decisions.find((d) => decisionKey(d) === key)?.title ?? key;
  for (const t of branchTables(report)) {
    out.push(`### By ${code(t.element)}`, '');
    if (t.decisions.length) {
      const pairs = report.decisions[0]?.paired.map((p) => `${code(p.candidate)} − ${code(p.baseline)}`) ?? [];
      out.push(`| Decision | Branch | ${ids.map((id) => `${code(id)}: mean, on time`).join(' | ')}${pairs.map((p) => ` | ${p}`).join('')} |`, `|---|---|${ids.map(() => '---').join('|')}${pairs.map(() => '|---').join('')}|`);
      for (const d of t.decisions) {
        d.rows.forEach((r, i) => {
          const cells = ids.map((id) => {
            const c = r.result?.structures[id];
            const truth = truthText(c, true);
            return `${cellText(c, ', ')}${truth ? `; ${truth}` : ''}`;
          });
          const diffs = report.decisions[0]?.paired.map((_, k) => (r.result ? pairedLong(r.result.paired[k]!) : '—')) ?? [];
          // The decision is named on its first row; the rows below it are its other branches.
          const decision = i === 0 ? `${markdownText(titleOf(d.key))} (${code(d.key)})` : '';
          out.push(`| ${decision} | ${code(r.branch)} (${plural(r.runs, 'run')}) | ${cells.join(' | ')}${diffs.map((x) => ` | ${x}`).join('')} |`);
        });
      }
      out.push('');
    }
    if (t.alike.length) out.push(`Alike in every branch (their intervals overlap): ${t.alike.map(code).join(', ')}.`, '');
  }
  out.push(BRANCH_NOTE, '');
  return out;
}

/** Right or wrong beside on time or late: false alarms, their withdrawal, and how fast (issue 8). */
function rightOrWrong(report: Report, ids: string[]): string[] {
  const out = ['## Right or wrong', '', `| Decision | ${ids.map(code).join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`];
  for (const d of report.decisions) {
    const cells = ids.map((id) => {
      const r = d.structures[id];
      if (!r?.truth || r.instances === 0) return 'not demanded';
      return retractionLine(r.truth) ?? truthLine(r.truth);
    });
    out.push(`| ${markdownText(d.title)} (${code(decisionKey(d))}) | ${cells.join(' | ')} |`);
  }
  out.push('', `${TRUTH_NOTE} Intervals are 95% (Wilson, or over runs when a run holds several).`, '');
  return out;
}

export function comparisonMarkdown(c: Comparison, a: Report, b: Report): string {
  const ra = rateObjectives(a);
  const rb = rateObjectives(b);
  const ids = a.structures.map((s) => s.id).filter((id) => b.structures.some((s) => s.id === id));
  const out = [`# After-action comparison: ${markdownText(a.scenario.name)}`, '', `Report a: ${code(c.a.file)}; report b: ${code(c.b.file)}.`, '', '## What differs', ''];
  out.push(...(c.provenance.length ? c.provenance.map((p) => `- ${markdownText(p.field)}: ${code(p.a)} → ${code(p.b)}`) : ['- Nothing in the inputs: a and b differ by Monte Carlo noise alone.']));
  if (c.unmatched.length) out.push(`- In one report only: ${c.unmatched.map(markdownText).join(', ')}`);
  for (const x of c.branches ?? []) {
    const share = (v: number | null) => (v === null ? 'not drawn' : pct(v));
    out.push(`- Drawn per run, ${code(`${x.element}=${x.branch}`)}: ${share(x.a)} of runs → ${share(x.b)}${x.difference !== null && x.ci95 ? ` (${pts(x.difference)}, 95% interval ${pts(x.ci95[0])} to ${pts(x.ci95[1])})` : ''}, ${markdownText(x.verdict)}.`);
  }
  out.push('', '## Objectives', '', `Ratings: ${RATING_RULE}`, '', `| Objective | ${ids.map((id) => `${code(id)}: a → b`).join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`);
  for (const o of ra) {
    const ob = rb.find((x) => x.id === o.id);
    out.push(`| ${markdownText(o.title)} | ${ids.map((id) => `${o.structures[id]?.rating ?? '—'} → ${ob?.structures[id]?.rating ?? '—'}`).join(' | ')} |`);
  }
  const better: string[] = [];
  const worse: string[] = [];
  for (const d of c.decisions) {
    for (const [id, s] of Object.entries(d.structures)) {
      const why = s.movers.slice(0, 2).map((m) => `${m.kind === 'cause' ? causeProse(m.name) : code(m.name)} ${signed(m.change_s)}`).join(', ');
      const line = `- ${code(id)}, ${code(d.key)}: mean ${formatDuration(s.a.mean_s ?? 0)} → ${formatDuration(s.b.mean_s ?? 0)} (${s.meanDifference_s === null ? '—' : signed(s.meanDifference_s)}${s.ci95_s ? `, 95% interval ${signed(s.ci95_s[0])} to ${signed(s.ci95_s[1])}` : ''})${s.onTimeVerdict !== 'no deadline' && s.onTimeVerdict !== 'no difference beyond noise' ? `, ${s.onTimeVerdict}` : ''}${why ? `; what moved most: ${why}` : ''}${s.a.restsOn_s && s.b.restsOn_s ? `; the median path rests on ${confidenceLine(s.a.restsOn_s)} → ${confidenceLine(s.b.restsOn_s)}` : ''}.`;
      if (s.verdict === 'faster' || s.onTimeVerdict === 'more on time') better.push(line);
      if (s.verdict === 'slower' || s.onTimeVerdict === 'less on time') worse.push(line);
      if (s.truth) {
        const t = s.truth;
        const say = (label: string, x: typeof t.timelyCorrect) => `- ${code(id)}, ${code(d.key)}: ${label} ${pct(x.a)} → ${pct(x.b)}${x.ci95 ? ` (95% interval ${pts(x.ci95[0])} to ${pts(x.ci95[1])})` : ''}.`;
        if (t.timelyCorrect.verdict === 'higher') better.push(say('right and on time', t.timelyCorrect));
        if (t.timelyCorrect.verdict === 'lower') worse.push(say('right and on time', t.timelyCorrect));
        if (t.falseAlarms.verdict === 'lower') better.push(say('false alarms', t.falseAlarms));
        if (t.falseAlarms.verdict === 'higher') worse.push(say('false alarms', t.falseAlarms));
        if (t.retracted?.verdict === 'higher') better.push(say('false alarms withdrawn', t.retracted));
        if (t.retracted?.verdict === 'lower') worse.push(say('false alarms withdrawn', t.retracted));
        const rt = t.timeToRetract;
        if (rt && (rt.verdict === 'faster' || rt.verdict === 'slower')) {
          const line = `- ${code(id)}, ${code(d.key)}: time to retract ${formatDuration(rt.a_s)} → ${formatDuration(rt.b_s)} (${signed(rt.difference_s)}${rt.ci95_s ? `, 95% interval ${signed(rt.ci95_s[0])} to ${signed(rt.ci95_s[1])}` : ''}).`;
          (rt.verdict === 'faster' ? better : worse).push(line);
        }
      }
    }
  }
  out.push('', '## Strengths (b better than a beyond noise)', '', ...(better.length ? better : ['- None.']));
  out.push('', '## Areas for improvement (b worse than a beyond noise)', '', ...(worse.length ? worse : ['- None.']));
  out.push('', 'Differences are b − a with unpaired 95% intervals (Welch for means, Newcombe for on-time, right-and-on-time and false-alarm rates): the two reports were made apart. A what-if run as an arm of one batch (`run --arm`) is compared run by run instead, with tighter intervals.', '');
  return out.join('\n');
}
