/**
 * An attribution for a terminal (80 columns): per decision, the whole difference in words ("of
 * 27m saved, 20m come from …") and a line per reform element with its share, 95% interval and a
 * bar. Element names come from the structure file: the caller prints through print(), which
 * sanitises; here they are only cut to their column.
 */
import { formatDuration } from '../model/duration.js';
import type { Attribution } from '../model/attribution.js';
import { columns, TERMINAL_WIDTH, wrapLine } from './textWidth.js';
import { plural } from './plural.js';

const NAME = 28;
const SHARE = 10;
const CI = 24;
const BAR = 12;

export const signedDuration = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatDuration(Math.abs(x))}`;

function cut(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n - 1 ? `${chars.slice(0, n - 2).join('')}… ` : s + ' '.repeat(n - chars.length);
}

const padLeft = (s: string, n: number) => ' '.repeat(Math.max(0, n - [...s].length)) + s;

/** "of 27m saved, 20m come from JJOC stands up" (the largest share in the direction of the whole). */
export function attributionHeadline(d: Attribution['decisions'][number], a: Attribution['attribution']): string {
  if (d.difference_s === null) return `not faced in these runs`;
  const total = d.difference_s;
  const verb = total < 0 ? 'saved' : 'added';
  if (total === 0) return `no difference between ${a.baseline.id} and ${a.reformed.id}`;
  const top = [...d.elements].sort((x, y) => Math.sign(total) * ((y.shapley_s ?? 0) - (x.shapley_s ?? 0)))[0]!;
  return `of ${formatDuration(Math.abs(total))} ${verb}, ${formatDuration(Math.abs(top.shapley_s ?? 0))} ${Math.sign(top.shapley_s ?? 0) === Math.sign(total) ? 'come' : 'go the other way'} from ${top.element}`;
}

export function attributionText(a: Attribution): string {
  const h = a.attribution;
  const lines = [
    ...wrapLine(`Attribution: ${h.scenario.id}, ${h.baseline.id} → ${h.reformed.id} · seed ${h.seed} · ${plural(h.runs, 'run')} · ${h.subsets} subsets of ${plural(a.elements.length, 'element')}`, '  '),
    '',
    'Elements:',
    ...a.elements.flatMap((e) => wrapLine(`  ${e.name}: ${e.changes.join(', ')}`, '      ')),
    '',
  ];
  for (const d of a.decisions) {
    lines.push(`${d.inject}/${d.decision}`);
    if (d.difference_s === null) {
      lines.push('  not faced in these runs', '');
      continue;
    }
    const ci = d.ci95_s ? `, 95% CI ${signedDuration(d.ci95_s[0])} to ${signedDuration(d.ci95_s[1])}` : '';
    lines.push(...wrapLine(`  ${attributionHeadline(d, h)} (${h.baseline.id} ${formatDuration(d.baseline_s!)} → ${h.reformed.id} ${formatDuration(d.reformed_s!)}${ci}; ${d.pairs} paired runs)`, '    '));
    const scale = Math.max(1e-9, ...d.elements.map((e) => Math.abs(e.shapley_s ?? 0)));
    lines.push(`  ${cut('ELEMENT', NAME)}${padLeft('SHARE', SHARE)}  95% CI`);
    for (const e of d.elements) {
      const v = e.shapley_s ?? 0;
      const n = Math.round((Math.abs(v) / scale) * BAR);
      const bar = (v < 0 ? '◀' : '▶').repeat(n);
      const eci = e.ci95_s ? `${signedDuration(e.ci95_s[0])} to ${signedDuration(e.ci95_s[1])}` : '—';
      const row = `  ${cut(e.element, NAME)}${padLeft(signedDuration(v), SHARE)}  ${eci.padEnd(CI)} `;
      // The bar gives way to the numbers when they are unusually wide.
      lines.push(`${row}${bar.slice(0, Math.max(0, TERMINAL_WIDTH - columns(row)))}`.trimEnd());
    }
    lines.push('');
  }
  lines.push(...h.notes.flatMap((n) => wrapLine(n, '')));
  return `${lines.join('\n')}\n`;
}
