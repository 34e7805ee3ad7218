/**
 * Reading data files: YAML → schema → cross-checks, with every problem reported as an
 * InputError at the file's line:column and field path. Also the bundled catalogue.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { bundledScenarios, bundledStructures, bundledVariants, packageRoot, scenariosDir, structuresDir, variantsDir } from './catalogue.js';
import { formatPath, InputError, InputErrors } from './inputError.js';
import { MAX_YAML_BYTES, readInputFile } from './inputFile.js';
import type { DocIssue } from './issue.js';
import { closest, oneOf } from './issue.js';
import { scenarioSchema, type Scenario } from './scenario.js';
import { checkScenario } from './scenarioChecks.js';
import { structureSchema, type Structure } from './structure.js';
import { applyOverrides, overrideError, overrideNote, type Override } from './override.js';
import { variantSchema, type Variant } from './variant.js';
import { citationIssues } from './citationChecks.js';
import { checkStructure } from './structureChecks.js';
import { reformIssues } from './reform.js';

export interface Loaded<T> {
  value: T;
  /** The file's text, so what-if overrides can be applied and validated afresh. */
  text: string;
  /** Overrides applied to this document (none for the file as it is). */
  overrides: Override[];
  /** The path as the user gave it (or the bundled file's path). */
  file: string;
  /** sha256 of the file's bytes: reports cite it so a changed input is visible. */
  sha256: string;
  /** Maps a field path to line:column, for errors found later (e.g. scenario × structure). */
  locate: (path: DocIssue['path']) => { line: number; col: number } | undefined;
}

export type LoadedStructure = Loaded<Structure>;
export type LoadedScenario = Loaded<Scenario>;
export type LoadedVariant = Loaded<Variant>;

function readText(file: string, what: string): string {
  return readInputFile(file, MAX_YAML_BYTES, `a ${what} file`, `a ${what} YAML file or a bundled ${what} name (see c2sim list)`);
}

function parseYaml<T>(file: string, text: string, schema: z.ZodType<T>, check: (v: T) => DocIssue[], overrides: Override[] = []): Loaded<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw errorsOf(doc.errors.map((yamlError) => {
      const pos = yamlError.linePos?.[0];
      const msg = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return new InputError(`malformed YAML: ${msg}`, file, pos && { line: pos.line, col: pos.col });
    }));
  }
  const locate = (path: DocIssue['path']) => locatePath(doc, lineCounter, path);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`cannot be read as data: ${(err as Error).message.split('\n')[0]}`, file);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('expected a YAML mapping (key: value lines) at the top level', file, { line: 1, col: 1 });
  }
  const applied = applyOverrides(raw, overrides);
  // A problem inside an overridden field is the override's, not the file's.
  const blame = (path: DocIssue['path'], message: string): InputError | undefined => {
    const o = applied.find((a) => a.path.every((p, i) => path[i] === p) || path.every((p, i) => a.path[i] === p));
    return o && overrideError(o.override, `${formatPath(path)}: ${message}`);
  };
  const toError = ({ path, message }: DocIssue) =>
    blame(path, message) ?? new InputError(message + overrideNote(overrides), file, locate(path), formatPath(path) || undefined);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw errorsOf(describeZodIssues(parsed.error.issues, raw).map(toError));
  const issues = check(parsed.data);
  if (issues.length > 0) throw errorsOf(issues.map(toError));
  return { value: parsed.data, text, overrides, file, sha256: createHash('sha256').update(text).digest('hex'), locate };
}

function locatePath(doc: Document, lc: LineCounter, path: DocIssue['path']) {
  // Walk down as far as the document goes: a missing field is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      const at = lc.linePos(node.range[0]);
      return { line: at.line, col: at.col };
    }
  }
  return undefined;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

type ZIssue = z.core.$ZodIssue;

/** One error, or all of them: `validate` lists each. The same message is reported once. */
function errorsOf(errors: InputError[]): InputError {
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.message === e.message) === i);
  const at = (e: InputError) => (e.position ? e.position.line * 1e6 + e.position.col : Number.MAX_SAFE_INTEGER);
  unique.sort((a, b) => at(a) - at(b));
  return unique.length === 1 ? unique[0]! : new InputErrors(unique);
}

