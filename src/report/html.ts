/**
 * One self-contained HTML file per report or comparison: inline CSS and SVG only, nothing fetched
 * when it is viewed. Latency CDFs per decision with the structures overlaid (and a against b,
 * dashed), the breakdown by cause as stacked bars, and the objective ratings.
 */
import { CONFIDENCE_NOTE, confidenceLine, restsOn } from './confidenceText.js';
import { formatDuration } from '../model/duration.js';
import type { Comparison } from '../model/comparison.js';
import type { Report, ReportDecision } from '../model/report.js';
import { RATING_RULE, rateObjectives } from '../analysis/ratings.js';
import { cdfChart, esc, PALETTE, stackedBars, type Bar, type CdfSeries } from './svg.js';
import { hasTruth, retractionLine, TRUTH_NOTE, truthLine } from './truthText.js';
import { bottleneckSentence, dryByWeek, dryText } from './assetText.js';
import { BRANCH_NOTE, branchTables, cellText, pairedLong, truthText } from './branchText.js';
import { plural } from './plural.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart text{font-size:11px;fill:#333}.chart .title{font-weight:600;font-size:12px}
.chart .note{fill:#555}.chart .axis{fill:#555}.chart .on-bar{fill:#fff}
.stats{max-width:30rem;margin:0}.stats li{margin:.15rem 0}.P{background:#d9f2d9}.S{background:#fff3c4}.M{background:#ffd9b3}.U{background:#f8c4c4}.meta{color:#555}`;

export function page(title: string, body: string[]): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}

function objectivesTable(report: Report): string {
  const ids = report.structures.map((s) => s.id);
  const rows = rateObjectives(report).map((o) => `<tr><td>${esc(o.title)}</td><td>${esc(o.capability)}</td>${ids.map((id) => {
    const r = o.structures[id]!;
    return r.rating === null ? '<td>not exercised</td>' : `<td class="${r.rating}"><b>${r.rating}</b> ${r.onTime}/${r.demanded} on time</td>`;
  }).join('')}</tr>`);
  return `<table><tr><th>Objective</th><th>Capability</th>${ids.map((id) => `<th>${esc(id)}</th>`).join('')}</tr>${rows.join('')}</table><p class="meta">${esc(RATING_RULE)}</p>`;
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const range = (ci: [number, number] | null, show: (x: number) => string) => (ci ? ` (95% CI ${show(ci[0])} to ${show(ci[1])})` : ' (too few instances for an interval)');

/** Beside each chart, in words: the numbers the curves show, each with its 95% interval. */
function reportIntervals(d: ReportDecision, ids: string[]): string {
  const items = ids.flatMap((id) => {
    const r = d.structures[id]!;
    const l = r.latency_s;
    if (!l) return [`<li><b>${esc(id)}</b>: not executed in these runs.</li>`];
    const onTime = r.outcomes ? `; on time ${pct(r.outcomes.onTime.rate)}${range(r.outcomes.onTime.ci95, pct)}` : '';
    return [`<li><b>${esc(id)}</b>: median ${formatDuration(l.p50_s)}${range(l.p50_ci95_s, formatDuration)}; 90th percentile ${formatDuration(l.p90_s)}${range(l.p90_ci95_s, formatDuration)}; slowest ${formatDuration(l.max_s)}${onTime}.</li>`];
  });
  const paired = d.paired.filter((p) => p.meanDifference_s !== null).map((p) => `<li>${esc(p.candidate)} − ${esc(p.baseline)}, mean over ${p.pairs} paired runs: ${signed(p.meanDifference_s!)}${range(p.ci95_s, signed)}: ${esc(p.verdict)}.</li>`);
  return `<ul class="stats">${[...items, ...paired].join('')}</ul>`;
}

/** Beside each comparison chart: each structure's change from a to b, with its 95% interval. */
function comparisonIntervals(d: Comparison['decisions'][number]): string {
  const items = Object.entries(d.structures).map(([id, s]) => {
    if (s.a.mean_s === null || s.b.mean_s === null) return `<li><b>${esc(id)}</b>: not executed in both.</li>`;
    const mean = `mean ${formatDuration(s.a.mean_s)} → ${formatDuration(s.b.mean_s)}${s.meanDifference_s !== null ? `, b − a ${signed(s.meanDifference_s)}${range(s.ci95_s, signed)}` : ''}: ${esc(s.verdict)}`;
    const pts = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.round(Math.abs(x) * 100)} pts`;
    const onTime = s.onTimeVerdict !== 'no deadline' && s.onTimeDifference !== null
      ? `; on time ${pct(s.a.onTimeRate ?? 0)} → ${pct(s.b.onTimeRate ?? 0)}, ${pts(s.onTimeDifference)}${range(s.onTime_ci95, pts)}: ${esc(s.onTimeVerdict)}` : '';
    const truth = s.truth ? ([['right and on time', s.truth.timelyCorrect], ['false alarms', s.truth.falseAlarms], ...(s.truth.retracted ? [['withdrawn', s.truth.retracted] as const] : [])] as const)
      .filter(([, x]) => x.difference !== null)
      .map(([label, x]) => `; ${label} ${pct(x.a)} → ${pct(x.b)}, ${pts(x.difference!)}${range(x.ci95, pts)}: ${esc(x.verdict)}`).join('')
      + (s.truth.timeToRetract ? `; time to retract ${formatDuration(s.truth.timeToRetract.a_s)} → ${formatDuration(s.truth.timeToRetract.b_s)}, ${signed(s.truth.timeToRetract.difference_s)}${range(s.truth.timeToRetract.ci95_s, signed)}: ${esc(s.truth.timeToRetract.verdict)}` : '') : '';
    return `<li><b>${esc(id)}</b>: ${mean}${onTime}${truth}.</li>`;
  });
  return `<ul class="stats">${items.join('')}</ul>`;
}

export function reportHtml(report: Report): string {
  const ids = report.structures.map((s) => s.id);
  const body = [
    `<h1>${esc(report.scenario.name)}</h1>`,
    `<p class="meta">c2sim ${esc(report.tool.version)} · ${plural(report.runs, 'run')} · seed ${esc(report.seed)} · ${ids.map(esc).join(' vs ')} · scenario sha256 ${report.scenario.sha256.slice(0, 12)}…</p>`,
    '<h2>Objectives</h2>', objectivesTable(report),
    '<h2>Decisions</h2>',
  ];
  for (const d of report.decisions) {
    const series: CdfSeries[] = ids.flatMap((id, i) => {
      const l = d.structures[id]!.latency_s;
      return l ? [{ label: id, colour: PALETTE[i % PALETTE.length]!, quantiles: l.cdf_s, p99: l.p99_s }] : [];
    });
    const bars: Bar[] = ids.filter((id) => d.structures[id]!.latency_s).map((id) => ({ label: id, parts: d.structures[id]!.byCause_s }));
    const rows = ids.map((id) => {
      const r = d.structures[id]!;
      const l = r.latency_s;
      return `<tr><td>${esc(id)}</td><td>${r.instances}</td><td>${l ? formatDuration(l.p50_s) : '—'}</td><td>${l ? formatDuration(l.p90_s) : '—'}</td><td>${r.outcomes ? `${Math.round(r.outcomes.onTime.rate * 100)}%` : '—'}</td><td>${esc(restsOn(d, id) ?? '—')}</td></tr>`;
    });
    const paired = d.paired.map((p) => `${esc(p.candidate)} − ${esc(p.baseline)}: ${p.meanDifference_s === null ? '—' : formatDuration(p.meanDifference_s)} (${esc(p.verdict)})`).join('; ');
    body.push(`<h3>${esc(`${d.inject}/${d.decision}`)} · ${esc(d.kind)}${d.deadline_s !== null ? ` · deadline ${formatDuration(d.deadline_s)}` : ''}</h3>`);
    body.push(`<table><tr><th>structure</th><th>instances</th><th>p50</th><th>p90</th><th>on time</th><th>median path rests on</th></tr>${rows.join('')}</table><p>${paired}</p>`);
    if (ids.some((id) => d.structures[id]!.truth)) {
      const right = ids.map((id) => {
        const t = d.structures[id]!.truth;
        return `<tr><td>${esc(id)}</td><td>${t ? esc(retractionLine(t) ?? truthLine(t)) : '—'}</td></tr>`;
      });
      body.push(`<table class="truth"><tr><th>structure</th><th>right or wrong (95% intervals)</th></tr>${right.join('')}</table>`);
    }
    if (series.length) body.push(`<div class="charts">${cdfChart('Latency, cumulative', series, d.deadline_s)}${reportIntervals(d, ids)}${stackedBars('Mean latency by cause', bars)}</div>`);
    else body.push('<p class="meta">Not executed in these runs.</p>');
  }
  if (hasTruth(report)) body.push(`<p class="meta">${esc(TRUTH_NOTE)}</p>`);
  if (report.branches?.length) body.push(...branchSection(report, ids));
  if (report.assets?.length) {
    // Magazines and sortie pools: what was drawn, waited for and lacked, and when each ran dry.
    const rows = report.assets.flatMap((a) => Object.entries(a.structures).map(([id, f]) =>
      `<tr><td>${esc(a.name)} (${esc(a.id)}, ${esc(a.nation)} ${esc(a.node)}, ${a.initial} at start)</td><td>${esc(id)}</td><td>${f.drawn}</td><td>${f.waits}</td><td>${f.shortfalls}</td><td>${esc(dryText(f))}</td><td>${esc(f.dry.count > 0 ? dryByWeek(f) : '—')}</td></tr>`));
    body.push('<h2>Magazines and sortie pools</h2>',
      `<table><tr><th>asset</th><th>structure</th><th>drawn per run</th><th>waited</th><th>failed for want</th><th>ran dry</th><th>dry by</th></tr>${rows.join('')}</table>`,
      `<ul>${ids.map((id) => `<li>${esc(bottleneckSentence(report, id))}</li>`).join('')}</ul>`);
  }
  const notes = [...report.notes, ...(report.decisions.some((d) => ids.some((id) => restsOn(d, id))) ? [CONFIDENCE_NOTE] : [])];
  body.push(`<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return page(`${report.scenario.name} — c2sim report`, body);
}

/** Shares of runs per branch drawn by chance, and a decision × branch table per element (issue 8). */
function branchSection(report: Report, ids: string[]): string[] {
  const out = ['<h2>Branches drawn per run</h2>'];
  const shares = (report.branches ?? []).map((b) => `<li>${esc(b.element)}: <b>${esc(b.branch)}</b> in ${plural(b.runs, 'run')}, ${pct(b.share)}${b.ci95 ? ` (95% CI ${pct(b.ci95[0])} to ${pct(b.ci95[1])})` : ''}</li>`);
  out.push(`<ul>${shares.join('')}</ul>`);
  const pairs = report.decisions[0]?.paired ?? [];
  for (const t of branchTables(report)) {
    out.push(`<h3>By ${esc(t.element)}</h3>`);
    if (t.decisions.length) {
      const head = `<tr><th>decision</th><th>branch</th><th>runs</th>${ids.map((id) => `<th>${esc(id)}: mean, on time</th>`).join('')}${pairs.map((p) => `<th>${esc(p.candidate)} − ${esc(p.baseline)}</th>`).join('')}</tr>`;
      const rows = t.decisions.flatMap((d) => d.rows.map((r, i) => {
        const cells = ids.map((id) => {
          const c = r.result?.structures[id];
          const truth = truthText(c, true);
          return `<td>${esc(cellText(c, ', '))}${truth ? `<br>${esc(truth)}` : ''}</td>`;
        }).join('');
        const diffs = pairs.map((_, k) => `<td>${r.result ? esc(pairedLong(r.result.paired[k]!)) : '—'}</td>`).join('');
        return `<tr>${i === 0 ? `<td rowspan="${d.rows.length}">${esc(d.key)}</td>` : ''}<td>${esc(r.branch)}</td><td>${r.runs}</td>${cells}${diffs}</tr>`;
      }));
      out.push(`<table class="branches">${head}${rows.join('')}</table>`);
    }
    if (t.alike.length) out.push(`<p class="meta">Alike in every branch (their intervals overlap): ${t.alike.map(esc).join(', ')}.</p>`);
  }
  out.push(`<p class="meta">${esc(BRANCH_NOTE)}</p>`);
  return out;
}

export function comparisonHtml(c: Comparison, a: Report, b: Report): string {
  const body = [
    `<h1>${esc(a.scenario.name)}: a against b</h1>`,
    `<p class="meta">a: ${esc(c.a.file)} · b: ${esc(c.b.file)}</p>`,
    '<h2>What differs</h2>',
    c.provenance.length ? `<table><tr><th>input</th><th>a</th><th>b</th></tr>${c.provenance.map((p) => `<tr><td>${esc(p.field)}</td><td>${esc(p.a)}</td><td>${esc(p.b)}</td></tr>`).join('')}</table>` : '<p>Nothing in the inputs: a and b differ by Monte Carlo noise alone.</p>',
    ...(c.branches?.length ? [`<h2>Drawn per run</h2><table><tr><th>branch</th><th>a</th><th>b</th><th>b − a, 95%</th><th>verdict</th></tr>${c.branches.map((x) => `<tr><td>${esc(`${x.element}=${x.branch}`)}</td><td>${x.a === null ? 'not drawn' : pct(x.a)}</td><td>${x.b === null ? 'not drawn' : pct(x.b)}</td><td>${x.ci95 ? `${Math.round(x.ci95[0] * 100)} to ${Math.round(x.ci95[1] * 100)} pts` : '—'}</td><td>${esc(x.verdict)}</td></tr>`).join('')}</table>`] : []),
    '<h2>Objectives: a</h2>', objectivesTable(a), '<h2>Objectives: b</h2>', objectivesTable(b),
    '<h2>Decisions</h2>',
  ];
  for (const d of c.decisions) {
    const da = a.decisions.find((x) => `${x.inject}/${x.decision}` === d.key)!;
    const db = b.decisions.find((x) => `${x.inject}/${x.decision}` === d.key)!;
    const ids = Object.keys(d.structures);
    const series: CdfSeries[] = ids.flatMap((id, i) => {
      const colour = PALETTE[i % PALETTE.length]!;
      const la = da.structures[id]?.latency_s;
      const lb = db.structures[id]?.latency_s;
      return [...(la ? [{ label: `${id} a`, colour, quantiles: la.cdf_s, p99: la.p99_s }] : []), ...(lb ? [{ label: `${id} b`, colour, dashed: true, quantiles: lb.cdf_s, p99: lb.p99_s }] : [])];
    });
    const bars: Bar[] = ids.flatMap((id) => [
      ...(da.structures[id]?.latency_s ? [{ label: `${id} a`, parts: da.structures[id]!.byCause_s }] : []),
      ...(db.structures[id]?.latency_s ? [{ label: `${id} b`, parts: db.structures[id]!.byCause_s }] : []),
    ]);
    const rows = ids.map((id) => {
      const s = d.structures[id]!;
      return `<tr><td>${esc(id)}</td><td>${s.a.mean_s === null ? '—' : formatDuration(s.a.mean_s)} → ${s.b.mean_s === null ? '—' : formatDuration(s.b.mean_s)}</td><td>${s.ci95_s ? `${signed(s.ci95_s[0])} to ${signed(s.ci95_s[1])}` : '—'}</td><td>${esc(s.verdict)}</td><td>${esc(s.onTimeVerdict)}</td><td>${s.a.restsOn_s && s.b.restsOn_s ? `${esc(confidenceLine(s.a.restsOn_s))} → ${esc(confidenceLine(s.b.restsOn_s))}` : '—'}</td></tr>`;
    });
    body.push(`<h3>${esc(d.key)} · ${esc(d.kind)}</h3>`);
    body.push(`<table><tr><th>structure</th><th>mean a → b</th><th>b − a, 95%</th><th>latency</th><th>on time</th><th>median path rests on</th></tr>${rows.join('')}</table>`);
    if (series.length) body.push(`<div class="charts">${cdfChart('Latency, cumulative (a solid, b dashed)', series, da.deadline_s)}${comparisonIntervals(d)}${stackedBars('Mean latency by cause', bars)}</div>`);
  }
  return page(`${a.scenario.name} — c2sim comparison`, body);
}
