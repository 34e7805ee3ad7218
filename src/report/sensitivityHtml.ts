/**
 * A sensitivity study as one self-contained HTML page (inline CSS and SVG, no script): per
 * decision a tornado chart of the change in the difference between structures (or in the one
 * structure's latency), a tornado per structure, and the verdict flips. Input text is escaped.
 */
import type { Sensitivity, SensitivityDecision, SensitivityInput } from '../model/sensitivity.js';
import { page } from './html.js';
import { esc, roundTicks } from './svg.js';
import { leadChange, signedSeconds } from './tornado.js';
import { plural } from './plural.js';

/** Rows per chart: the rest of the inputs are in the table under it. */
export const HTML_ROWS = 20;
const LOW = '#9ecae1';
const HIGH = '#08519c';

interface TornadoRow { label: string; low: number; high: number; lowNote: string; highNote: string }

/** Horizontal bars from zero to each end's change, low end light, high end dark, on a symmetric axis. */
export function tornadoChart(title: string, rows: TornadoRow[]): string {
  const w = 790, l = 330, r = 50, row = 20, t = 28;
  const max = Math.max(1, ...rows.flatMap((x) => [Math.abs(x.low), Math.abs(x.high)]));
  const ticks = roundTicks(max, 3);
  const top = ticks[ticks.length - 1]!;
  const mid = (l + w - r) / 2;
  const sx = (v: number) => mid + (v / top) * ((w - l - r) / 2);
  const axisY = t + rows.length * row + 2;
  const h = axisY + 48;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart tornado">`,
    `<text x="${l}" y="16" class="title">${esc(title)}</text>`,
    `<line x1="${l}" y1="${axisY}" x2="${w - r}" y2="${axisY}" stroke="#444"/>`,
    `<line x1="${mid.toFixed(1)}" y1="${t - 4}" x2="${mid.toFixed(1)}" y2="${axisY}" stroke="#444"/>`,
    ...[...ticks.map((v) => -v).reverse(), ...ticks.filter((v) => v > 0)].map((v) => `<line x1="${sx(v).toFixed(1)}" y1="${axisY}" x2="${sx(v).toFixed(1)}" y2="${axisY + 4}" stroke="#444"/><text x="${sx(v).toFixed(1)}" y="${axisY + 15}" text-anchor="middle" class="tick">${esc(signedSeconds(v))}</text>`),
    `<rect x="${l}" y="${axisY + 26}" width="10" height="10" fill="${LOW}"/><text x="${l + 14}" y="${axisY + 35}">low end of the range</text>`,
    `<rect x="${l + 160}" y="${axisY + 26}" width="10" height="10" fill="${HIGH}"/><text x="${l + 174}" y="${axisY + 35}">high end of the range</text>`,
  ];
  rows.forEach((x, i) => {
    const y = t + i * row;
    parts.push(`<text x="${l - 6}" y="${y + 13}" text-anchor="end">${esc(x.label)}</text>`);
    // The longer bar first, so the shorter one on the same side stays visible.
    const ends = [[x.low, LOW, x.lowNote], [x.high, HIGH, x.highNote]] as const;
    for (const [v, colour, note] of [...ends].sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))) {
      const x0 = Math.min(sx(0), sx(v));
      parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 2}" width="${Math.abs(sx(v) - sx(0)).toFixed(1)}" height="${row - 6}" fill="${colour}"><title>${esc(note)}</title></rect>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

const ci = (c: [number, number] | null) => (c ? ` [${signedSeconds(c[0])}, ${signedSeconds(c[1])}]` : '');
const label = (i: SensitivityInput) => `${i.target}.${i.path}`;
const short = (s: string) => ([...s].length > 52 ? `${[...s].slice(0, 25).join('')}…${[...s].slice(-26).join('')}` : s);

