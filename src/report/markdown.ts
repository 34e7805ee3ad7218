/**
 * After-action reports in the HSEEP manner, as Markdown: objectives rated P/S/M/U with their
 * evidence, strengths, and areas for improvement traced to the nodes and causes that cost time.
 * One report, or two compared (what changed from a to b).
 */
import { formatDuration } from '../model/duration.js';
import type { Comparison } from '../model/comparison.js';
import type { Report } from '../model/report.js';
import { RATING_RULE, RATING_TEXT, rateObjectives, type ObjectiveRating } from '../analysis/ratings.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const cell = (s: string) => s.replace(/\|/g, '\\|');
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`;

function evidence(r: ObjectiveRating): string {
  if (r.rating === null) return 'not exercised';
  return `**${r.rating}** — ${r.onTime} of ${r.demanded} on time (${pct(r.onTime / r.demanded)})`;
}

function scope(report: Report, label = ''): string[] {
  const lines = [
    `- ${label}Scenario: ${report.scenario.name} (\`${report.scenario.file}\`, sha256 ${report.scenario.sha256.slice(0, 12)}…)`,
    `- ${label}Structures: ${report.structures.map((s) => `${s.name} (\`${s.id}\`, sha256 ${s.sha256.slice(0, 12)}…)`).join('; ')}`,
    `- ${label}Runs: ${report.runs} (seed ${report.seed}${report.firstRun ? `, from run ${report.firstRun}` : ''}); c2sim ${report.tool.version}`,
  ];
  const choices = Object.entries(report.options.choices);
  if (choices.length) lines.push(`- ${label}Choices: ${choices.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  if (report.options.variants.length) lines.push(`- ${label}Variants: ${report.options.variants.map((v) => v.id).join(', ')}`);
  if (report.options.overrides.length) lines.push(`- ${label}Overrides: ${report.options.overrides.map((o) => `\`${o.target}.${o.path} = ${JSON.stringify(o.value)}\` (${o.from})`).join('; ')}`);
  return lines;
}

export function reportMarkdown(report: Report): string {
  const ids = report.structures.map((s) => s.id);
  const ratings = rateObjectives(report);
  const out = [`# After-action report: ${report.scenario.name}`, '', '## Scope', '', ...scope(report), '', `Ratings: ${RATING_RULE}`, ''];
  out.push('## Objectives', '', `| Objective | Capability | ${ids.join(' | ')} |`, `|---|---|${ids.map(() => '---').join('|')}|`);
  for (const o of ratings) out.push(`| ${cell(o.title)} | ${cell(o.capability)} | ${ids.map((id) => evidence(o.structures[id]!)).join(' | ')} |`);
  if (ratings.length === 0) out.push('| (the scenario states no objectives) | | |');
  out.push('', '## Strengths', '');
  const strengths = ratings.flatMap((o) => ids.filter((id) => o.structures[id]!.rating === 'P').map((id) => `- **${id}** — ${o.title}: ${RATING_TEXT.P.toLowerCase()} (${pct(o.structures[id]!.onTime / o.structures[id]!.demanded)} on time).`));
  out.push(...(strengths.length ? strengths : ['- None rated P.']));
  out.push('', '## Areas for improvement', '');
  const areas = ratings.flatMap((o) => ids.flatMap((id) => {
    const r = o.structures[id]!;
    if (r.rating === null || r.rating === 'P') return [];
    const trace = r.costliestNode && r.costliestCause
      ? ` Most time went to ${r.costliestCause.name} (${formatDuration(r.costliestCause.seconds)} per decision on average), and the node that held it longest was ${r.costliestNode.name} (${formatDuration(r.costliestNode.seconds)}).`
      : '';
    return [`- **${id}** — ${o.title}: rated **${r.rating}**, ${RATING_TEXT[r.rating].toLowerCase()} (${pct(r.onTime / r.demanded)} on time).${trace}`];
  }));
  out.push(...(areas.length ? areas : ['- None: every exercised objective rated P.']));
  out.push('', '## Decisions', '', `| Decision | Deadline | ${ids.map((id) => `${id} p50 / p90, on time`).join(' | ')} | Paired difference |`, `|---|---|${ids.map(() => '---').join('|')}|---|`);
  for (const d of report.decisions) {
    const cells = ids.map((id) => {
      const r = d.structures[id]!;
      if (r.instances === 0) return 'not demanded';
      const l = r.latency_s;
      return `${l ? `${formatDuration(l.p50_s)} / ${formatDuration(l.p90_s)}` : 'never executed'}${r.outcomes ? `, ${pct(r.outcomes.onTime.rate)}` : ''}`;
    });
    const paired = d.paired.map((p) => (p.meanDifference_s === null || !p.ci95_s ? `${p.candidate}: ${p.verdict}` : `${p.candidate} − ${p.baseline}: ${signed(p.meanDifference_s)} [${signed(p.ci95_s[0])}, ${signed(p.ci95_s[1])}], ${p.verdict}`)).join('; ');
    out.push(`| \`${d.inject}/${d.decision}\` (${d.kind}) | ${d.deadline_s === null ? '—' : formatDuration(d.deadline_s)} | ${cells.join(' | ')} | ${cell(paired)} |`);
  }
  out.push('', `Latency is from first detection to execution; intervals are 95%. ${report.notes.join(' ')}`, '');
  return out.join('\n');
}

