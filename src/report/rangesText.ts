/**
 * The ranged inputs of a scenario and its structures as an 80-column listing: grouped by the
 * object that holds them (its confidence once), one line per number with its base value, the
 * factors and the low and high values.
 */
import { readableDuration } from '../model/duration.js';
import type { Distribution } from '../model/distribution.js';
import { RANGE_RULE, type RangedInput } from '../model/ranges.js';
import { studyLabel, type StudyInput } from '../model/studyInputs.js';
import { columns, TERMINAL_WIDTH, wrapLine } from './textWidth.js';
import { plural } from './plural.js';

type Value = RangedInput['base'];

/** A duration to print: to the minute from an hour up, where seconds are noise from the factor. */
const span = (s: number) => readableDuration(s >= 3600 ? Math.round(s / 60) * 60 : s);

/** The number a reader thinks of first: a distribution's median, mode, mean or value. */
function central(v: Value, kind: RangedInput['kind']): string {
  if (typeof v === 'number') {
    if (kind === 'duration') return span(v);
    if (kind === 'factor') return `×${v}`;
    if (kind === 'fraction') return `+${Math.round(v * 1000) / 10}%`;
    return String(v);
  }
  const d: Distribution = v;
  switch (d.dist) {
    case 'fixed': return span(d.value);
    case 'uniform': return `${span(d.min)}–${span(d.max)}`;
    case 'triangular': return span(d.mode);
    case 'lognormal': return span(d.median);
    case 'exponential': return span(d.mean);
  }
}

/** The base value with its shape: `lognormal 4m p90 10m`. */
function described(v: Value, kind: RangedInput['kind']): string {
  if (typeof v === 'number') return central(v, kind);
  switch (v.dist) {
    case 'fixed': return central(v, kind);
    case 'uniform': return `uniform ${central(v, kind)}`;
    case 'triangular': return `tri ${span(v.min)}/${span(v.mode)}/${span(v.max)}`;
    case 'lognormal': return `logn ${span(v.median)} p90 ${span(v.p90)}`;
    case 'exponential': return `exp mean ${span(v.mean)}`;
  }
}

const factor = (x: number) => `×${Number(x.toFixed(2))}`;

const REL = 32;
const BASE = 20;
const FACTORS = 12;

export function rangesText(title: string, inputs: RangedInput[], study: StudyInput[] = []): string {
  const rule = (Object.entries(RANGE_RULE) as [string, readonly [number, number]][])
    .map(([c, [lo, hi]]) => `${c} ${factor(lo)}–${factor(hi)}`).join('   ');
  const lines = [
    ...wrapLine(`${title}: ${inputs.length} ranged inputs`, '  '),
    ...wrapLine('Each is a --set path (target.path). Without a range stated in the file (marked *), the range is the rule for the confidence of the object that holds the number:', '  '),
    `  ${rule}`,
    ...wrapLine('A distribution is scaled whole (every time by the factor); low and high show its median, mode, mean or value. c2sim ranges --json gives every value and the --set arguments.', '  '),
    '',
  ];
  let group = '';
  for (const r of inputs) {
    const [head, rel] = splitPath(r);
    if (head !== group) {
      group = head;
      const conf = `confidence ${r.confidence}`;
      const name = `${r.target}.${head}`;
      lines.push(columns(name) + 2 + columns(conf) <= TERMINAL_WIDTH ? name + ' '.repeat(TERMINAL_WIDTH - columns(name) - columns(conf)) + conf : name, ...(columns(name) + 2 + columns(conf) <= TERMINAL_WIDTH ? [] : [`  ${conf}`]));
    }
    const factors = `${factor(r.factors[0])}–${factor(r.factors[1])}${r.from === 'stated' ? '*' : ''}`;
    const values = `${central(r.low, r.kind)} – ${central(r.high, r.kind)}`;
    const tail = `${described(r.base, r.kind).padEnd(BASE)}${factors.padEnd(FACTORS)}${values}`;
    const left = `  ${rel}`;
    if (columns(left) < REL) lines.push(...wrapLine(left.padEnd(REL) + tail, ' '.repeat(REL)));
    else lines.push(...wrapLine(left, ' '.repeat(4)), ...wrapLine(' '.repeat(REL) + tail, ' '.repeat(REL)));
  }
  const switches = study.filter((i) => i.kind === 'presence');
  if (switches.length > 0) {
    lines.push('', ...wrapLine('Delegations that are assumptions (confidence M, L or U), on/off: present at base and at the high end, absent at the low end.', '  '));
    for (const i of switches) {
      const label = `  ${studyLabel(i)}`;
      const conf = `confidence ${i.confidence}`;
      lines.push(columns(label) + 2 + columns(conf) <= TERMINAL_WIDTH ? label + ' '.repeat(TERMINAL_WIDTH - columns(label) - columns(conf)) + conf : label, ...(columns(label) + 2 + columns(conf) <= TERMINAL_WIDTH ? [] : [`    ${conf}`]));
    }
  }
  const shared = study.filter((i) => i.targets.length > 1 && i.kind !== 'presence').length;
  if (study.length > 0) {
    const alike = shared > 0
      ? `: ${shared === 1 ? '1 number above is' : `${shared} numbers above are`} listed alike for ${[...new Set(study.flatMap((i) => (i.targets.length > 1 ? i.targets : [])))].join(' and ')}, outside the reform, and it moves each in all of them at once, as one input;`
      : ',';
    lines.push('', ...wrapLine(`A sensitivity study takes ${plural(study.length, 'input')}${alike} ${switches.length} of them delegations switched off and on (c2sim ranges --json lists both). It moves only those the scenario reaches: a node or link no decision's flow uses moves nothing, so it is skipped.`, '  '));
  }
  return lines.join('\n') + '\n';
}

/** `nodes[csjs].processing.decide` → [`nodes[csjs]`, `processing.decide`]: the object, then the number in it. */
function splitPath(r: RangedInput): [string, string] {
  const m = /^(injects\[[^\]]+\]\.decisions\[[^\]]+\]|authority\.[^.]+\.delegations\[\d+\]|[a-zA-Z]+\[[^\]]+\]|endurance)\.(.+)$/.exec(r.path);
  return m ? [m[1]!, m[2]!] : [r.path, ''];
}
