/**
 * A sweep for a terminal (80 columns): one block per decision, a line per point and structure
 * with the median, the mean with its 95% interval, and the on-time rate.
 */
import { formatDuration, SHORT_DURATION_WIDTH, shortDuration } from '../model/duration.js';
import type { SweepDimension, SweepPoint } from '../analysis/sweep.js';
import { wrapLine } from './textWidth.js';
import { plural } from './plural.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const VALUE = 12;
// Fixed time columns: a time and a space; an interval, two of them bracketed.
const TIME = SHORT_DURATION_WIDTH + 1;
const CI = 2 * SHORT_DURATION_WIDTH + 5;

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

export const SWEEP_PAIRING_NOTE = 'Points are paired only through the seed: each point is its own batch with the same seed and run indices, so a draw is the same wherever the inputs leave it so; intervals are each point\'s own, not of the difference between points.';

/** Values too wide for their column are shown by number (all of them, so the column reads one way). */
export function pointLabels(points: Pick<SweepPoint, 'values'>[]): string[] {
  const written = points.map((p) => p.values.join(' × '));
  return written.some((l) => [...l].length >= VALUE) ? points.map((_, i) => `#${i + 1}`) : written;
}

export function sweepText(dims: SweepDimension[], points: SweepPoint[]): string {
  const first = points[0]!.report;
  const ids = first.structures.map((s) => s.id);
  const lines: string[] = [
    `Sweep: ${first.scenario.id} · seed ${first.seed} · ${plural(first.runs, 'run')} per point · ${ids.join(', ')}`,
    ...dims.map((d) => `  ${d.path} = ${d.values.join(', ')}`),
    SWEEP_PAIRING_NOTE,
  ];
  const labels = pointLabels(points);
  const legend = points.map((p, i) => [labels[i]!, p.values.join(' × ')] as const).filter(([l, v]) => l !== v);
  if (legend.length) {
    lines.push('', 'Points:');
    for (const [l, v] of legend) lines.push(`  ${pad(l, 5)}${v}`);
  }
  const sw = Math.max(10, ...ids.map((id) => id.length + 2));
  const head = dims.length === 1 ? (dims[0]!.variant ? 'variant' : dims[0]!.path.replace(/^.*\./, '')) : 'values';
  lines.push('');
  for (const d of first.decisions) {
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${formatDuration(d.deadline_s)}`;
    lines.push(`${d.inject}/${d.decision} · ${d.kind} · ${deadline}`);
    lines.push(`  ${pad(head.slice(0, VALUE - 1).toUpperCase(), VALUE)}${pad('', sw)}${pad('P50', TIME)}${pad('MEAN', TIME)}${pad('95% CI', CI)}ON TIME`);
    points.forEach((p, i) => {
      const pd = p.report.decisions.find((x) => x.inject === d.inject && x.decision === d.decision);
      ids.forEach((id, k) => {
        const r = pd?.structures[id];
        const label = k === 0 ? labels[i]! : '';
        if (!r || r.instances === 0) {
          lines.push(`  ${pad(label, VALUE)}${pad(id, sw)}not demanded`);
          return;
        }
        const lat = r.latency_s;
        const ci = lat?.mean_ci95_s ? `[${shortDuration(lat.mean_ci95_s[0])}, ${shortDuration(lat.mean_ci95_s[1])}]` : '';
        lines.push(`  ${pad(label, VALUE)}${pad(id, sw)}${pad(lat ? shortDuration(lat.p50_s) : '—', TIME)}${pad(lat ? shortDuration(lat.mean_s) : '—', TIME)}${pad(ci, CI)}${r.outcomes ? pct(r.outcomes.onTime.rate) : '—'}`);
      });
    });
    lines.push(...chartLines(points, labels, ids, sw, d.inject, d.decision, d.deadline_s !== null), '');
  }
  lines.push('Latency: first detection → execution; intervals are 95%, within each point. Charts: ● the mean (or the on-time rate), ├─┤ its 95% interval.');
  return lines.flatMap((l) => wrapLine(l, '  ')).join('\n') + '\n';
}

/** A value and its interval on a line of `width` cells scaled to [0, top]: `├──●──┤`. */
export function intervalBar(v: number, lo: number | null, hi: number | null, top: number, width: number): string {
  const cell = (x: number) => Math.max(0, Math.min(width - 1, Math.round((x / top) * (width - 1))));
  const cells = Array.from({ length: width }, () => ' ');
  if (lo !== null && hi !== null) {
    const a = cell(lo);
    const b = cell(hi);
    for (let i = a; i <= b; i++) cells[i] = '─';
    cells[a] = '├';
    cells[b] = '┤';
  }
  cells[cell(v)] = '●';
  return cells.join('');
}

const BAR = 40;

/** Under a decision's table: its mean latency, and its on-time rate where it has a deadline, across the points. */
function chartLines(points: SweepPoint[], labels: string[], ids: string[], sw: number, inject: string, decision: string, deadline: boolean): string[] {
  const at = points.map((p) => p.report.decisions.find((x) => x.inject === inject && x.decision === decision));
  const lat = (i: number, id: string) => at[i]?.structures[id]?.latency_s ?? null;
  const top = Math.max(1, ...points.flatMap((_, i) => ids.flatMap((id) => { const l = lat(i, id); return l ? [l.mean_ci95_s?.[1] ?? l.mean_s, l.mean_s] : []; })));
  const out: string[] = [];
  // A decision no point changes (every structure the same at each): the table says it, a chart would repeat it.
  const same = points.every((_, i) => ids.every((id) => JSON.stringify(at[i]?.structures[id]) === JSON.stringify(at[0]?.structures[id])));
  if (same && points.length > 1) return ['  (the same at every point: no chart)'];
  const block = (title: string, right: string, row: (i: number, id: string) => string | null) => {
    out.push(`  ${pad(title, VALUE + sw)}0${' '.repeat(BAR - 1 - right.length)}${right}`);
    points.forEach((_, i) => ids.forEach((id, k) => {
      const bar = row(i, id);
      out.push(`  ${pad(k === 0 ? labels[i]! : '', VALUE)}${pad(id, sw)}${bar ?? '(none)'}`.trimEnd());
    }));
  };
  block('mean latency', formatDuration(top), (i, id) => { const l = lat(i, id); return l ? intervalBar(l.mean_s, l.mean_ci95_s?.[0] ?? null, l.mean_ci95_s?.[1] ?? null, top, BAR) : null; });
  if (deadline) {
    block('on time', '100%', (i, id) => {
      const o = at[i]?.structures[id]?.outcomes?.onTime;
      return o ? `${intervalBar(o.rate, o.ci95?.[0] ?? null, o.ci95?.[1] ?? null, 1, BAR)} ${pct(o.rate)}` : null;
    });
  }
  return out;
}
