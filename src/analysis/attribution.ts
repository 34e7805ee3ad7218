/**
 * Attribution: which elements of a reform make each decision faster or slower. Every subset of
 * the reform's elements is the baseline with those elements applied, simulated as an arm of
 * one batch (the same runs, common random numbers); an element's Shapley value is its marginal
 * effect on the restricted mean time to execution, averaged over the orders in which the
 * elements could be added. The values are computed run by run (each run's Shapley values sum to
 * that run's difference exactly), so their mean and t interval come from the same paired runs
 * as the total. Per-run values do not fold into the batch summary: workers hand back each
 * run's values, put back in run order (attributionParallel.ts).
 */
import { InputError } from '../model/inputError.js';
import { loadScenario, withOverrides, type LoadedScenario, type LoadedStructure } from '../model/load.js';
import { reformIssues } from '../model/reform.js';
import { MAX_REFORM_ELEMENTS, reformElements, reformSubsetOverrides, type ReformElement } from '../model/reformElements.js';
import { eachProblem, formatPath } from '../model/inputError.js';
import type { Attribution } from '../model/attribution.js';
import { decisionKeys, prepareBatch, resolveStructures, type BatchArm } from './batch.js';
import { meanInterval } from './stats.js';
import { attributionRunValuesParallel } from './attributionParallel.js';
import { toolVersion } from '../model/catalogue.js';
import { displayPath } from './batch.js';

export interface AttributionOptions {
  scenario: LoadedScenario | string;
  /** [baseline, reformed]: the reformed structure's `reform.baseline` names the first. */
  structures?: Array<LoadedStructure | string>;
  runs?: number;
  seed?: number | string;
  choices?: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads (default 1: this thread); the result is the same for any number. */
  workers?: number;
}

const armId = (mask: number) => `subset-${mask}`;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const ci3 = (ci: [number, number] | undefined): [number, number] | null => (ci ? [r3(ci[0]), r3(ci[1])] : null);

/** |S|! (G − |S| − 1)! / G!: the share of orders in which exactly S precedes an element. */
function shapleyWeights(g: number): number[] {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  return Array.from({ length: g }, (_, s) => (fact(s) * fact(g - s - 1)) / fact(g));
}

const popcount = (m: number) => { let n = 0; for (let x = m; x; x &= x - 1) n++; return n; };

