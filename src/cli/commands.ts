/** The subcommands: each reads its inputs through the library and hands the result to a renderer. */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { eachProblem, InputError, InputErrors } from '../model/inputError.js';
import { oneOf } from '../model/issue.js';
import { parseSet } from '../model/override.js';
import {
  bundledScenarios, bundledStructures, bundledVariants, loadScenario, loadStructure, loadVariant, reformProblems, sniffKind,
  type LoadedScenario, type LoadedStructure, type LoadedVariant,
} from '../model/load.js';
import { jsonSchema, SCHEMA_NAMES, type SchemaName } from '../model/jsonSchema.js';
import { compilePlan } from '../engine/plan.js';
import { decisionStatechart } from '../engine/simulation.js';
import { DEFAULT_RUNS, emptySummary, finishReport, prepareBatch, resolveStructures, simulateRuns, type BatchOptions } from '../analysis/batch.js';
import { defaultWorkers, simulateRunsParallel } from '../analysis/parallel.js';
import { mergeParts, partialResult, shardRange } from '../analysis/shard.js';
import type { Interpreter } from '../engine/simulation.js';
import { checkVariant } from '../analysis/variantCheck.js';
import { plural } from '../report/plural.js';
import { PlaySession } from '../analysis/playSession.js';
import { recordSession, replay } from '../analysis/recording.js';
import { debriefText } from '../report/debrief.js';
import { nodeNameMap } from '../report/nodeNames.js';
import { compareReports, readReport } from '../analysis/compare.js';
import { comparisonText } from '../report/compareText.js';
import { comparisonMarkdown, reportMarkdown } from '../report/markdown.js';
import { comparisonHtml, reportHtml } from '../report/html.js';
import { summaryTable } from '../report/table.js';
import { rangesText } from '../report/rangesText.js';
import { rangedInputs, setArgument } from '../model/ranges.js';
import { studyInputs, studySets } from '../model/studyInputs.js';
import { columns, TERMINAL_WIDTH, wrapLine } from '../report/textWidth.js';
import { statechartGraph } from '../report/statechartGraph.js';
import { structureGraph } from '../report/structureGraph.js';
import { AtomicFileWriter, print, printMessage, printNote, Progress, writeAtomic } from './output.js';
import { abortResultFiles, emitResult, openResultFiles } from './resultFiles.js';
import { comparisonCsv, reportCsv, sensitivityCsv, sweepCsv } from '../report/csv.js';
import { checkSweep, parseSweepSet, parseSweepVariants, runSweep, type SweepDimension, type SweepPoint } from '../analysis/sweep.js';
import { sweepHtml } from '../report/sweepHtml.js';
import { SWEEP_PAIRING_NOTE, sweepText } from '../report/sweepText.js';
import { eventLines } from '../report/eventLines.js';
import { runSensitivity } from '../analysis/sensitivity.js';
import { sensitivityText } from '../report/tornado.js';
import { sensitivityHtml } from '../report/sensitivityHtml.js';
import type { Report } from '../model/report.js';
import type { ArmFlag } from './args.js';

export interface RunFlags {
  variant?: string[];
  set?: string[];
  structures?: string[];
  seed?: number;
  runs?: number;
  firstRun?: number;
  choose?: Record<string, string>;
  json?: boolean;
  out?: string;
  csv?: string;
  events?: string;
  workers?: number;
  shard?: { index: number; count: number };
  interpreter?: Interpreter;
  arm?: ArmFlag[];
}

