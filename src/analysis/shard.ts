/**
 * Shards and merge: a batch split over machines. Shard I of N runs a contiguous block of the
 * batch's runs and writes a partial result — the batch's inputs (as a report states them) and
 * its summary; `merge` checks that the parts are of the same inputs and cover every run exactly
 * once, adds their summaries (exactly, in any order), re-simulates the few runs that hold the
 * critical paths, and writes the report a single process would have written, byte for byte.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../model/inputError.js';
import { MAX_REPORT_BYTES, readJsonFile } from '../model/jsonFile.js';
import { packageRoot } from '../model/load.js';
import type { Override } from '../model/override.js';
import type { Report } from '../model/report.js';
import { assembleReport, emptySummary, finishReport, prepareBatch, type PreparedBatch } from './batch.js';
import { BatchSummary, type BatchSummaryJson } from './summary.js';

export const PARTIAL_VERSION = 1;

/** The runs of shard `index` (1-based) of `count`: a contiguous block, sizes differing by at most one. */
export function shardRange(b: { firstRun: number; runs: number }, index: number, count: number): [number, number] {
  return [b.firstRun + Math.floor(((index - 1) * b.runs) / count), b.firstRun + Math.floor((index * b.runs) / count)];
}

/** The inputs as a report states them: what parts must agree on. */
type Inputs = Omit<Report, 'decisions' | 'notes' | 'objectives'>;

function inputsOf(b: PreparedBatch): Inputs {
  const { decisions: _d, notes: _n, objectives: _o, ...inputs } = assembleReport(b, []);
  return inputs;
}

export interface Partial {
  c2simPartial: number;
  inputs: Inputs;
  shard: { index: number; count: number; firstRun: number; runs: number };
  summary: BatchSummaryJson;
}

export function partialResult(b: PreparedBatch, shard: { index: number; count: number }, summary: BatchSummary): Partial {
  const [from, to] = shardRange(b, shard.index, shard.count);
  return { c2simPartial: PARTIAL_VERSION, inputs: inputsOf(b), shard: { ...shard, firstRun: from, runs: to - from }, summary: summary.toJSON() };
}

const partialShape = z.object({
  c2simPartial: z.number(),
  inputs: z.object({
    scenario: z.object({ file: z.string(), sha256: z.string() }).passthrough(),
    structures: z.array(z.object({ file: z.string(), sha256: z.string() }).passthrough()),
    seed: z.string(),
    runs: z.number().int().positive(),
    firstRun: z.number().int().nonnegative(),
    options: z.object({
      choices: z.record(z.string(), z.string()),
      variants: z.array(z.object({ id: z.string(), file: z.string(), sha256: z.string() })),
      overrides: z.array(z.object({ target: z.string(), path: z.string(), value: z.unknown(), from: z.string() })),
      arms: z.array(z.object({
        id: z.string(),
        variants: z.array(z.object({ id: z.string(), file: z.string(), sha256: z.string() })),
        overrides: z.array(z.object({ target: z.string(), path: z.string(), value: z.unknown(), from: z.string() })),
      })),
    }),
  }).passthrough(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive(), firstRun: z.number().int().nonnegative(), runs: z.number().int().nonnegative() }),
  summary: z.object({ structures: z.array(z.string()), keys: z.array(z.string()), runs: z.number().int().nonnegative() }).passthrough(),
});

function readPartial(file: string): Partial {
  const raw = readJsonFile(file, 'a partial result written by c2sim run --shard', MAX_REPORT_BYTES, 'a partial result');
  const version = (raw as { c2simPartial?: unknown } | null)?.c2simPartial;
  if (version === undefined) throw new InputError('is not a partial result (no c2simPartial field); expected a file written by c2sim run --shard I/N', file);
  if (version !== PARTIAL_VERSION) throw new InputError(`is a partial result of version ${JSON.stringify(version)}, and this c2sim merges version ${PARTIAL_VERSION}; run the shard again with this c2sim`, file);
  const parsed = partialShape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`is not a valid partial result: ${issue.message} at ${issue.path.join('.')}`, file);
  }
  return raw as Partial;
}

/** A file a part names, as the shard saw it: relative paths from here, else the package's own. */
function locate(file: string): string {
  if (isAbsolute(file) || existsSync(file)) return file;
  const bundled = join(packageRoot(), file);
  return existsSync(bundled) ? bundled : file;
}