function decisionSection(s: Sensitivity, d: SensitivityDecision): string {
  const out = [`<h2>${esc(`${d.inject}/${d.decision}`)} <span class="meta">(${esc(d.kind)})</span></h2>`];
  const base = d.base.differences.map((b) => `<li>${esc(b.candidate)} − ${esc(b.baseline)} at base: ${esc(signedSeconds(b.difference_s))}${esc(ci(b.ci95_s))}, ${esc(b.verdict)}${b.identical ? ' (identical in every run)' : ''}.</li>`);
  out.push(`<ul class="stats">${base.join('')}</ul>`);
  const moving = d.inputs.filter((i) => i.swing_s > 0);
  if (moving.length === 0) {
    out.push('<p>No input moves this decision (or too few runs faced it).</p>');
    return out.join('\n');
  }
  const what = s.structures.length > 1 ? `change in ${s.structures[1]} − ${s.structures[0]}` : `change in ${s.structures[0]}'s latency`;
  const rowOf = (i: SensitivityInput, v: (x: SensitivityInput['low']) => number | null, noteOf: (x: SensitivityInput['low']) => string): TornadoRow => ({
    label: short(label(i)), low: v(i.low) ?? 0, high: v(i.high) ?? 0, lowNote: `low ${i.low.value}: ${noteOf(i.low)}`, highNote: `high ${i.high.value}: ${noteOf(i.high)}`,
  });
  const charts = [tornadoChart(`${what} (restricted mean, s)`, moving.slice(0, HTML_ROWS).map((i) => rowOf(i, (x) => leadChange(s, x), (x) => {
    const c = s.structures.length > 1 ? x.differences[0]! : x.structures[s.structures[0]!]!;
    return `${signedSeconds(c.change_s)}${ci(c.ci95_s)}`;
  })))];
  if (s.structures.length > 1) {
    for (const id of s.structures) {
      const own = [...d.inputs].map((i) => ({ i, swing: Math.abs((i.high.structures[id]!.change_s ?? 0) - (i.low.structures[id]!.change_s ?? 0)) }))
        .filter((x) => x.swing > 0).sort((a, b) => b.swing - a.swing).slice(0, HTML_ROWS).map((x) => x.i);
      if (own.length === 0) continue;
      charts.push(tornadoChart(`change in ${id}'s latency (restricted mean, s)`, own.map((i) => rowOf(i, (x) => x.structures[id]!.change_s, (x) => `${signedSeconds(x.structures[id]!.change_s)}${ci(x.structures[id]!.ci95_s)}`))));
    }
  }
  out.push(`<div class="charts">${charts.join('\n')}</div>`);
  if (d.flips.length > 0) {
    out.push('<h3>Inputs whose range flips a verdict</h3>');
    out.push(`<table><tr><th>Input</th><th>Structures</th><th>At base</th><th>Smallest change found</th><th>Becomes</th><th>--set</th></tr>${d.flips.map((f) => `<tr><td>${esc(`${f.target}.${f.path}`)}</td><td>${esc(`${f.candidate} vs ${f.baseline}`)}</td><td>${esc(f.from)}</td><td>${f.onOff ? 'absent (on/off: no bisection, the switch itself)' : `×${f.factor.toFixed(3)} (between ×${f.bracket[0].toFixed(3)} and ×${f.bracket[1].toFixed(3)})`}</td><td>${esc(f.to)}</td><td><code>${esc(f.set)}</code></td></tr>`).join('')}</table>`);
  }
  const rows = moving.map((i) => {
    const cells = (x: SensitivityInput['low']) => s.structures.length > 1
      ? `${esc(signedSeconds(x.differences[0]!.change_s))}${esc(ci(x.differences[0]!.ci95_s))}` : `${esc(signedSeconds(x.structures[s.structures[0]!]!.change_s))}${esc(ci(x.structures[s.structures[0]!]!.ci95_s))}`;
    return `<tr><td>${esc(label(i))}</td><td>${i.confidence} (${i.from})</td><td>${esc(i.low.value)}</td><td>${cells(i.low)}</td><td>${esc(i.high.value)}</td><td>${cells(i.high)}</td></tr>`;
  });
  out.push(`<details><summary>Every input that moves it (${moving.length})</summary><table><tr><th>Input</th><th>Confidence</th><th>Low</th><th>${esc(what)}</th><th>High</th><th>${esc(what)}</th></tr>${rows.join('')}</table></details>`);
  return out.join('\n');
}

export function sensitivityHtml(s: Sensitivity): string {
  const p = s.points;
  return page(`c2sim sensitivity: ${s.scenario.id}`, [
    `<h1>Sensitivity of ${esc(s.scenario.id)} on ${esc(s.structures.join(', '))}</h1>`,
    `<p class="meta">${plural(p.inputs, 'input')}, one at a time; ${plural(s.runs, 'run')} per point, seed ${esc(s.seed)}; ${plural(p.oneAtATime + p.bisection, 'point')} (${p.oneAtATime} at the ends of ranges, ${p.bisection} by bisection) in ${plural(p.batches, 'batch', 'batches')}. ${esc(s.tool.name)} ${esc(s.tool.version)}, scenario ${esc(s.scenario.file)} (sha256 ${esc(s.scenario.sha256.slice(0, 12))}…).</p>`,
    ...s.decisions.map((d) => decisionSection(s, d)),
    `<h2>Notes</h2><ul>${s.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`,
  ]);
}