/**
 * Every zod issue, described (errorsOf puts them in document order). An unknown key is usually a typo, and the cause
 * of a "missing" field reported beside it: that field is named in the unknown key's hint instead.
 */
function describeZodIssues(issues: ZIssue[], raw: unknown): DocIssue[] {
  const unknownKeyAt = (path: PropertyKey[]) => issues.some((o) => o.code === 'unrecognized_keys'
    && o.path.length === path.length - 1 && o.path.every((p, i) => path[i] === p));
  const kept = issues.filter((o) => !(valueAt(raw, o.path as PropertyKey[]) === undefined && o.path.length > 0 && unknownKeyAt(o.path)));
  // An issue naming several unknown keys is one problem per key.
  const split = kept.flatMap((o): ZIssue[] => (o.code === 'unrecognized_keys' ? o.keys.map((k) => ({ ...o, keys: [k, ...o.keys.filter((x) => x !== k)] })) : [o]));
  // Two checks failing on one value (e.g. a duration's type and its bound) are one problem.
  const described = split.map((o) => describeZodIssue(o, raw, issues));
  return described.filter((d, i) => described.findIndex((o) => formatPath(o.path) === formatPath(d.path)) === i);
}

/** A zod issue → a field path and a sentence that says what is expected. */
function describeZodIssue(issue: ZIssue, root: unknown, all: ZIssue[] = []): DocIssue {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const got = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      // Fields reported missing in the same mapping are the likely intended spellings.
      const missing = all
        .filter((o) => o.path.length === path.length + 1 && path.every((p, i) => o.path[i] === p) && valueAt(root, o.path as PropertyKey[]) === undefined)
        .map((o) => String(o.path[path.length]));
      const siblings = Object.keys((valueAt(root, path) ?? {}) as object).filter((k) => !issue.keys.includes(k));
      const near = closest(key, siblings);
      const hint = missing.length > 0 ? oneOf(key, missing)
        : near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
          : 'remove it or fix its spelling (c2sim schema lists the fields)';
      return { path: [...path, key], message: `unknown field "${key}"; ${hint}` };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (got === undefined) return { path, message: `missing; expected one of ${values.map((v) => `"${v}"`).join(', ')}` };
      return { path, message: `"${String(got)}" is not allowed; ${oneOf(String(got), values)}` };
    }
    case 'invalid_union': {
      const noMatch = issue as { note?: string; options?: unknown[] };
      if (noMatch.note === 'No matching discriminator' && Array.isArray(noMatch.options)) {
        const values = noMatch.options.map(String);
        const have = valueAt(root, path);
        if (have === undefined) return { path, message: `missing; expected one of ${values.map((v) => `"${v}"`).join(', ')}` };
        return { path, message: `"${String(have)}" is not allowed; ${oneOf(String(have), values)}` };
      }
      // Report the branch that got furthest: its issue is the one the author most likely meant.
      const branches = issue.errors.filter((b) => b.length > 0);
      if (got === undefined) return { path, message: `missing; ${issue.message.startsWith('expected') ? issue.message : 'this field is required'}` };
      const best = branches.map((b) => b[0]!).sort((a, b) => b.path.length - a.path.length)[0];
      if (best && best.path.length > 0) {
        const inner = describeZodIssue({ ...best, path: [...issue.path, ...best.path] } as ZIssue, root);
        return inner;
      }
      return { path, message: issue.message.startsWith('Invalid') ? `${JSON.stringify(got)} is not valid here` : issue.message };
    }
    case 'invalid_type':
      if (got === undefined) return { path, message: `missing; expected ${issue.expected}` };
      return { path, message: issue.message.startsWith('Invalid input') ? `expected ${issue.expected}, got ${describe(got)}` : issue.message };
    default:
      return { path, message: issue.message };
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function parseStructure(file: string, text: string, overrides: Override[] = []): LoadedStructure {
  return parseYaml(file, text, structureSchema, checkStructure, overrides);
}

