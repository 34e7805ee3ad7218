/**
 * What-if overrides: `<target>.<path>=<value>` changes one field of a structure (target: its id)
 * or of the scenario (target: `scenario`) before validation, so every check still applies.
 * Path segments are keys; list items are picked by index, by id (`nodes[jjoc]`,
 * `links[usfj--indopacom]`, `injects[launch]`), or, for authority tracks, by nation
 * (`authority.show-of-force[US]`). Values are YAML: `3`, `10m`, `[]`, `{dist: fixed, value: 5m}`.
 */
import { parse as parseYamlValue } from 'yaml';
import { InputError } from './inputError.js';
import { formatBytes, MAX_SET_VALUE_BYTES } from './inputFile.js';
import { closest, oneOf } from './issue.js';

export interface Override {
  target: string;
  path: string;
  value: unknown;
  /** Where it came from: "--set", or a variant's id. */
  from: string;
  /** A variant's override: its file and the line of its key there, where its errors point. */
  origin?: { file: string; position?: { line: number; col: number } | undefined };
}

const SEGMENT = /^([A-Za-z][A-Za-z0-9-]*)(?:\[([^\][]+)\])?$/;

/** `jfhq.nodes[jjoc].capacity=3` → an override. */
export function parseSet(text: string, flag = '--set'): Override {
  const eq = text.indexOf('=');
  const lhs = eq < 0 ? text : text.slice(0, eq);
  const dot = lhs.indexOf('.');
  if (eq < 0 || dot < 1 || dot === lhs.length - 1) {
    throw new InputError(`expected <structure id or scenario>.<path>=<value>, e.g. --set jfhq.nodes[jjoc].capacity=3; got "${text}"`, flag);
  }
  const raw = text.slice(eq + 1);
  if (Buffer.byteLength(raw) > MAX_SET_VALUE_BYTES) {
    throw new InputError(`the value of "${lhs}" is ${Buffer.byteLength(raw).toLocaleString('en-US')} bytes, more than the ${formatBytes(MAX_SET_VALUE_BYTES)} c2sim takes for one value; put large changes in a variant file`, flag);
  }
  let value: unknown;
  try {
    value = parseYamlValue(raw);
  } catch (err) {
    throw new InputError(`the value of "${lhs}" is not valid YAML (${(err as Error).message.split('\n')[0]})`, flag);
  }
  const path = lhs.slice(dot + 1);
  splitPath(path, `${flag} ${lhs}`);
  return { target: lhs.slice(0, dot), path, value: value ?? null, from: '--set' };
}

