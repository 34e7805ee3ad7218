/**
 * A sweep as one self-contained HTML page (inline CSS and SVG, no script): per decision a chart
 * of each structure's mean latency with its 95% interval at every point, one of its on-time
 * rate with its interval, and the figures in a table. Text from inputs (paths, values, variant
 * names, titles) is escaped.
 */
import { formatDuration } from '../model/duration.js';
import type { SweepDimension, SweepPoint } from '../analysis/sweep.js';
import { page } from './html.js';
import { durationLabel, esc, PALETTE, roundTicks } from './svg.js';
import { pointLabels, SWEEP_PAIRING_NOTE } from './sweepText.js';
import { plural } from './plural.js';

interface Mark { y: number; lo: number | null; hi: number | null; note: string }
interface Series { label: string; colour: string; marks: (Mark | null)[] }

const f = (x: number) => x.toFixed(1);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Points across, a value with its interval per series at each (side by side within a point);
 * `joined` draws a line between a series' points, for values that are in order.
 */
export function intervalChart(title: string, categories: string[], series: Series[], axis: { max: number; ticks: number[]; label: (v: number) => string }, joined: boolean): string {
  const w = 790, l = 70, r = 20, t = 30, ph = 220;
  const band = (w - l - r) / Math.max(1, categories.length);
  const top = axis.ticks[axis.ticks.length - 1]! || 1;
  const sy = (v: number) => t + ph - (v / top) * ph;
  const sx = (i: number, j: number) => l + band * (i + 0.5) + (j - (series.length - 1) / 2) * Math.min(14, band / (series.length + 1));
  const h = t + ph + 44 + 18;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart sweep">`,
    `<text x="${l}" y="16" class="title">${esc(title)}</text>`,
    `<line x1="${l}" y1="${f(sy(0))}" x2="${w - r}" y2="${f(sy(0))}" stroke="#444"/>`,
    `<line x1="${l}" y1="${t}" x2="${l}" y2="${f(sy(0))}" stroke="#444"/>`,
    ...axis.ticks.map((v) => `<line x1="${l - 4}" y1="${f(sy(v))}" x2="${w - r}" y2="${f(sy(v))}" stroke="${v === 0 ? '#444' : '#e5e5e5'}"/><text x="${l - 6}" y="${f(sy(v) + 4)}" text-anchor="end" class="axis">${esc(axis.label(v))}</text>`),
    ...categories.map((c, i) => `<text x="${f(l + band * (i + 0.5))}" y="${f(sy(0) + 16)}" text-anchor="middle" class="tick">${esc(c)}</text>`),
  ];
  series.forEach((s, j) => {
    if (joined) {
      const path = s.marks.map((m, i) => (m ? `${f(sx(i, j))},${f(sy(m.y))}` : null));
      // A line through consecutive points only: a point with no figure breaks it.
      let seg: string[] = [];
      const flush = () => { if (seg.length > 1) parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="1.5" opacity="0.6"/>`); seg = []; };
      for (const p of path) { if (p) seg.push(p); else flush(); }
      flush();
    }
    s.marks.forEach((m, i) => {
      if (!m) return;
      const x = sx(i, j);
      if (m.lo !== null && m.hi !== null) {
        parts.push(`<line x1="${f(x)}" y1="${f(sy(m.lo))}" x2="${f(x)}" y2="${f(sy(m.hi))}" stroke="${s.colour}" stroke-width="1.5"/>`);
        for (const v of [m.lo, m.hi]) parts.push(`<line x1="${f(x - 4)}" y1="${f(sy(v))}" x2="${f(x + 4)}" y2="${f(sy(v))}" stroke="${s.colour}" stroke-width="1.5"/>`);
      }
      parts.push(`<circle cx="${f(x)}" cy="${f(sy(m.y))}" r="3.5" fill="${s.colour}"><title>${esc(`${s.label}, ${categories[i]}: ${m.note}`)}</title></circle>`);
    });
    const lx = l + j * 150;
    parts.push(`<line x1="${lx}" y1="${h - 10}" x2="${lx + 24}" y2="${h - 10}" stroke="${s.colour}" stroke-width="2"/><circle cx="${lx + 12}" cy="${h - 10}" r="3.5" fill="${s.colour}"/><text x="${lx + 30}" y="${h - 6}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function sweepHtml(dims: SweepDimension[], points: SweepPoint[]): string {
  const first = points[0]!.report;
  const ids = first.structures.map((s) => s.id);
  const labels = pointLabels(points);
  const numbered = labels.some((l, i) => l !== points[i]!.values.join(' × '));
  // Values in order (numbers) are joined by a line; variants and grids are points apart.
  const joined = dims.length === 1 && !dims[0]!.variant;
  const body: string[] = [
    `<h1>Sweep of ${esc(first.scenario.id)} on ${esc(ids.join(', '))}</h1>`,
    `<p class="meta">${plural(points.length, 'point')}; ${plural(first.runs, 'run')} per point, seed ${esc(first.seed)}. ${esc(first.tool.name)} ${esc(first.tool.version)}, scenario ${esc(first.scenario.file)} (sha256 ${esc(first.scenario.sha256.slice(0, 12))}…).</p>`,
    `<ul class="stats">${dims.map((d) => `<li>${esc(d.variant ? 'variant' : d.path)}: ${esc(d.values.join(', '))}</li>`).join('')}</ul>`,
    `<p class="meta">${esc(SWEEP_PAIRING_NOTE)}</p>`,
  ];
  if (numbered) body.push(`<table><tr><th>Point</th><th>Values</th></tr>${points.map((p, i) => `<tr><td>${esc(labels[i]!)}</td><td><code>${esc(p.values.join(' × '))}</code></td></tr>`).join('')}</table>`);
  for (const d of first.decisions) {
    const at = points.map((p) => p.report.decisions.find((x) => x.inject === d.inject && x.decision === d.decision));
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${formatDuration(d.deadline_s)}`;
    body.push(`<h2>${esc(`${d.inject}/${d.decision}`)} <span class="meta">(${esc(d.kind)}, ${esc(deadline)})</span></h2>`);
    const latency: Series[] = ids.map((id, j) => ({
      label: id, colour: PALETTE[j % PALETTE.length]!,
      marks: at.map((x) => {
        const l = x?.structures[id]?.latency_s;
        return l ? { y: l.mean_s, lo: l.mean_ci95_s?.[0] ?? null, hi: l.mean_ci95_s?.[1] ?? null, note: `mean ${formatDuration(l.mean_s)}${l.mean_ci95_s ? ` (95% CI ${formatDuration(l.mean_ci95_s[0])} to ${formatDuration(l.mean_ci95_s[1])})` : ''}` } : null;
      }),
    }));
    const max = Math.max(1, ...latency.flatMap((s) => s.marks.flatMap((m) => (m ? [m.y, m.hi ?? m.y] : []))));
    const charts = [intervalChart('Mean latency, first detection to execution, with 95% interval', labels, latency, { max, ticks: roundTicks(max, 5), label: durationLabel }, joined)];
    if (d.deadline_s !== null) {
      const onTime: Series[] = ids.map((id, j) => ({
        label: id, colour: PALETTE[j % PALETTE.length]!,
        marks: at.map((x) => {
          const o = x?.structures[id]?.outcomes?.onTime;
          return o ? { y: o.rate, lo: o.ci95?.[0] ?? null, hi: o.ci95?.[1] ?? null, note: `on time ${pct(o.rate)}${o.ci95 ? ` (95% CI ${pct(o.ci95[0])} to ${pct(o.ci95[1])})` : ''}` } : null;
        }),
      }));
      charts.push(intervalChart('On time (by the deadline), with 95% interval', labels, onTime, { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1], label: pct }, joined));
    }
    body.push(`<div class="charts">${charts.join('\n')}</div>`);
    const rows = points.map((p, i) => `<tr><td>${esc(labels[i]!)}</td>${ids.map((id) => {
      const r = at[i]?.structures[id];
      if (!r || r.instances === 0) return '<td>not demanded</td>';
      const l = r.latency_s;
      const ci = l?.mean_ci95_s ? ` [${formatDuration(l.mean_ci95_s[0])}, ${formatDuration(l.mean_ci95_s[1])}]` : '';
      const on = r.outcomes ? `; on time ${pct(r.outcomes.onTime.rate)}${r.outcomes.onTime.ci95 ? ` [${pct(r.outcomes.onTime.ci95[0])}, ${pct(r.outcomes.onTime.ci95[1])}]` : ''}` : '';
      return `<td>${l ? `median ${formatDuration(l.p50_s)}, mean ${formatDuration(l.mean_s)}${ci}` : 'never executed'}${on}</td>`;
    }).join('')}</tr>`);
    body.push(`<table><tr><th>Point</th>${ids.map((id) => `<th>${esc(id)}</th>`).join('')}</tr>${rows.join('')}</table>`);
  }
  return page(`c2sim sweep: ${first.scenario.id}`, body);
}
