/** A comparison for the terminal: what differs, then per decision and structure, a → b and the verdicts. */
import { formatDuration } from '../model/duration.js';
import type { Comparison } from '../model/comparison.js';
import { lineOrTwo, wrapLine } from './textWidth.js';
import { terminalSafeLine } from './terminalSafe.js';
import { CONFIDENCE_NOTE, confidenceLine } from './confidenceText.js';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`;
const signedPts = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.round(Math.abs(x) * 100)}`;
const pts = (x: number) => `${signedPts(x)} pts`;

export function comparisonText(c: Comparison): string {
  const out = [`compare ${c.a.file} → ${c.b.file}`, ''];
  if (c.provenance.length === 0) out.push('What differs: nothing in the inputs (same scenario, structures, seed, options).');
  else out.push('What differs:', ...c.provenance.map((p) => `  ${p.field}: ${p.a} → ${p.b}`));
  if (c.unmatched.length) out.push(`In one report only: ${c.unmatched.join(', ')}`);
  if (c.branches?.length) {
    const share = (x: number | null) => (x === null ? 'not drawn' : `${Math.round(x * 100)}%`);
    out.push('Drawn per run (share of runs, a → b):');
    for (const b of c.branches) {
      const diff = b.difference !== null && b.ci95 ? ` (${pts(b.difference)} [${signedPts(b.ci95[0])}, ${signedPts(b.ci95[1])}]):` : ':';
      out.push(...lineOrTwo(`  ${b.element}=${b.branch} ${share(b.a)} → ${share(b.b)}${diff}`, b.verdict, '    '));
    }
  }
  out.push('');
  for (const d of c.decisions) {
    out.push(`${d.key} · ${d.kind}`);
    for (const [id, s] of Object.entries(d.structures)) {
      // A verdict that would overflow 80 columns goes on the next line, under its numbers.
      const under = ' '.repeat(14);
      if (s.a.mean_s === null || s.b.mean_s === null) out.push(`  ${id.padEnd(10)}not executed in both`);
      else out.push(...lineOrTwo(`  ${id.padEnd(10)}mean ${formatDuration(s.a.mean_s)} → ${formatDuration(s.b.mean_s)}${s.ci95_s && s.meanDifference_s !== null ? ` (${signed(s.meanDifference_s)} [${signed(s.ci95_s[0])}, ${signed(s.ci95_s[1])}])` : ''}:`, s.verdict, under));
      if (s.a.restsOn_s && s.b.restsOn_s) out.push(`  ${''.padEnd(10)}rests on ${confidenceLine(s.a.restsOn_s)} → ${confidenceLine(s.b.restsOn_s)}`);
      if (s.onTimeVerdict !== 'no deadline' && s.onTimeDifference !== null && s.onTime_ci95) {
        out.push(...lineOrTwo(`  ${''.padEnd(10)}on time ${Math.round((s.a.onTimeRate ?? 0) * 100)}% → ${Math.round((s.b.onTimeRate ?? 0) * 100)}% (${pts(s.onTimeDifference)} [${signedPts(s.onTime_ci95[0])}, ${signedPts(s.onTime_ci95[1])}]):`, s.onTimeVerdict, under));
      }
      const shares = s.truth ? [['right and on time', s.truth.timelyCorrect], ['false alarms', s.truth.falseAlarms], ...(s.truth.retracted ? [['withdrawn', s.truth.retracted] as const] : [])] as const : [];
      for (const [label, x] of shares) {
        if (x.difference === null || !x.ci95 || (label === 'false alarms' && x.a === 0 && x.b === 0)) continue;
        out.push(...lineOrTwo(`  ${''.padEnd(10)}${label} ${Math.round(x.a * 100)}% → ${Math.round(x.b * 100)}% (${pts(x.difference)} [${signedPts(x.ci95[0])}, ${signedPts(x.ci95[1])}]):`, x.verdict, under));
      }
      const rt = s.truth?.timeToRetract;
      if (rt) {
        out.push(...lineOrTwo(`  ${''.padEnd(10)}time to retract ${formatDuration(rt.a_s)} → ${formatDuration(rt.b_s)}${rt.ci95_s ? ` (${signed(rt.difference_s)} [${signed(rt.ci95_s[0])}, ${signed(rt.ci95_s[1])}])` : ''}:`, rt.verdict, under));
      }
      if ((s.verdict === 'faster' || s.verdict === 'slower') && s.movers.length) {
        out.push(`  ${''.padEnd(10)}biggest movers: ${s.movers.slice(0, 3).map((m) => `${m.kind} ${m.name} ${signed(m.change_s)}`).join(', ')}`);
      }
    }
    out.push('');
  }
  out.push(
    'b − a with unpaired 95% intervals (Welch for means, Newcombe for on-time rates): the reports were made apart.',
    'For a paired what-if, run it as an arm of one batch (run … --arm NAME=SPEC): tighter intervals, misses censored.',
    ...(c.decisions.some((d) => Object.values(d.structures).some((s) => s.a.restsOn_s)) ? [CONFIDENCE_NOTE] : []),
    '--json, --markdown or --html FILE for more.',
  );
  // Escaped before measured: an input's control character is six columns once made visible.
  return out.flatMap((l) => wrapLine(terminalSafeLine(l))).join('\n') + '\n';
}
