/** The result of `c2sim compare a.json b.json --json`, versioned, with a published schema. */
import { z } from 'zod';

export const COMPARISON_VERSION = 2;

const interval = z.tuple([z.number(), z.number()]).nullable();
const side = z.strictObject({
  executed: z.number().int(), mean_s: z.number().nullable(), p50_s: z.number().nullable(), p90_s: z.number().nullable(), onTimeRate: z.number().nullable(),
  restsOn_s: z.strictObject({ H: z.number(), M: z.number(), L: z.number(), U: z.number() }).optional()
    .meta({ description: 'The report\'s median critical path split by confidence (criticalPath.median.confidence_s), when it has one' }),
});
const shareDifference = z.strictObject({
  a: z.number(),
  b: z.number(),
  difference: z.number().nullable().meta({ description: 'b − a' }),
  ci95: interval.meta({ description: 'b − a: Newcombe\'s hybrid score interval, or over runs where runs hold several instances' }),
  verdict: z.enum(['higher', 'lower', 'no difference beyond noise', 'not demanded in both']),
});
const mover = z.strictObject({ kind: z.enum(['cause', 'node']), name: z.string(), a_s: z.number(), b_s: z.number(), change_s: z.number() });

export const comparisonSchema = z.strictObject({
  comparisonVersion: z.literal(COMPARISON_VERSION),
  method: z.literal('unpaired').meta({ description: 'Reports made apart are compared unpaired (Welch for means, Newcombe for rates): conservative when they share a seed. For a paired what-if, run it as an arm of one batch (run --arm), whose report pairs the arms run by run' }),
  a: z.strictObject({ file: z.string(), scenario: z.string(), seed: z.string(), runs: z.number().int() }),
  b: z.strictObject({ file: z.string(), scenario: z.string(), seed: z.string(), runs: z.number().int() }),
  provenance: z.array(z.strictObject({ field: z.string(), a: z.string(), b: z.string() }))
    .meta({ description: 'Only what differs between the two reports\' inputs' }),
  decisions: z.array(z.strictObject({
    key: z.string(),
    kind: z.string(),
    structures: z.record(z.string(), z.strictObject({
      a: side,
      b: side,
      meanDifference_s: z.number().nullable().meta({ description: 'b − a' }),
      ci95_s: interval.meta({ description: 'Welch interval on the reports\' standard errors (over runs where runs hold several instances): unpaired, so conservative when both used the same seed' }),
      verdict: z.enum(['faster', 'slower', 'no difference beyond noise', 'too few instances']),
      onTimeDifference: z.number().nullable(),
      onTime_ci95: interval.meta({ description: 'b − a: Newcombe\'s hybrid score interval, or over runs where runs hold several instances' }),
      onTimeVerdict: z.enum(['more on time', 'less on time', 'no difference beyond noise', 'no deadline', 'not demanded in both']),
      movers: z.array(mover).meta({ description: 'Largest changes in the breakdown by cause and by node (mean seconds)' }),
      truth: z.strictObject({
        timelyCorrect: shareDifference,
        falseAlarms: shareDifference,
        retracted: shareDifference.optional().meta({ description: 'False alarms withdrawn, over false alarms (when both had false alarms)' }),
        timeToRetract: z.strictObject({
          a_s: z.number(),
          b_s: z.number(),
          difference_s: z.number().meta({ description: 'b − a' }),
          ci95_s: interval.meta({ description: 'Welch interval on the reports\' standard errors' }),
          verdict: z.enum(['faster', 'slower', 'no difference beyond noise', 'too few instances']),
        }).optional().meta({ description: 'For a retraction executed in both: its mean time from the error becoming knowable, b − a' }),
      }).optional()
        .meta({ description: 'Right and on time, false alarms, their withdrawal and time to retract (when both reports carry them): b − a' }),
    })),
  })),
  unmatched: z.array(z.string()).meta({ description: 'Decisions or structures found in only one report' }),
  branches: z.array(z.strictObject({
    element: z.string(),
    branch: z.string(),
    a: z.number().nullable().meta({ description: 'Share of a\'s runs in this branch; null when a drew nothing for this element' }),
    b: z.number().nullable(),
    difference: z.number().nullable().meta({ description: 'b − a' }),
    ci95: interval.meta({ description: 'b − a: Newcombe\'s hybrid score interval' }),
    verdict: z.enum(['higher', 'lower', 'no difference beyond noise', 'drawn in one report only']),
  })).optional().meta({ description: 'Branches drawn per run by chance (when either report has them): the share of runs in each, a → b' }),
});

export type Comparison = z.infer<typeof comparisonSchema>;
export type ComparedStructure = Comparison['decisions'][number]['structures'][string];