export async function runAttribution(opts: AttributionOptions): Promise<Attribution> {
  const scenario = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario;
  const structures = resolveStructures(scenario, opts.structures);
  if (structures.length !== 2) {
    throw new InputError(`expected two structures, the baseline and the one that reforms it (e.g. --structures legacy,jfhq); got ${structures.length}`, '--structures');
  }
  const [baseline, reformed] = structures as [LoadedStructure, LoadedStructure];
  const reform = reformed.value.reform;
  if (!reform || reform.baseline.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '') !== baseline.value.id) {
    throw new InputError(`${reformed.value.id} does not reform ${baseline.value.id} (its reform.baseline is ${reform ? `"${reform.baseline}"` : 'absent'}); expected --structures <baseline>,<reformed>`, '--structures');
  }
  const issue = reformIssues(baseline.value, reformed.value)[0];
  if (issue) throw new InputError(`${formatPath(issue.path)}: ${issue.message}`, reformed.file);
  if (reform.changes.length === 0) throw new InputError('reform.changes is empty: nothing to attribute', reformed.file);

  const all = reformElements(baseline.value, reformed.value, Number.POSITIVE_INFINITY);
  const elements = reformElements(baseline.value, reformed.value, MAX_REFORM_ELEMENTS);
  const g = elements.length;
  const masks = Array.from({ length: (1 << g) - 1 }, (_, i) => i + 1);
  const arms: BatchArm[] = masks.map((mask) => ({
    id: armId(mask),
    overrides: reformSubsetOverrides(baseline, reformed, elements.filter((_, e) => mask & (1 << e)).flatMap((e) => e.changes), `reform ${reformed.value.id}`),
  }));
  // Every subset must be a structure of its own: a change that needs another (a link to a new
  // node) must share its element. Checked first, so the error names the elements.
  arms.forEach((arm, i) => {
    try {
      withOverrides(baseline, arm.overrides!);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const names = elements.filter((_, e) => masks[i]! & (1 << e)).map((e) => `"${e.name}"`).join(' + ');
      const first = eachProblem(err)[0]!.problem.replace(/\s+/g, ' ');
      throw new InputError(`${baseline.value.id} with only ${names} of the reform is not a valid structure (${first}); put changes that need each other in one element (reform.changes[].element)`, reformed.file);
    }
  });
  const batch = prepareBatch({ scenario, structures: [baseline], seed: opts.seed, runs: opts.runs, choices: opts.choices, arms });

  const keys = decisionKeys(batch.scenario);
  const weights = shapleyWeights(g);
  // Per decision: the runs' total differences and each element's Shapley value, run by run.
  const totals = keys.map(() => [] as number[]);
  const phis = keys.map(() => elements.map(() => [] as number[]));
  const baseMeans = keys.map(() => [] as number[]);
  const fullMeans = keys.map(() => [] as number[]);
  const columns = batch.plans.length;
  const runValues = await attributionRunValuesParallel(batch, opts.workers ?? 1, opts.onProgress && ((done) => opts.onProgress!(done * columns, batch.runs * columns)));
  for (const values of runValues) {
    keys.forEach((_, k) => {
      // Column 0 is the baseline (empty subset); column `mask` is arm subset-mask.
      const v = values.map((row) => row[k]);
      if (v.some((x) => x === null)) return;
      const at = (mask: number) => v[mask]!;
      totals[k]!.push(at((1 << g) - 1) - at(0));
      baseMeans[k]!.push(at(0));
      fullMeans[k]!.push(at((1 << g) - 1));
      elements.forEach((_, e) => {
        let phi = 0;
        for (let s = 0; s < 1 << g; s++) if (!(s & (1 << e))) phi += weights[popcount(s)]! * (at(s | (1 << e)) - at(s));
        phis[k]![e]!.push(phi);
      });
    });
  }

  const mergedNote = all.length > elements.length
    ? [`The reform has ${all.length} elements; the smallest were merged to keep ${MAX_REFORM_ELEMENTS} (2^${MAX_REFORM_ELEMENTS} subsets to simulate).`] : [];
  return {
    attribution: {
      tool: { name: 'c2sim', version: toolVersion() },
      scenario: { id: scenario.value.id, file: displayPath(scenario.file), sha256: scenario.sha256 },
      baseline: { id: baseline.value.id, file: displayPath(baseline.file), sha256: baseline.sha256 },
      reformed: { id: reformed.value.id, file: displayPath(reformed.file), sha256: reformed.sha256 },
      seed: batch.seed,
      runs: batch.runs,
      subsets: 1 << g,
      notes: [
        `Each subset of the reform's elements is ${baseline.value.id} with those elements' changes applied, simulated on the same runs (common random numbers). An element's share is its Shapley value: its effect on the restricted mean time to execution (misses censored), averaged over every order of adding the elements; the shares add up to the whole difference. Intervals are 95% t intervals over the paired runs, from each run's Shapley values.`,
        ...mergedNote,
      ],
    },
    elements: elements.map((e) => ({
      name: e.name,
      merged: e.merged,
      changes: e.changes.map((i) => reform.changes[i]!.path),
    })),
    decisions: keys.map((key, k) => {
      const slash = key.indexOf('/');
      const total = meanInterval(totals[k]!);
      const pairs = totals[k]!.length;
      return {
        inject: key.slice(0, slash),
        decision: key.slice(slash + 1),
        pairs,
        baseline_s: pairs ? r3(meanInterval(baseMeans[k]!).mean) : null,
        reformed_s: pairs ? r3(meanInterval(fullMeans[k]!).mean) : null,
        difference_s: pairs ? r3(total.mean) : null,
        ci95_s: pairs ? ci3(total.ci95) : null,
        elements: elements.map((e: ReformElement, i) => {
          const phi = meanInterval(phis[k]![i]!);
          return { element: e.name, shapley_s: pairs ? r3(phi.mean) : null, ci95_s: pairs ? ci3(phi.ci95) : null };
        }),
      };
    }),
  };
}
