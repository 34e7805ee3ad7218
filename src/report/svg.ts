/** Small SVG charts, as strings: no script, no external resource, so a report file stands alone. */
import { formatDuration } from '../model/duration.js';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
export const CAUSE_COLOURS: Record<string, string> = {
  detection: '#bbbbbb', transmission: '#1f77b4', queueing: '#d62728', processing: '#2ca02c',
  'after-hours': '#9467bd', escalation: '#ff7f0e', coordination: '#8c564b',
};

export interface CdfSeries { label: string; colour: string; dashed?: boolean; quantiles: number[] }

/** Cumulative distribution of latency: y = share of instances executed by time x. */
export function cdfChart(title: string, series: CdfSeries[], deadline?: number | null): string {
  const w = 560, h = 230, l = 48, r = 12, t = 24, b = 36;
  const xmax = Math.max(1, ...series.flatMap((s) => s.quantiles), deadline ?? 0) * 1.05;
  const x = (v: number) => l + (v / xmax) * (w - l - r);
  const y = (p: number) => h - b - p * (h - t - b);
  const ticks = Array.from({ length: 5 }, (_, i) => (xmax / 4) * i);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart cdf">`,
    `<text x="${l}" y="16" class="title">${esc(title)}</text>`,
    `<line x1="${l}" y1="${y(0)}" x2="${w - r}" y2="${y(0)}" stroke="#444"/>`,
    `<line x1="${l}" y1="${y(0)}" x2="${l}" y2="${y(1)}" stroke="#444"/>`,
    ...ticks.map((v, i) => `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(0) + 4}" stroke="#444"/><text x="${x(v)}" y="${y(0) + 16}" text-anchor="${i === ticks.length - 1 ? 'end' : 'middle'}">${esc(formatDuration(v))}</text>`),
    ...[0, 0.5, 1].map((p) => `<text x="${l - 6}" y="${y(p) + 4}" text-anchor="end">${p * 100}%</text><line x1="${l}" y1="${y(p)}" x2="${w - r}" y2="${y(p)}" stroke="#eee"/>`),
  ];
  if (deadline !== undefined && deadline !== null) {
    parts.push(`<line x1="${x(deadline)}" y1="${y(0)}" x2="${x(deadline)}" y2="${y(1)}" stroke="#999" stroke-dasharray="2 3"/><text x="${x(deadline) + 3}" y="${y(1) + 10}" class="note">deadline</text>`);
  }
  series.forEach((s, i) => {
    const pts = s.quantiles.map((q, k) => `${x(q).toFixed(1)},${y(k / 20).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts}"/>`);
    // Bottom right: the corner a cumulative curve leaves empty.
    const ly = y(0) - 10 - (series.length - 1 - i) * 16;
    parts.push(`<line x1="${w - r - 130}" y1="${ly}" x2="${w - r - 106}" y2="${ly}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${w - r - 100}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Bar { label: string; parts: Record<string, number> }

/** Mean latency split by cause, one horizontal stacked bar per row. */
export function stackedBars(title: string, bars: Bar[]): string {
  const w = 560, l = 110, r = 70, row = 22, t = 24;
  const keys = Object.keys(CAUSE_COLOURS);
  const total = (b: Bar) => keys.reduce((a, k) => a + (b.parts[k] ?? 0), 0);
  const max = Math.max(1, ...bars.map(total));
  const h = t + bars.length * row + 40;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart bars">`, `<text x="${l}" y="16" class="title">${esc(title)}</text>`];
  bars.forEach((b, i) => {
    let x0 = l;
    const yy = t + i * row;
    parts.push(`<text x="${l - 6}" y="${yy + 14}" text-anchor="end">${esc(b.label)}</text>`);
    for (const k of keys) {
      const v = b.parts[k] ?? 0;
      if (v <= 0) continue;
      const bw = (v / max) * (w - l - r);
      parts.push(`<rect x="${x0.toFixed(1)}" y="${yy + 2}" width="${bw.toFixed(1)}" height="${row - 6}" fill="${CAUSE_COLOURS[k]}"><title>${esc(`${k}: ${formatDuration(v)}`)}</title></rect>`);
      x0 += bw;
    }
    parts.push(`<text x="${(x0 + 4).toFixed(1)}" y="${yy + 14}">${esc(formatDuration(total(b)))}</text>`);
  });
  keys.forEach((k, i) => {
    const lx = l + (i % 4) * 110;
    const ly = t + bars.length * row + 10 + Math.floor(i / 4) * 14;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${CAUSE_COLOURS[k]}"/><text x="${lx + 14}" y="${ly + 1}">${esc(k)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
