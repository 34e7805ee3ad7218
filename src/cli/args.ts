/** Parsing flag values strictly: "abc" or "1e3" for --runs is an error naming the flag, not NaN. */
import { InputError } from '../model/inputError.js';
import { parseSet, type Override } from '../model/override.js';
import { parseSweepSet, type SweepDimension } from '../analysis/sweep.js';

export function wholeNumber(flag: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
      throw new InputError(`expected a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${text}"`, flag);
    }
    return Number(text);
  };
}

export function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `--choose point=option`, repeatable. */
export function choice(text: string, prev: Record<string, string> = {}): Record<string, string> {
  const m = /^([a-z][a-z0-9-]*)=([a-z][a-z0-9-]*)$/.exec(text.trim());
  if (!m) throw new InputError(`expected point=option (e.g. --choose allied-response=statement-only), got "${text}"`, '--choose');
  return { ...prev, [m[1]!]: m[2]! };
}

/** A repeatable flag's values, in order. */
export function collect(text: string, prev: string[] = []): string[] {
  return [...prev, text];
}

/** `--set target.path=value`, repeatable. */
export function setFlag(text: string, prev: Override[] = []): Override[] {
  return [...prev, parseSet(text)];
}

/** `--set target.path=v1,v2,…` of a sweep, repeatable (a grid of two). */
export function sweepFlag(text: string, prev: SweepDimension[] = []): SweepDimension[] {
  return [...prev, parseSweepSet(text)];
}
