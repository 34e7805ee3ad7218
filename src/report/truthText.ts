/**
 * Correct or erroneous, in words (issue 8): timely-and-correct, false alarms, the share of them
 * withdrawn, and a retraction's time from the moment the error became knowable. Numbers only: no
 * input text passes through here, so callers escape nothing of it.
 */
import { formatDuration } from '../model/duration.js';
import type { Report, StructureResult } from '../model/report.js';

type Truth = NonNullable<StructureResult['truth']>;
type Share = Truth['timelyCorrect'];

const pct = (x: number) => `${Math.round(x * 100)}%`;
const interval = (s: Share) => (s.ci95 ? ` [${pct(s.ci95[0])}, ${pct(s.ci95[1])}]` : '');

/** Whether a report carries correctness figures at all (a scenario whose tracks have a life). */
export function hasTruth(report: Report): boolean {
  return report.decisions.some((d) => Object.values(d.structures).some((r) => r.truth !== undefined));
}

/** "right and on time 23% [19%, 28%] · false alarms 67% [61%, 72%] · withdrawn 100%" */
export function truthLine(t: Truth): string {
  return truthParts(t).join(' · ');
}

/** The figures of truthLine, each whole, for callers that pack them into narrow lines. */
export function truthParts(t: Truth): string[] {
  const parts = [`right and on time ${pct(t.timelyCorrect.rate)}${interval(t.timelyCorrect)}`];
  if (t.erroneous > 0 || t.falseAlarms.count > 0) parts.push(`false alarms ${pct(t.falseAlarms.rate)}${interval(t.falseAlarms)}`);
  if (t.retracted) parts.push(`withdrawn ${pct(t.retracted.rate)}${interval(t.retracted)}`);
  return parts;
}

/** The figures packed into lines of at most `width` columns, each line starting with `indent`. */
export function truthLines(t: Truth, indent: string, width: number): string[] {
  const only = retractionLine(t);
  const parts = only ? [only] : truthParts(t);
  const out: string[] = [];
  for (const p of parts) {
    const last = out.length - 1;
    if (last >= 0 && out[last]!.length + 3 + p.length <= width) out[last] += ` · ${p}`;
    else out.push(indent + p);
  }
  return out;
}

/** "withdrawn 3m15s [3m08s, 3m22s] after the error was knowable (201 of 201)", for a retraction. */
export function retractionLine(t: Truth): string | undefined {
  const x = t.retractions;
  if (!x) return undefined;
  if (x.instances === 0) return 'no retraction was needed';
  const time = x.timeToRetract_s;
  if (!time) return `never withdrawn (0 of ${x.instances})`;
  const ci = time.ci95_s ? ` [${formatDuration(time.ci95_s[0])}, ${formatDuration(time.ci95_s[1])}]` : '';
  return `withdrawn ${formatDuration(time.mean_s)}${ci} after the error was knowable (${x.executed} of ${x.instances})`;
}

/** The note under a table that shows these figures. */
export const TRUTH_NOTE = 'Right and on time: executed by the deadline on a true track; a false alarm: executed on a false or wrongly predicting track; withdrawn: by an executed retraction, timed from when the error was knowable.';