export function comparisonMarkdown(c: Comparison, a: Report, b: Report): string {
  const ra = rateObjectives(a);
  const rb = rateObjectives(b);
  const ids = a.structures.map((s) => s.id).filter((id) => b.structures.some((s) => s.id === id));
  const out = [`# After-action comparison: ${a.scenario.name}`, '', `Report a: \`${c.a.file}\`; report b: \`${c.b.file}\`.`, '', '## What differs', ''];
  out.push(...(c.provenance.length ? c.provenance.map((p) => `- ${p.field}: ${p.a} → ${p.b}`) : ['- Nothing in the inputs: a and b differ by Monte Carlo noise alone.']));
  if (c.unmatched.length) out.push(`- In one report only: ${c.unmatched.join(', ')}`);
  out.push('', '## Objectives', '', `Ratings: ${RATING_RULE}`, '', `| Objective | ${ids.map((id) => `${id}: a → b`).join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`);
  for (const o of ra) {
    const ob = rb.find((x) => x.id === o.id);
    out.push(`| ${cell(o.title)} | ${ids.map((id) => `${o.structures[id]?.rating ?? '—'} → ${ob?.structures[id]?.rating ?? '—'}`).join(' | ')} |`);
  }
  const better: string[] = [];
  const worse: string[] = [];
  for (const d of c.decisions) {
    for (const [id, s] of Object.entries(d.structures)) {
      const why = s.movers.slice(0, 2).map((m) => `${m.kind} ${m.name} ${signed(m.change_s)}`).join(', ');
      const line = `- **${id}** \`${d.key}\`: mean ${formatDuration(s.a.mean_s ?? 0)} → ${formatDuration(s.b.mean_s ?? 0)} (${s.meanDifference_s === null ? '—' : signed(s.meanDifference_s)}${s.ci95_s ? ` [${signed(s.ci95_s[0])}, ${signed(s.ci95_s[1])}]` : ''})${s.onTimeVerdict !== 'no deadline' && s.onTimeVerdict !== 'no difference beyond noise' ? `, ${s.onTimeVerdict}` : ''}${why ? `; biggest movers: ${why}` : ''}.`;
      if (s.verdict === 'faster' || s.onTimeVerdict === 'more on time') better.push(line);
      if (s.verdict === 'slower' || s.onTimeVerdict === 'less on time') worse.push(line);
    }
  }
  out.push('', '## Strengths (b better than a beyond noise)', '', ...(better.length ? better : ['- None.']));
  out.push('', '## Areas for improvement (b worse than a beyond noise)', '', ...(worse.length ? worse : ['- None.']));
  out.push('', 'Differences are b − a with unpaired 95% intervals (Welch for means, Newcombe for on-time rates).', '');
  return out.join('\n');
}
