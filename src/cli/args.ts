/** Parsing flag values strictly: "abc" or "1e3" for --runs is an error naming the flag, not NaN. */
import { InputError } from '../model/inputError.js';

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

/**
 * `--set target.path=value`, repeatable: kept as text here and parsed (as YAML) by the command,
 * so that starting the CLI does not load the YAML parser.
 */
export function setFlag(text: string, prev: string[] = []): string[] {
  return [...prev, text];
}

/** `--shard I/N`. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError(`expected I/N with 1 ≤ I ≤ N (e.g. --shard 2/4), got "${text}"`, '--shard');
  }
  return { index, count };
}

/** An arm of `run`: a name and what it changes (variants, overrides) on top of the batch's inputs. */
export interface ArmFlag {
  id: string;
  variants: string[];
  /** `--set`-style overrides, as text (parsed by the command). */
  sets: string[];
}

/**
 * `--arm NAME=SPEC[;SPEC…]`, repeatable: SPEC is `variant:NAME|FILE` or `set:TARGET.PATH=VALUE`,
 * e.g. `--arm slow=variant:degraded-pacific --arm half='set:jfhq.nodes[jjoc].capacity=3'`.
 * Semicolons separate specs because YAML values carry commas (`{dist: fixed, value: 5m}`).
 */
export function armFlag(text: string, prev: ArmFlag[] = []): ArmFlag[] {
  const eq = text.indexOf('=');
  const id = eq < 0 ? '' : text.slice(0, eq).trim();
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) {
    throw new InputError(`expected NAME=SPEC, NAME in lower-case letters, digits and dashes (e.g. --arm slow=variant:degraded-pacific); got "${text}"`, '--arm');
  }
  const arm: ArmFlag = { id, variants: [], sets: [] };
  for (const spec of text.slice(eq + 1).split(';').map((x) => x.trim()).filter(Boolean)) {
    if (spec.startsWith('variant:')) arm.variants.push(spec.slice('variant:'.length).trim());
    else if (spec.startsWith('set:')) arm.sets.push(spec.slice('set:'.length).trim());
    else throw new InputError(`"${spec}" is not variant:NAME or set:TARGET.PATH=VALUE (join several with ";")`, `--arm ${id}`);
  }
  return [...prev, arm];
}
