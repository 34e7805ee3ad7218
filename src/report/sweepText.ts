/**
 * A sweep for a terminal (80 columns): one block per decision, a line per point and structure
 * with the median, the mean with its 95% interval, and the on-time rate.
 */
import { formatDuration } from '../model/duration.js';
import type { SweepDimension, SweepPoint } from '../analysis/sweep.js';
import { wrapLine } from './textWidth.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const VALUE = 12;

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

export const SWEEP_PAIRING_NOTE = 'Points are paired only through the seed: each point is its own batch with the same seed and run indices, so a draw is the same wherever the inputs leave it so; intervals are each point\'s own, not of the difference between points.';

export function sweepText(dims: SweepDimension[], points: SweepPoint[]): string {
  const first = points[0]!.report;
  const ids = first.structures.map((s) => s.id);
  const lines: string[] = [
    `Sweep: ${first.scenario.id} · seed ${first.seed} · ${first.runs} run${first.runs === 1 ? '' : 's'} per point · ${ids.join(', ')}`,
    ...dims.map((d) => `  ${d.path} = ${d.values.join(', ')}`),
    SWEEP_PAIRING_NOTE,
  ];
  // Values too wide for their column are shown by number (all of them, so the column reads one way), listed once here.
  const written = points.map((p) => p.values.join(' × '));
  const labels = written.some((l) => l.length >= VALUE) ? points.map((_, i) => `#${i + 1}`) : written;
  const legend = points.map((p, i) => [labels[i]!, p.values.join(' × ')] as const).filter(([l, v]) => l !== v);
  if (legend.length) {
    lines.push('', 'Points:');
    for (const [l, v] of legend) lines.push(`  ${pad(l, 5)}${v}`);
  }
  const sw = Math.max(10, ...ids.map((id) => id.length + 2));
  const head = dims.length === 1 ? dims[0]!.path.replace(/^.*\./, '') : 'values';
  lines.push('');
  for (const d of first.decisions) {
    const deadline = d.deadline_s === null ? 'no deadline' : `deadline ${formatDuration(d.deadline_s)}`;
    lines.push(`${d.inject}/${d.decision} · ${d.kind} · ${deadline}`);
    lines.push(`  ${pad(head.slice(0, VALUE - 1).toUpperCase(), VALUE)}${pad('', sw)}${pad('P50', 9)}${pad('MEAN', 9)}${pad('95% CI', 20)}ON TIME`);
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
        const ci = lat?.mean_ci95_s ? `[${formatDuration(lat.mean_ci95_s[0])}, ${formatDuration(lat.mean_ci95_s[1])}]` : '';
        lines.push(`  ${pad(label, VALUE)}${pad(id, sw)}${pad(lat ? formatDuration(lat.p50_s) : '—', 9)}${pad(lat ? formatDuration(lat.mean_s) : '—', 9)}${pad(ci, 20)}${r.outcomes ? pct(r.outcomes.onTime.rate) : '—'}`);
      });
    });
    lines.push('');
  }
  lines.push('Latency: first detection → execution; intervals are 95%, within each point.');
  return lines.flatMap((l) => wrapLine(l, '  ')).join('\n') + '\n';
}