/** The first field in which two parts' inputs differ, for the error message. */
function firstDifference(a: Inputs, b: Inputs): string {
  const fields: [string, unknown, unknown][] = [
    ['scenario', a.scenario, b.scenario], ['structures', a.structures, b.structures], ['seed', a.seed, b.seed],
    ['runs', a.runs, b.runs], ['first run', a.firstRun, b.firstRun], ['choices, variants or overrides', a.options, b.options],
    ['tool version', a.tool, b.tool], ['schema version', a.schemaVersion, b.schemaVersion],
  ];
  const d = fields.find(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y));
  if (!d) return 'its inputs';
  const short = (v: unknown) => { const s = JSON.stringify(v); return s.length > 60 ? `${s.slice(0, 57)}…` : s; };
  return `${d[0]} (${short(d[2])} here, ${short(d[1])} there)`;
}

/** Merges the parts of one sharded batch into its report. */
export function mergeParts(files: string[]): Report {
  if (files.length === 0) throw new InputError('expected at least one partial result (c2sim run --shard I/N --out part-I.json)', 'merge');
  const parts = files.map((file) => ({ file, part: readPartial(file) }));
  const first = parts[0]!;
  const count = first.part.shard.count;
  const seen = new Map<number, string>();
  for (const { file, part } of parts) {
    if (JSON.stringify(part.inputs) !== JSON.stringify(first.part.inputs)) {
      throw new InputError(`is a shard of another batch than ${first.file}: it differs in ${firstDifference(first.part.inputs, part.inputs)}; merge parts of one batch only`, file);
    }
    if (part.shard.count !== count) throw new InputError(`is shard ${part.shard.index}/${part.shard.count}, but ${first.file} is one of ${count}; merge parts of one split only`, file);
    if (part.shard.index > count) throw new InputError(`claims to be shard ${part.shard.index} of ${count}, which has no such shard; run the shard again`, file);
    const other = seen.get(part.shard.index);
    if (other) throw new InputError(`is shard ${part.shard.index}/${count} again (also ${other}): overlapping shards; give each shard once`, file);
    seen.set(part.shard.index, file);
    const [from, to] = shardRange(part.inputs, part.shard.index, count);
    if (part.shard.firstRun !== from || part.shard.runs !== to - from || part.summary.runs !== to - from) {
      throw new InputError(`claims shard ${part.shard.index}/${count} but holds runs ${part.shard.firstRun}+${part.summary.runs}, not ${from}–${to - 1}; run the shard again`, file);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const list = missing.length > 5 ? `${missing.slice(0, 5).join(', ')}… (${missing.length} in all)` : missing.join(', ');
    throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${list} of ${count} missing; run them (c2sim run … --shard I/${count}) and merge every part`, 'merge');
  }

  // The same inputs again, from the files the parts name: critical paths re-simulate runs.
  const inputs = first.part.inputs;
  const batch = prepareBatch({
    scenario: locate(inputs.scenario.file),
    // The base arm's structures; an arm's columns (`<structure>@<arm>`) are derived from them.
    structures: inputs.structures.filter((s) => !s.id.includes('@')).map((s) => locate(s.file)),
    seed: inputs.seed,
    runs: inputs.runs,
    firstRun: inputs.firstRun,
    choices: inputs.options.choices,
    variants: inputs.options.variants.map((v) => locate(v.file)),
    overrides: inputs.options.overrides.filter((o) => o.from === '--set') as Override[],
    arms: (inputs.options.arms ?? []).map((a) => ({
      id: a.id,
      variants: a.variants.map((v) => locate(v.file)),
      overrides: a.overrides.filter((o) => o.from === '--set') as Override[],
    })),
  });
  if (JSON.stringify(inputsOf(batch)) !== JSON.stringify(inputs)) {
    throw new InputError(`was made from inputs that have changed since: ${firstDifference(inputs, inputsOf(batch))}; run the shards again`, first.file);
  }
  const summary = emptySummary(batch);
  for (const { file, part } of parts) {
    try {
      summary.merge(BatchSummary.fromJSON(part.summary));
    } catch (err) {
      throw new InputError(`holds a summary that is damaged or does not fit the others (${(err as Error).message}); run the shard again`, file);
    }
  }
  return finishReport(batch, summary);
}