export async function runCommand(scenarioRef: string, flags: RunFlags): Promise<void> {
  const opts: BatchOptions = {
    scenario: loadScenario(scenarioRef),
    ...(flags.structures ? { structures: flags.structures } : {}),
    seed: flags.seed ?? 1,
    runs: flags.runs ?? DEFAULT_RUNS,
    firstRun: flags.firstRun ?? 0,
    choices: flags.choose ?? {},
    variants: flags.variant ?? [],
    overrides: (flags.set ?? []).map((t) => parseSet(t)),
    ...(flags.interpreter ? { interpreter: flags.interpreter } : {}),
    ...(flags.arm ? { arms: flags.arm.map((a) => ({ id: a.id, variants: a.variants, overrides: a.sets.map((t) => parseSet(t, `--arm ${a.id}`)) })) } : {}),
    onNote: printNote,
  };
  if (flags.csv && flags.shard) throw new InputError('a shard has no summary tables; write the CSV from the merged report: c2sim merge … --csv FILE', '--csv');
  if (flags.events && flags.workers !== undefined) {
    throw new InputError('writes every run\'s detail as it is simulated, in one thread; drop --workers', '--events');
  }
  const batch = prepareBatch(opts);
  const [from, to] = flags.shard ? shardRange(batch, flags.shard.index, flags.shard.count) : [batch.firstRun, batch.firstRun + batch.runs];
  const label = flags.shard ? `${batch.scenario.value.id} ${flags.shard.index}/${flags.shard.count}` : batch.scenario.value.id;
  const progress = new Progress(label);
  let summary;
  if (flags.events) {
    // Every run's full result exists only as it is simulated: one thread, each run written as it ends.
    const events = new AtomicFileWriter(flags.events, '--events');
    try {
      let done = 0;
      // Results come column by column within each run: base structures, then each arm's.
      let column = 0;
      summary = simulateRuns(batch, from, to, emptySummary(batch), {
        onRun: (r) => events.write(eventLines(r, batch.columns[column++ % batch.columns.length]!.id)),
        onRunDone: () => progress.update(++done, to - from),
      });
      events.commit();
    } catch (err) {
      events.abort();
      throw err;
    }
    progress.done();
    printMessage(`events written to ${flags.events}`);
  } else {
    summary = await simulateRunsParallel(batch, from, to, flags.workers ?? defaultWorkers(), (done) => progress.update(done, to - from));
    progress.done();
  }
  if (flags.shard) {
    const json = JSON.stringify(partialResult(batch, flags.shard, summary)) + '\n';
    if (flags.out) {
      writeAtomic(flags.out, json);
      printMessage(`shard ${flags.shard.index}/${flags.shard.count} (runs ${from}–${to - 1}) written to ${flags.out}`);
    } else {
      print(json);
    }
    return;
  }
  emitReport(finishReport(batch, summary), flags);
}

/** A report: the table on stdout (or the JSON with --json), and the JSON written to --out. */
function emitReport(report: Report, flags: { json?: boolean; out?: string; csv?: string }): void {
  const json = JSON.stringify(report, null, 2) + '\n';
  emitResult([
    { flag: '--out', to: flags.out, what: 'report', text: () => json },
    { flag: '--csv', to: flags.csv, what: 'summary table', text: () => reportCsv(report) },
  ], flags.json ? json : summaryTable(report));
}

export function mergeCommand(files: string[], flags: { json?: boolean; out?: string; csv?: string }): void {
  emitReport(mergeParts(files), flags);
}

/** A path that exists, else a bundled name (scenarios first). */
function resolveDocument(ref: string): { kind: 'scenario'; doc: LoadedScenario } | { kind: 'structure'; doc: LoadedStructure } | { kind: 'variant'; doc: LoadedVariant } {
  if (existsSync(ref) && statSync(ref).isDirectory()) throw new InputError('is a directory; expected a scenario or structure YAML file', ref);
  if (existsSync(ref) && statSync(ref).isFile()) {
    const kind = sniffKind(ref);
    if (kind === 'scenario') return { kind, doc: loadScenario(ref.includes('/') ? ref : `./${ref}`) };
    if (kind === 'structure') return { kind, doc: loadStructure(ref.includes('/') ? ref : `./${ref}`) };
    if (kind === 'variant') return { kind, doc: loadVariant(ref.includes('/') ? ref : `./${ref}`) };
    // Not recognisable: let the scenario loader report what is wrong with it.
    return { kind: 'scenario', doc: loadScenario(ref.includes('/') ? ref : `./${ref}`) };
  }
  if (bundledScenarios().includes(ref)) return { kind: 'scenario', doc: loadScenario(ref) };
  if (bundledStructures().includes(ref)) return { kind: 'structure', doc: loadStructure(ref) };
  if (bundledVariants().includes(ref)) return { kind: 'variant', doc: loadVariant(ref) };
  if (/[\\/]|\.ya?ml$/i.test(ref)) throw new InputError('no such file; expected a scenario or structure YAML file', ref);
  throw new InputError(`unknown scenario, structure or variant "${ref}"; ${oneOf(ref, [...bundledScenarios(), ...bundledStructures(), ...bundledVariants()])}`, ref);
}