function splitPath(path: string, where: string): { key: string; select?: string }[] {
  return path.split('.').map((seg) => {
    const m = SEGMENT.exec(seg);
    if (!m) throw new InputError(`"${seg}" is not a path segment; expected key or key[selector], e.g. nodes[jjoc].capacity`, where);
    return m[2] === undefined ? { key: m[1]! } : { key: m[1]!, select: m[2] };
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The names a list item answers to: its id, a link's from--to (either way), a track's nation. */
function namesOf(item: unknown, root: Obj): string[] {
  if (!isObj(item)) return [];
  const names: string[] = [];
  if (typeof item.id === 'string') names.push(item.id);
  // Links carry traffic both ways: either order names them.
  if (typeof item.from === 'string' && typeof item.to === 'string') names.push(`${item.from}--${item.to}`, `${item.to}--${item.from}`);
  if (Array.isArray(item.chain) && Array.isArray(root.nodes)) {
    const top = item.chain[item.chain.length - 1];
    const node = (root.nodes as unknown[]).find((n) => isObj(n) && n.id === top);
    if (isObj(node) && typeof node.nation === 'string') names.push(node.nation);
  }
  return names;
}

/** Where each override landed (as a field path with indices), to blame it for what fails there. */
export interface Applied {
  path: (string | number)[];
  override: Override;
}

/** How an override is named in messages. */
export function overrideName(o: Override): string {
  return o.from === '--set' ? `--set ${o.target}.${o.path}` : `variant ${o.from}: ${o.target}.${o.path}`;
}

/** An error an override causes: at its key in its variant's file when it has one, else named by its flag. */
export function overrideError(o: Override, problem: string): InputError {
  return o.origin ? new InputError(problem, o.origin.file, o.origin.position, `${o.target}.${o.path}`) : new InputError(problem, overrideName(o));
}

/** Applies overrides to a parsed document in place. Errors name the override. */
export function applyOverrides(root: unknown, overrides: Override[]): Applied[] {
  const applied: Applied[] = [];
  for (const o of overrides) {
    const resolved: (string | number)[] = [];
    const where = overrideName(o);
    if (!isObj(root)) throw new InputError('the document is not a mapping', where);
    const segs = splitPath(o.path, where);
    if (segs[segs.length - 1]!.key === 'id') throw overrideError(o, 'an id cannot be overridden: other entries, reports and comparisons refer to it');
    if (o.target === 'scenario' && segs.length === 1 && segs[0]!.key === 'structures') {
      throw overrideError(o, 'which structures run is chosen with --structures, not by overriding the scenario');
    }
    // A variant's key that finds nothing: the variant does not fit this document (it may fit another).
    const owner = `${o.target === 'scenario' ? 'scenario' : 'structure'} ${typeof root.id === 'string' ? root.id : o.target}`;
    const notFound = (what: string, word: string, names: string[], fallback: string, missing: string) => {
      if (!o.origin) return overrideError(o, `${what}; ${names.length ? oneOf(word, names) : fallback}`);
      const near = closest(word, names);
      const fix = near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `use variant ${o.from} with a ${o.target === 'scenario' ? 'scenario' : 'structure'} that has ${missing}, or fix the key`;
      return overrideError(o, `does not fit ${owner}, which has ${what}; ${fix}`);
    };
    let cur: Obj = root;
    let at = '';
    segs.forEach((seg, i) => {
      const last = i === segs.length - 1;
      const here = at ? `${at}.${seg.key}` : seg.key;
      if (!(seg.key in cur)) {
        // A missing last key may be an optional field: the schema decides, after.
        if (last && seg.select === undefined) {
          cur[seg.key] = o.value;
          resolved.push(seg.key);
          return;
        }
        throw notFound(`no field "${seg.key}"${at ? ` under ${at}` : ''}`, seg.key, Object.keys(cur), '', seg.select === undefined ? here : `${here}[${seg.select}]`);
      }
      resolved.push(seg.key);
      if (seg.select === undefined) {
        if (last) cur[seg.key] = o.value;
        else if (!isObj(cur[seg.key])) throw overrideError(o, `${here} is not a mapping, so it has no field "${segs[i + 1]!.key}"`);
        else cur = cur[seg.key] as Obj;
        at = here;
        return;
      }
      const list = cur[seg.key];
      if (!Array.isArray(list)) throw overrideError(o, `${here} is not a list, so [${seg.select}] selects nothing`);
      let index = /^\d+$/.test(seg.select) ? Number(seg.select) : list.findIndex((item) => namesOf(item, root).includes(seg.select!));
      if (index < 0 || index >= list.length) {
        // Listed by one name each (a link one way): the other names still match.
        const names = list.flatMap((item) => namesOf(item, root).slice(0, 1));
        const all = list.flatMap((item) => namesOf(item, root));
        const near = closest(seg.select, all);
        throw notFound(`no item "${seg.select}" in ${here}`, seg.select, near.length ? all : names, `expected an index below ${list.length}`, `${here}[${seg.select}]`);
      }
      at = `${here}[${seg.select}]`;
      resolved.push(index);
      if (last) list[index] = o.value;
      else if (!isObj(list[index])) throw overrideError(o, `${at} is not a mapping`);
      else cur = list[index] as Obj;
    });
    applied.push({ path: resolved, override: o });
  }
  return applied;
}

/** Said after an error in a document that has overrides: the file itself may be fine. */
export function overrideNote(overrides: Override[]): string {
  if (overrides.length === 0) return '';
  const names = overrides.map((o) => (o.from === '--set' ? `--set ${o.target}.${o.path}` : `variant ${o.from}`));
  return ` (after ${[...new Set(names)].join(', ')})`;
}
