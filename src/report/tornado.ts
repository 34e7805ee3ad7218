/**
 * A sensitivity study in the terminal: per decision, the verdict at base, a tornado of the inputs
 * that move the difference between structures most (or the one structure's latency), and the
 * inputs whose range flips the verdict, with the smallest change found that does. 80 columns.
 */
import type { Sensitivity, SensitivityDecision, SensitivityInput } from '../model/sensitivity.js';
import { columns, TERMINAL_WIDTH, wrapLine } from './textWidth.js';
import { plural } from './plural.js';

/** Rows of each decision's tornado in the terminal; every row is in --json and --html. */
export const TERMINAL_ROWS = 10;
const FLIP_ROWS = 8;
const LABEL = 34;
const HALF = 10;

/** Seconds, signed and short: `+443 s`, `−1.2 h`. */
export function signedSeconds(x: number | null): string {
  if (x === null) return 'n/a';
  const sign = x > 0 ? '+' : x < 0 ? '−' : '';
  const a = Math.abs(x);
  const body = a >= 7200 ? `${(a / 3600).toFixed(1)} h` : a >= 600 ? `${(a / 60).toFixed(1)} min` : `${Math.round(a)} s`;
  return `${sign}${body}`;
}

/** A long input path kept to its start and end, which say what it is and which number. */
export function shortLabel(text: string, width = LABEL): string {
  const cs = [...text];
  if (cs.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${cs.slice(0, head).join('')}…${cs.slice(cs.length - (width - 1 - head)).join('')}`;
}

const verdictWord = (v: string) => (v === 'no difference beyond noise' ? 'no difference' : v);

/** What the tornado of a decision measures, per input side: the first difference's change, or the structure's. */
export function leadChange(s: Sensitivity, side: SensitivityInput['low']): number | null {
  return s.structures.length > 1 ? side.differences[0]!.change_s : side.structures[s.structures[0]!]!.change_s;
}

/** An input's name in the terminal: `both.` for one moved in every structure of the study (the path says the rest). */
function termLabel(s: Sensitivity, i: { target: string; targets?: string[] | undefined; path: string }): string {
  return i.targets && i.targets.length === s.structures.length && s.structures.length > 1 ? `${s.structures.length === 2 ? 'both' : 'all'}.${i.path}` : `${i.target}.${i.path}`;
}

/** A bar of 2·HALF+1 cells centred on zero: the low end's extent `░`, the high end's `█`. */
function bar(low: number, high: number, scale: number): string {
  const cells: string[] = Array.from({ length: 2 * HALF + 1 }, (_, i) => (i === HALF ? '|' : ' '));
  const paint = (v: number, ch: string) => {
    const n = Math.min(HALF, Math.round((Math.abs(v) / scale) * HALF));
    for (let i = 1; i <= n; i++) cells[v < 0 ? HALF - i : HALF + i] = ch;
  };
  // The longer first, so a shorter bar on the same side still shows.
  const ends = [[low, '░'], [high, '█']] as const;
  for (const [v, ch] of [...ends].sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))) paint(v, ch);
  return cells.join('');
}

function decisionText(s: Sensitivity, d: SensitivityDecision): string[] {
  const out: string[] = [];
  const title = `${d.inject}/${d.decision} (${d.kind})`;
  out.push(title);
  for (const b of d.base.differences) {
    const ci = b.ci95_s ? ` [${signedSeconds(b.ci95_s[0])}, ${signedSeconds(b.ci95_s[1])}]` : '';
    const same = b.identical ? ' (same every run)' : '';
    out.push(`  at base ${b.candidate} − ${b.baseline}: ${signedSeconds(b.difference_s)}${ci}, ${verdictWord(b.verdict)}${same}`);
  }
  if (s.structures.length === 1) {
    const r = d.base.structures[s.structures[0]!]!.restricted_s;
    out.push(`  at base ${s.structures[0]}: restricted mean ${signedSeconds(r).replace(/^\+/, '')}`);
  }
  const rows = d.inputs.filter((i) => i.swing_s > 0).slice(0, TERMINAL_ROWS);
  if (rows.length === 0) {
    out.push('  no input moves it (or too few runs faced it)');
    return out;
  }
  const what = s.structures.length > 1 ? `${s.structures[1]} − ${s.structures[0]}` : `${s.structures[0]}'s latency`;
  out.push(`  change in ${what}: ░ low end, █ high end`);
  const scale = Math.max(...rows.map((r) => Math.max(Math.abs(leadChange(s, r.low) ?? 0), Math.abs(leadChange(s, r.high) ?? 0))), 1e-9);
  for (const r of rows) {
    const lo = leadChange(s, r.low) ?? 0;
    const hi = leadChange(s, r.high) ?? 0;
    const label = shortLabel(termLabel(s, r)).padEnd(LABEL);
    out.push(`  ${label} ${r.confidence} ${signedSeconds(lo).padStart(9)} ${bar(lo, hi, scale)} ${signedSeconds(hi)}`);
  }
  const more = d.inputs.filter((i) => i.swing_s > 0).length - rows.length;
  if (more > 0) out.push(`  … ${more} more ${more === 1 ? 'input moves' : 'inputs move'} it (--json, --html)`);
  if (d.flips.length > 0) {
    out.push('  verdict flips (smallest change found):');
    for (const f of d.flips.slice(0, FLIP_ROWS)) {
      const pct = Math.round((f.factor - 1) * 100);
      // An on/off input has no smallest change: the switch is the change.
      const change = f.onOff ? 'absent' : `×${f.factor.toFixed(2)} (${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)}%)`;
      const pair = s.structures.length > 2 ? ` ${f.candidate}:` : '';
      out.push(`    ${shortLabel(termLabel(s, f), 38).padEnd(38)} ${change.padEnd(13)}${pair} ${verdictWord(f.to)}`);
    }
    if (d.flips.length > FLIP_ROWS) out.push(`    … ${d.flips.length - FLIP_ROWS} more (--json)`);
    if (d.flips.some((f) => f.onOff)) out.push('    (absent: a delegation switched off; on/off, so no bisection)');
  }
  return out;
}

export function sensitivityText(s: Sensitivity): string {
  const p = s.points;
  const lines = [
    `Sensitivity of ${s.scenario.id} on ${s.structures.join(', ')}: ${plural(p.inputs, 'input')}, one at a time`,
    ...(s.decisions.some((d) => d.inputs.some((i) => i.targets)) ? [`both.PATH: an input the same in ${s.structures.join(' and ')} (outside the reform), moved in both at once`.replace(/both/g, s.structures.length === 2 ? 'both' : 'all')] : []),
    `${plural(s.runs, 'run')} per point, seed ${s.seed}; ${plural(p.oneAtATime + p.bisection, 'point')} (${p.oneAtATime} at the ends of ranges, ${p.bisection} by bisection) in ${plural(p.batches, 'batch', 'batches')}`,
    '',
  ];
  for (const d of s.decisions) lines.push(...decisionText(s, d), '');
  lines.push(...s.notes.map((n) => `Note: ${n}`));
  return lines.flatMap((l) => (columns(l) <= TERMINAL_WIDTH ? [l] : wrapLine(l, '    '))).join('\n') + '\n';
}