/** `ok  file  details` on one line if it fits 80 columns; else the details below, wrapped (a path is never cut). */
function okLine(file: string, details: string): string {
  const one = `ok  ${file}  ${details}`;
  return (columns(one) <= TERMINAL_WIDTH ? [one] : [`ok  ${file}`, ...wrapLine(`    ${details}`)]).join('\n') + '\n';
}

/** Validates every file; reports each problem on its own line. Returns the number that failed. */
export function validateCommand(refs: string[]): number {
  let failed = 0;
  for (const ref of refs) {
    try {
      const r = resolveDocument(ref);
      if (r.kind === 'variant') {
        const { appliedTo, note } = checkVariant(r.doc);
        print(okLine(r.doc.file, `variant ${r.doc.value.id}: ${plural(Object.keys(r.doc.value.set).length, 'override')}${appliedTo ? `, applied to ${appliedTo}` : ''}`));
        if (note) printNote(note);
      } else if (r.kind === 'structure') {
        const s = r.doc.value;
        // A reformed structure may differ from its baseline only where its reform says.
        const problems = reformProblems(r.doc);
        if (problems.length > 0) throw new InputErrors(problems);
        const reform = s.reform ? `; differs from ${s.reform.baseline} only in its ${plural(s.reform.changes.length, 'reform change')}` : '';
        print(okLine(r.doc.file, `structure ${s.id}: ${plural(s.nodes.length, 'node')}, ${plural(s.links.length, 'link')}, ${plural(Object.keys(s.authority).length, 'decision kind')}${reform}`));
      } else {
        const s = r.doc.value;
        // A scenario is only valid against the structures it names: check each pairing, and
        // report the problems of every pairing, not only the first's.
        const problems: InputError[] = [];
        for (const id of s.structures) {
          try {
            compilePlan(r.doc, loadStructure(id));
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            problems.push(...eachProblem(err));
          }
        }
        if (problems.length > 0) throw new InputErrors(problems);
        print(okLine(r.doc.file, `scenario ${s.id}: ${plural(s.injects.length, 'inject')}, ${plural(s.decisionPoints.length, 'decision point')}${s.assets?.length ? `, ${plural(s.assets.length, 'magazine or sortie pool', 'magazines and sortie pools')}` : ''}, checked against ${s.structures.join(', ')}`));
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const problem of eachProblem(err)) printMessage(problem.message);
      failed++;
    }
  }
  return failed;
}

export function graphCommand(ref: string, flags: { format: string; decision?: string; structure?: string }): void {
  const format = flags.format;
  if (format !== 'mermaid' && format !== 'dot') throw new InputError(`unknown format "${format}"; ${oneOf(format, ['mermaid', 'dot'])}`, '--format');
  const r = resolveDocument(ref);
  if (r.kind === 'variant') throw new InputError('is a variant, which has no graph of its own; graph the structure it changes (or a scenario with --decision)', ref);
  if (r.kind === 'structure') {
    if (flags.decision) throw new InputError('needs a scenario (a decision is demanded by an inject); give a scenario, or drop --decision', '--decision');
    print(structureGraph(r.doc.value, format));
    return;
  }
  const scenario = r.doc;
  const all = scenario.value.injects.flatMap((inj) => inj.decisions.map((d) => ({ inj, d })));
  const names = [...new Set(all.flatMap(({ inj, d }) => [d.kind, d.id, `${inj.id}/${d.id}`]))];
  if (!flags.decision) {
    throw new InputError(`a scenario has one statechart per decision; add --decision <kind or id>, e.g. --decision ${all[0]?.d.kind ?? 'public-warning'}`, '--decision');
  }
  const match = all.find(({ inj, d }) => flags.decision === `${inj.id}/${d.id}` || flags.decision === d.id || flags.decision === d.kind);
  if (!match) throw new InputError(`no decision "${flags.decision}" in ${scenario.value.id}; ${oneOf(flags.decision, names)}`, '--decision');
  const structureId = flags.structure ?? scenario.value.structures[0]!;
  const plan = compilePlan(scenario, loadStructure(structureId));
  const machine = decisionStatechart(plan, match.inj.id, match.d.id)!;
  print(statechartGraph(machine as unknown as AnyStateMachine, format, `${match.inj.id}/${match.d.id} (${match.d.kind}) — ${plan.structure.id}`));
}

