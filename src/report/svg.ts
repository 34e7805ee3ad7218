/** Small SVG charts, as strings: no script, no external resource, so a report file stands alone. */
import { formatDuration } from '../model/duration.js';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
export const CAUSE_COLOURS: Record<string, string> = {
  detection: '#bbbbbb', transmission: '#1f77b4', queueing: '#d62728', processing: '#2ca02c',
  'after-hours': '#9467bd', escalation: '#ff7f0e', coordination: '#8c564b',
  fatigue: '#e377c2', handover: '#17becf',
};
/** Waiting for an asset: drawn, and in the legend, only where some bar has it (other charts keep their bytes). */
const SUPPLY_COLOUR = '#bcbd22';

export interface CdfSeries {
  label: string;
  colour: string;
  dashed?: boolean;
  /** The report's cdf_s: quantiles at 0%, 5%, …, 100% (the last is the maximum). */
  quantiles: number[];
  /** The 99th percentile, when known: one more step in the tail. */
  p99?: number;
}

/** Tick steps a reader counts in: seconds, minutes, hours, days. */
const ROUND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000, 864000, 1728000];

/** Axis ticks at round durations from 0 past `max`: at most `most` intervals. */
export function roundTicks(max: number, most = 6): number[] {
  const top = Math.max(max, 1);
  const step = ROUND_STEPS.find((st) => top / st <= most) ?? Math.ceil(top / most / 86400) * 86400;
  const n = Math.max(1, Math.ceil(top / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

/** A round duration as people write it: 0, 30s, 5m, 1h, 1h30m, 2d. */
export function durationLabel(seconds: number): string {
  if (seconds === 0) return '0';
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join('');
}

/**
 * The points of a step CDF drawn from quantiles: (x, share) pairs, ending at the maximum. Between
 * two quantiles the share is only known to lie between their levels, so the curve stays at the
 * lower level until the next quantile is reached (it never claims more than the data shows).
 */
export function cdfSteps(s: Pick<CdfSeries, 'quantiles' | 'p99'>): [number, number][] {
  const n = s.quantiles.length - 1;
  const levels: [number, number][] = s.quantiles.map((q, k) => [q, k / n]);
  if (s.p99 !== undefined && n === 20) levels.splice(20, 0, [s.p99, 0.99]);
  const out: [number, number][] = [[levels[0]![0], 0]];
  for (let i = 1; i < levels.length; i++) {
    out.push([levels[i]![0], levels[i - 1]![1]], levels[i]!);
  }
  return out;
}

/**
 * Cumulative distribution of latency: y = share of instances executed by time x, as a step
 * curve from the report's quantiles out to the slowest instance; round-duration ticks, axis
 * titles, the deadline labelled above the plot where no curve runs, the legend below it.
 */
export function cdfChart(title: string, series: CdfSeries[], deadline?: number | null): string {
  const w = 560, l = 56, r = 28, t = 40, plotH = 170, b = 58 + 16 * Math.ceil(series.length / 2);
  const h = t + plotH + b;
  const ticks = roundTicks(Math.max(1, ...series.flatMap((s) => s.quantiles), deadline ?? 0));
  const xmax = ticks[ticks.length - 1]!;
  const x = (v: number) => l + (v / xmax) * (w - l - r);
  const y = (p: number) => t + (1 - p) * plotH;
  const f = (v: number) => v.toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart cdf">`,
    `<text x="${l}" y="16" class="title">${esc(title)}</text>`,
    ...[0, 0.25, 0.5, 0.75, 1].map((p) => `<line x1="${l}" y1="${y(p)}" x2="${w - r}" y2="${y(p)}" stroke="${p === 0 ? '#444' : '#eee'}"/><text x="${l - 6}" y="${y(p) + 4}" text-anchor="end">${p * 100}%</text>`),
    `<line x1="${l}" y1="${y(0)}" x2="${l}" y2="${y(1)}" stroke="#444"/>`,
    ...ticks.map((v) => `<line x1="${f(x(v))}" y1="${y(0)}" x2="${f(x(v))}" y2="${y(0) + 4}" stroke="#444"/><text x="${f(x(v))}" y="${y(0) + 16}" text-anchor="middle" class="tick">${esc(durationLabel(v))}</text>`),
    `<text x="${f((l + w - r) / 2)}" y="${y(0) + 32}" text-anchor="middle" class="axis">latency: first detection → execution</text>`,
    `<text transform="translate(14 ${f(y(0.5))}) rotate(-90)" text-anchor="middle" class="axis">executed by then</text>`,
  ];
  if (deadline !== undefined && deadline !== null) {
    // Above the plot, where no curve can run: anchored so it stays inside the chart.
    const dx = x(deadline);
    const anchor = dx < l + 40 ? 'start' : dx > w - r - 40 ? 'end' : 'middle';
    parts.push(`<line x1="${f(dx)}" y1="${y(0)}" x2="${f(dx)}" y2="${y(1) - 4}" stroke="#777" stroke-dasharray="3 3"/><text x="${f(dx)}" y="${y(1) - 8}" text-anchor="${anchor}" class="note">deadline ${esc(durationLabel(deadline))}</text>`);
  }
  series.forEach((s, i) => {
    const steps = cdfSteps(s);
    const d = steps.map(([v, p], k) => `${k === 0 ? 'M' : 'L'}${f(x(v))} ${f(y(p))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    // The first curve is drawn wider, so where a later one runs over it both stay visible.
    const width = i === 0 && series.length > 1 ? 4 : 2;
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="${width}"${dash}/>`);
    // The slowest instance: where the data ends.
    const [mx] = steps[steps.length - 1]!;
    parts.push(`<circle cx="${f(x(mx))}" cy="${f(y(1))}" r="3" fill="${s.colour}"><title>${esc(`${s.label}: slowest ${formatDuration(mx)}`)}</title></circle>`);
    const lx = l + (i % 2) * 250;
    const ly = y(0) + 50 + Math.floor(i / 2) * 16;
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.colour}" stroke-width="2"${dash}/><text x="${lx + 30}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

const ENDURANCE_CAUSES = new Set(['fatigue', 'handover']);

export interface Bar { label: string; parts: Record<string, number> }

/** Mean latency split by cause, one horizontal stacked bar per row, on a round-duration axis. */
export function stackedBars(title: string, bars: Bar[]): string {
  const w = 560, l = 110, r = 24, row = 22, t = 24;
  // Beyond the core causes, only those a bar has (supply, endurance): other charts stay as they were.
  const keys = [...Object.keys(CAUSE_COLOURS).filter((k) => !ENDURANCE_CAUSES.has(k) || bars.some((b) => (b.parts[k] ?? 0) > 0)),
    ...(bars.some((b) => (b.parts.supply ?? 0) > 0) ? ['supply'] : [])];
  const colour = (k: string) => CAUSE_COLOURS[k] ?? SUPPLY_COLOUR;
  const total = (b: Bar) => keys.reduce((a, k) => a + (b.parts[k] ?? 0), 0);
  const ticks = roundTicks(Math.max(1, ...bars.map(total)), 5);
  const max = ticks[ticks.length - 1]!;
  const axisY = t + bars.length * row + 2;
  const h = axisY + 34 + 14 * Math.ceil(keys.length / 4) + 8;
  const sx = (v: number) => l + (v / max) * (w - l - r);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}" class="chart bars">`,
    `<text x="${l}" y="16" class="title">${esc(title)}</text>`,
    `<line x1="${l}" y1="${axisY}" x2="${w - r}" y2="${axisY}" stroke="#444"/>`,
    ...ticks.map((v) => `<line x1="${sx(v).toFixed(1)}" y1="${axisY}" x2="${sx(v).toFixed(1)}" y2="${axisY + 4}" stroke="#444"/><text x="${sx(v).toFixed(1)}" y="${axisY + 15}" text-anchor="middle" class="tick">${esc(durationLabel(v))}</text>`),
    `<text x="${((l + w - r) / 2).toFixed(1)}" y="${axisY + 29}" text-anchor="middle" class="axis">mean latency per executed instance, by cause</text>`,
  ];
  bars.forEach((b, i) => {
    let x0 = l;
    const yy = t + i * row;
    parts.push(`<text x="${l - 6}" y="${yy + 14}" text-anchor="end">${esc(b.label)}</text>`);
    for (const k of keys) {
      const v = b.parts[k] ?? 0;
      if (v <= 0) continue;
      const bw = (v / max) * (w - l - r);
      parts.push(`<rect x="${x0.toFixed(1)}" y="${yy + 2}" width="${bw.toFixed(1)}" height="${row - 6}" fill="${colour(k)}"><title>${esc(`${k}: ${formatDuration(v)}`)}</title></rect>`);
      x0 += bw;
    }
    // The total inside the bar's end when the bar nearly fills the axis, else after it.
    const inside = x0 > w - r - 60;
    parts.push(`<text x="${(inside ? x0 - 4 : x0 + 4).toFixed(1)}" y="${yy + 14}"${inside ? ' text-anchor="end" class="on-bar"' : ''}>${esc(formatDuration(total(b)))}</text>`);
  });
  keys.forEach((k, i) => {
    const lx = l + (i % 4) * 110;
    const ly = axisY + 46 + Math.floor(i / 4) * 14;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${colour(k)}"/><text x="${lx + 14}" y="${ly + 1}">${esc(k)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