export function parseScenario(file: string, text: string, overrides: Override[] = []): LoadedScenario {
  return parseYaml(file, text, scenarioSchema, checkScenario, overrides);
}

export function parseVariant(file: string, text: string): LoadedVariant {
  return parseYaml(file, text, variantSchema, (v) => citationIssues(v, v.sources, []));
}

/** A document as loaded, with what-if overrides applied on top (and validated afresh). */
export function withOverrides<T extends LoadedScenario | LoadedStructure>(doc: T, overrides: Override[]): T {
  if (overrides.length === 0) return doc;
  const all = [...doc.overrides, ...overrides];
  return ('injects' in doc.value ? parseScenario(doc.file, doc.text, all) : parseStructure(doc.file, doc.text, all)) as T;
}

// ---- bundled catalogue -------------------------------------------------------------------

export { packageRoot, scenariosDir, structuresDir, variantsDir, bundledScenarios, bundledStructures, bundledVariants } from './catalogue.js';

const looksLikePath = (ref: string) => /[\\/]/.test(ref) || /\.ya?ml$/i.test(ref);

function resolveRef(ref: string, dir: string, names: string[], what: string): string {
  if (looksLikePath(ref)) return resolve(ref);
  if (names.includes(ref)) return join(dir, `${ref}.yaml`);
  throw new InputError(`unknown ${what} "${ref}"; ${oneOf(ref, names)} (or give a path to a .yaml file)`, ref);
}

/** A bundled scenario name (`nk-irbm-overflight`) or a path to a scenario file. */
export function loadScenario(ref: string): LoadedScenario {
  const file = resolveRef(ref, scenariosDir(), bundledScenarios(), 'scenario');
  return parseScenario(looksLikePath(ref) ? ref : file, readText(file, 'scenario'));
}

/** A bundled structure name (`legacy`) or a path to a structure file. */
export function loadStructure(ref: string): LoadedStructure {
  const file = resolveRef(ref, structuresDir(), bundledStructures(), 'structure');
  return parseStructure(looksLikePath(ref) ? ref : file, readText(file, 'structure'));
}

/**
 * A reformed structure checked against its baseline (`reform.baseline`: a bundled id, or a path
 * relative to the structure's file): every difference the reform does not name, and every named
 * change that is no difference. Empty for a structure without `reform:`.
 */
export function reformProblems(doc: LoadedStructure): InputError[] {
  const reform = doc.value.reform;
  if (!reform) return [];
  const ref = looksLikePath(reform.baseline) ? join(dirname(doc.file), reform.baseline) : reform.baseline;
  let baseline: LoadedStructure;
  try {
    baseline = loadStructure(ref);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return [new InputError(`the baseline "${reform.baseline}" cannot be loaded (${err.message}); expected a bundled structure id or a path relative to this file`, doc.file, doc.locate(['reform', 'baseline']), 'reform.baseline')];
  }
  return reformIssues(baseline.value, doc.value).map((i) => new InputError(i.message, doc.file, doc.locate(i.path), formatPath(i.path) || undefined));
}

/** A bundled variant name (`stalled-transition`) or a path to a variant file. */
export function loadVariant(ref: string): LoadedVariant {
  const file = resolveRef(ref, variantsDir(), bundledVariants(), 'variant');
  return parseVariant(looksLikePath(ref) ? ref : file, readText(file, 'variant'));
}

/** What kind of document a file is, by its top-level keys (for `validate` and `graph`). */
export function sniffKind(file: string): 'scenario' | 'structure' | 'variant' | undefined {
  const text = readText(file, 'scenario or structure');
  const doc = parseDocument(text);
  const top = doc.contents;
  if (!isMap(top)) return undefined;
  const keys = new Set(top.items.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
  if (keys.has('injects')) return 'scenario';
  if (keys.has('nodes') || keys.has('authority')) return 'structure';
  if (keys.has('set')) return 'variant';
  return undefined;
}