export function schemaCommand(name: string): void {
  if (!(SCHEMA_NAMES as readonly string[]).includes(name)) {
    throw new InputError(`unknown schema "${name}"; ${oneOf(name, SCHEMA_NAMES)}`, 'schema');
  }
  print(JSON.stringify(jsonSchema(name as SchemaName), null, 2) + '\n');
}

export interface PlayFlags {
  structures?: string[];
  seed?: number;
  run?: number;
  record?: string;
  report?: string;
}

/** Interactive play. Needs a terminal; Ink and React are loaded only here. */
export async function playCommand(scenarioRef: string | undefined, flags: PlayFlags): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new InputError('needs a terminal (stdin and stdout); for a scripted run use c2sim run <scenario>, or c2sim replay <recording>', 'play');
  }
  if (flags.structures && (flags.structures.length < 1 || flags.structures.length > 2)) {
    throw new InputError(`play shows one or two structures side by side, got ${flags.structures.length}`, '--structures');
  }
  const seed = flags.seed ?? 1;
  const runIndex = flags.run ?? 0;
  // Everything the user named is checked before the screen is taken over.
  const structures = flags.structures?.map((ref) => loadStructure(ref));
  for (const [flag, file] of [['--record', flags.record], ['--report', flags.report]] as const) {
    if (file) checkWritable(file, flag);
  }
  const open = (ref: string) => {
    const scenario = loadScenario(ref);
    return new PlaySession(scenario, resolveStructures(scenario, structures), seed, runIndex);
  };
  const initial = scenarioRef ? open(scenarioRef) : undefined;
  let completed = false;
  const scenarios = bundledScenarios().map((id) => loadScenario(id).value);
  const reportPath = flags.report ?? `c2sim-${initial?.scenario.value.id ?? 'play'}-seed${seed}-run${runIndex}.json`;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
  // Ink and its colour detection read CI at import and then draw nothing until exit; this is a
  // terminal (checked above), so the person at it gets the interactive screen.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runPlayUi } = await import('../ui/play.js');
  await runPlayUi({
    scenarios: scenarios.map((s) => ({ id: s.id, title: s.title, summary: s.summary })),
    ...(initial ? { initial } : {}),
    open,
    reportPath,
    writeReport: (session) => {
      const path = flags.report ?? `c2sim-${session.scenario.value.id}-seed${seed}-run${runIndex}.json`;
      writeAtomic(path, JSON.stringify(session.report(), null, 2) + '\n', '--report');
      return path;
    },
    onComplete: (session) => {
      completed = true;
      if (!flags.record) return undefined;
      try {
        writeAtomic(flags.record, JSON.stringify(recordSession(session, flags.record), null, 2) + '\n', '--record');
        return `Session recorded to ${flags.record} (c2sim replay ${flags.record})`;
      } catch (err) {
        return `Could not record the session: ${(err as Error).message}`;
      }
    },
  });
  if (flags.record && !completed) printMessage(`session not recorded to ${flags.record}: quit before the end`);
}

/** A file we will write later must be writable now: nothing is lost at the end of a session. */
function checkWritable(file: string, flag: string): void {
  const dir = dirname(resolve(file));
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`cannot write "${file}": ${existsSync(dir) ? 'its directory is not writable' : 'its directory does not exist'}; expected a writable file path`, flag);
  }
}

/** Replays a recorded session without a terminal: the debrief, or the report with --json. */
export function replayCommand(file: string, flags: { json?: boolean; out?: string }): void {
  const session = replay(file, printMessage);
  const report = session.report();
  const json = JSON.stringify(report, null, 2) + '\n';
  if (flags.out) writeAtomic(flags.out, json);
  print(flags.json ? json : debriefText(report, { nodeNames: nodeNameMap(session.structures.map((s) => s.value)) }) + '\n');
}

export interface RenderFlags {
  json?: boolean;
  markdown?: boolean;
  html?: string;
  csv?: string;
}

function oneFormat(flags: RenderFlags): void {
  const n = [flags.json, flags.markdown].filter(Boolean).length;
  if (n > 1) throw new InputError('choose one of --json and --markdown (--html writes a file beside either)', '--json');
}

