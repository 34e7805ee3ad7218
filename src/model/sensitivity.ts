/**
 * The result of `c2sim sensitivity <scenario> --json`, versioned, with a published schema
 * (`c2sim schema sensitivity`). Times are seconds and say so in their field names; every paired
 * estimate carries its 95% t-interval (null when too few runs pair).
 */
import { z } from 'zod';

export const SENSITIVITY_VERSION = 1;

const interval = z.tuple([z.number(), z.number()]).nullable();
const verdict = z.enum(['faster', 'slower', 'no difference beyond noise', 'too few pairs', 'not demanded in both']);

const change = z.strictObject({
  change_s: z.number().nullable().meta({ description: 'Mean over paired runs of the per-run change in restricted mean time to execution (a miss counts at its censoring time)' }),
  ci95_s: interval,
});

const difference = z.strictObject({
  baseline: z.string(),
  candidate: z.string(),
  change_s: z.number().nullable().meta({ description: 'How much the input moves candidate − baseline: per run, (candidate@input − baseline@input) − (candidate − baseline), averaged over runs where all four faced the decision' }),
  ci95_s: interval.meta({ description: 't-interval over those runs of the per-run contrast (paired, common random numbers)' }),
  difference_s: z.number().nullable().meta({ description: 'candidate − baseline with the input at this value (paired over runs)' }),
  difference_ci95_s: interval,
  verdict: verdict.meta({ description: 'candidate against baseline with the input at this value' }),
});

const side = z.strictObject({
  factor: z.number().meta({ description: 'The input\'s value as a factor of its base (its range\'s low or high end); a delegation: 0 absent, 1 present' }),
  value: z.string().meta({ description: 'The value, as --set writes it (YAML; seconds for durations); a delegation: "absent" or "present"' }),
  set: z.string().meta({ description: 'The --set argument that puts the input at this value; one per target, joined by "; ", when it is set in several structures' }),
  structures: z.record(z.string(), change).meta({ description: 'Per structure: its latency with the input here − its latency at base (0 exactly for a structure the input is not part of)' }),
  differences: z.array(difference),
});

const targets = z.array(z.string()).min(2).optional()
  .meta({ description: 'Present when the input is the same in several structures and outside their reform: it is moved in all of them at once (target joins them with "+")' });

const input = z.strictObject({
  target: z.string().meta({ description: 'A structure id, "scenario", or structure ids joined by "+" (see targets)' }),
  targets,
  path: z.string().meta({ description: 'The --set path under each target; a delegation: authority.<kind>[<nation>].delegations[<index>]' }),
  kind: z.enum(['distribution', 'duration', 'count', 'probability', 'factor', 'fraction', 'presence']).meta({ description: 'presence: a delegation, present at base, absent at the low end; fraction: a share (endurance)' }),
  confidence: z.enum(['H', 'M', 'L', 'U']),
  from: z.enum(['stated', 'rule']).meta({ description: 'stated: a range the file gives; rule: the range of its confidence (c2sim ranges)' }),
  swing_s: z.number().meta({ description: 'The tornado bar\'s length, by which inputs are ranked: |high − low| of the change in the first difference (of the first structure\'s latency when only one structure)' }),
  low: side,
  high: side,
});

const flip = z.strictObject({
  target: z.string(),
  targets,
  path: z.string(),
  baseline: z.string(),
  candidate: z.string(),
  side: z.enum(['low', 'high']),
  from: verdict.meta({ description: 'The verdict at the base inputs' }),
  to: verdict.meta({ description: 'The verdict at the factor found' }),
  factor: z.number().meta({ description: 'The smallest change found that flips the verdict, as a factor of the base value (bisection between 1 and the end of the range)' }),
  value: z.string(),
  set: z.string(),
  bracket: z.tuple([z.number(), z.number()]).meta({ description: '[the last factor that did not flip, the factor that did]: the threshold lies between them' }),
  steps: z.number().int().nonnegative().meta({ description: 'Bisection steps taken (each a batch with the input as an arm)' }),
  onOff: z.literal(true).optional().meta({ description: 'An on/off input (a delegation\'s existence): nothing lies between absent and present, so there is no bisection; the flip is the switch itself (factor 0)' }),
});

const decision = z.strictObject({
  inject: z.string(),
  decision: z.string(),
  kind: z.string(),
  base: z.strictObject({
    structures: z.record(z.string(), z.strictObject({ restricted_s: z.number().nullable().meta({ description: 'Restricted mean time to execution at base inputs' }) })),
    differences: z.array(z.strictObject({
      baseline: z.string(), candidate: z.string(), difference_s: z.number().nullable(), ci95_s: interval, verdict,
      identical: z.boolean().meta({ description: 'The two structures took the same time in every run (the decision does not touch what differs): any change to one separates them, so no flip is sought' }),
    })),
  }),
  inputs: z.array(input).meta({ description: 'Every ranged input, ranked by swing (largest first; ties in input order)' }),
  flips: z.array(flip).meta({ description: 'Inputs whose range flips a verdict between structures (faster / slower / no difference), with the smallest change found that does' }),
});

export const sensitivitySchema = z.strictObject({
  sensitivityVersion: z.literal(SENSITIVITY_VERSION),
  tool: z.strictObject({ name: z.literal('c2sim'), version: z.string() }),
  scenario: z.strictObject({ id: z.string(), file: z.string(), sha256: z.string() }),
  structures: z.array(z.string()).min(1).meta({ description: 'Baseline first; differences are each other structure − the baseline' }),
  seed: z.string(),
  runs: z.number().int().positive().meta({ description: 'Runs per point: every point (base, each low and high, each bisection step) runs the same runs' }),
  options: z.strictObject({
    choices: z.record(z.string(), z.string()),
    variants: z.array(z.string()).meta({ description: 'Variants applied to every point, base included' }),
    tolerance: z.number().meta({ description: 'Bisection stops when the bracket is this narrow (in factor)' }),
  }),
  points: z.strictObject({
    inputs: z.number().int().nonnegative().meta({ description: 'Ranged inputs moved' }),
    oneAtATime: z.number().int().nonnegative().meta({ description: 'Arms run for the low and high ends' }),
    bisection: z.number().int().nonnegative().meta({ description: 'Arms run by bisection' }),
    batches: z.number().int().nonnegative(),
  }),
  decisions: z.array(decision),
  notes: z.array(z.string()),
});

export type Sensitivity = z.infer<typeof sensitivitySchema>;
export type SensitivityDecision = Sensitivity['decisions'][number];
export type SensitivityInput = SensitivityDecision['inputs'][number];
export type SensitivitySide = SensitivityInput['low'];
export type SensitivityFlip = SensitivityDecision['flips'][number];
export type SensitivityVerdict = z.infer<typeof verdict>;