/** Two reports side by side: what differs, and whether each change is larger than noise. */
export function compareCommand(fileA: string, fileB: string, flags: RenderFlags): void {
  oneFormat(flags);
  const a = readReport(fileA);
  const b = readReport(fileB);
  if (a.scenario.id !== b.scenario.id) {
    throw new InputError(`${fileA} is scenario "${a.scenario.id}" and ${fileB} is "${b.scenario.id}"; compare reports of the same scenario (its decisions are what is compared)`, 'compare');
  }
  const comparison = compareReports(a, b, { a: fileA, b: fileB });
  emitResult([
    { flag: '--csv', to: flags.csv, what: 'comparison table', text: () => comparisonCsv(comparison) },
    { flag: '--html', to: flags.html, what: 'comparison', text: () => comparisonHtml(comparison, a, b) },
  ], flags.json ? JSON.stringify(comparison, null, 2) + '\n' : flags.markdown ? comparisonMarkdown(comparison, a, b) : comparisonText(comparison));
}

/** One report rendered again: the summary table, an after-action report, or an HTML page. */
export function reportCommand(file: string, flags: Omit<RenderFlags, 'json' | 'csv'>): void {
  const report = readReport(file);
  emitResult([{ flag: '--html', to: flags.html, what: 'report', text: () => reportHtml(report) }], flags.markdown ? reportMarkdown(report) : summaryTable(report));
}

/** Every ranged input of a scenario and its structures: the list a sensitivity study moves. */
export function rangesCommand(scenarioRef: string, flags: { structures?: string[]; json?: boolean }): void {
  const scenario = loadScenario(scenarioRef);
  const structures = resolveStructures(scenario, flags.structures);
  const inputs = rangedInputs(scenario.value, structures.map((s) => s.value));
  const study = studyInputs(scenario.value, structures.map((s) => s.value));
  if (flags.json) {
    print(JSON.stringify({
      scenario: scenario.value.id,
      structures: structures.map((s) => s.value.id),
      inputs: inputs.map((r) => ({ ...r, lowSet: setArgument(r, 'low'), highSet: setArgument(r, 'high') })),
      delegations: study.filter((i) => i.kind === 'presence').map((i) => ({
        targets: i.targets, path: i.path, confidence: i.confidence, lowSet: studySets(i, 0).join('; '), highSet: studySets(i, 1).join('; '),
      })),
      shared: study.filter((i) => i.targets.length > 1 && i.kind !== 'presence').map((i) => ({ targets: i.targets, path: i.path })),
      studyInputs: study.length,
    }, null, 2) + '\n');
    return;
  }
  print(rangesText(`${scenario.value.id} on ${structures.map((s) => s.value.id).join(', ')}`, inputs, study));
}

export interface SweepFlags extends Omit<RunFlags, 'set' | 'events' | 'shard' | 'firstRun' | 'arm'> {
  /** `target.path=v1,v2,…`, as written. */
  set?: string[];
  /** Variants to sweep over (`none`: the inputs as they are). */
  variants?: string[];
  html?: string;
}

/** The same batch at each value of one or two inputs (or each variant), each point with the same seed. */
export async function sweepCommand(scenarioRef: string, flags: SweepFlags): Promise<void> {
  const dims = [...(flags.variants ? [parseSweepVariants(flags.variants)] : []), ...(flags.set ?? []).map(parseSweepSet)];
  checkSweep(dims);
  // Files are opened now, so a bad path fails before the points run.
  const [html] = openResultFiles([[flags.html, '--html']]);
  const base: BatchOptions = {
    scenario: loadScenario(scenarioRef),
    ...(flags.structures ? { structures: flags.structures } : {}),
    seed: flags.seed ?? 1,
    runs: flags.runs ?? DEFAULT_RUNS,
    choices: flags.choose ?? {},
    variants: flags.variant ?? [],
    onNote: printNote,
  };
  const progress = new Progress(`sweep ${(base.scenario as LoadedScenario).value.id}`);
  let points: SweepPoint[];
  try {
    points = await runSweep(base, dims, flags.workers ?? defaultWorkers(), (done, total) => progress.update(done, total));
  } catch (err) {
    abortResultFiles([html]);
    throw err;
  } finally {
    progress.done();
  }
  const json = JSON.stringify(sweepJson(dims, points, flags.variant?.length ?? 0), null, 2) + '\n';
  emitResult([
    { flag: '--html', to: html, what: 'sweep page', text: () => sweepHtml(dims, points) },
    { flag: '--out', to: flags.out, what: 'sweep', text: () => json },
    { flag: '--csv', to: flags.csv, what: 'sweep table', text: () => sweepCsv(points, flags.variant?.length ?? 0) },
  ], flags.json ? json : sweepText(dims, points));
}

/** A sweep as JSON: per point and decision, each structure's figures and the paired difference. */
function sweepJson(dims: SweepDimension[], points: SweepPoint[], fixedVariants: number) {
  const first = points[0]!.report;
  // What every point shares: the variants given with --variant, not a point's own.
  const own = new Set(first.options.variants.slice(fixedVariants).map((v) => v.id));
  return {
    sweep: {
      tool: first.tool,
      scenario: first.scenario,
      structures: first.structures,
      seed: first.seed,
      runs: first.runs,
      options: {
        ...first.options,
        variants: first.options.variants.slice(0, fixedVariants),
        overrides: first.options.overrides.filter((o) => !dims.some((d) => d.path === `${o.target}.${o.path}`) && !own.has(o.from)),
      },
      dimensions: dims,
      note: SWEEP_PAIRING_NOTE,
    },
    points: points.map((p) => ({
      values: p.values,
      set: p.set,
      variants: p.report.options.variants.slice(fixedVariants).map((v) => v.id),
      decisions: p.report.decisions.map((d) => ({
        inject: d.inject,
        decision: d.decision,
        kind: d.kind,
        deadline_s: d.deadline_s,
        structures: Object.fromEntries(Object.entries(d.structures).map(([id, r]) => [id, {
          instances: r.instances,
          executed: r.executed,
          p50_s: r.latency_s?.p50_s ?? null,
          p50_ci95_s: r.latency_s?.p50_ci95_s ?? null,
          p90_s: r.latency_s?.p90_s ?? null,
          mean_s: r.latency_s?.mean_s ?? null,
          mean_ci95_s: r.latency_s?.mean_ci95_s ?? null,
          onTime: r.outcomes ? { rate: r.outcomes.onTime.rate, ci95: r.outcomes.onTime.ci95 } : null,
        }])),
        paired: d.paired.map((x) => ({ baseline: x.baseline, candidate: x.candidate, meanDifference_s: x.meanDifference_s, ci95_s: x.ci95_s, verdict: x.verdict })),
      })),
    })),
  };
}

export interface SensitivityFlags extends Pick<RunFlags, 'structures' | 'seed' | 'runs' | 'choose' | 'variant' | 'json' | 'out' | 'csv' | 'workers'> {
  html?: string;
}

/** One at a time over every ranged input: tornado per decision, verdict flips by bisection. */
export async function sensitivityCommand(scenarioRef: string, flags: SensitivityFlags): Promise<void> {
  const scenario = loadScenario(scenarioRef);
  const files = openResultFiles([[flags.out, '--out'], [flags.html, '--html'], [flags.csv, '--csv']]);
  const [out, html, csv] = files;
  let progress: Progress | undefined;
  let phase = '';
  let study;
  try {
    study = await runSensitivity({
      scenario,
      ...(flags.structures ? { structures: flags.structures } : {}),
      seed: flags.seed ?? 1,
      runs: flags.runs ?? 200,
      choices: flags.choose ?? {},
      variants: flags.variant ?? [],
      onNote: printNote,
      workers: flags.workers ?? defaultWorkers(),
      onProgress: (p, done, total) => {
        if (p !== phase) {
          progress?.done();
          progress = new Progress(`sensitivity ${scenario.value.id}: ${p}`);
          phase = p;
        }
        progress!.update(done, total);
      },
    });
  } catch (err) {
    abortResultFiles(files);
    throw err;
  } finally {
    progress?.done();
  }
  const json = JSON.stringify(study, null, 2) + '\n';
  emitResult([
    { flag: '--out', to: out, what: 'sensitivity', text: () => json },
    { flag: '--html', to: html, what: 'sensitivity page', text: () => sensitivityHtml(study) },
    { flag: '--csv', to: csv, what: 'sensitivity table', text: () => sensitivityCsv(study) },
  ], flags.json ? json : sensitivityText(study));
}
