/**
 * The outcome report: versioned JSON with a published JSON Schema. Times are seconds and say so
 * in their field names; every sampled estimate carries its 95% interval (null when the sample
 * is too small to give one).
 */
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 3;

const interval = z.tuple([z.number(), z.number()]).nullable();

const latency = z.strictObject({
  mean_s: z.number(),
  mean_ci95_s: interval,
  mean_se_s: z.number().nullable().meta({ description: 'Standard error of the mean: over runs (cluster-robust) when a run holds several instances' }),
  mean_df: z.number().int().meta({ description: 'Degrees of freedom of that standard error' }),
  sd_s: z.number().nullable().meta({ description: 'Sample standard deviation of instances; null with one instance' }),
  p50_s: z.number(),
  p50_ci95_s: interval,
  p90_s: z.number(),
  p90_ci95_s: interval,
  p99_s: z.number(),
  p99_ci95_s: interval,
  min_s: z.number(),
  max_s: z.number(),
  cdf_s: z.array(z.number()).length(21).meta({ description: 'Quantiles at 0%, 5%, …, 100%: the distribution, for charts and comparisons' }),
}).meta({ description: 'Detection → execution over the executed instances. Quantiles come from a mergeable sketch: each is within 0.5% of a latency in the sample at that rank; min and max are exact' });

const restricted = z.strictObject({
  mean_s: z.number().meta({ description: 'Mean over every demanded instance of min(latency, censoring time): a missed instance counts at its expiry (or, if it cannot expire, at the scenario\'s end: a horizon every structure shares), not dropped' }),
  ci95_s: interval.meta({ description: 'Cluster-robust over runs' }),
  censored: z.number().int().nonnegative().meta({ description: 'Instances not executed, counted at their censoring time' }),
}).meta({ description: 'Restricted mean time to execution, horizon: the decision\'s expiry' });

const pathStep = z.strictObject({
  step: z.string().meta({ description: 'Statechart state, e.g. decide@mod' }),
  node: z.string(),
  cause: z.string(),
  seconds: z.number(),
});

const criticalPath = z.strictObject({
  run: z.number().int().nonnegative().meta({ description: 'Run index: c2sim run --first-run <run> --runs 1 reproduces it' }),
  occurrence: z.number().int().positive(),
  latency_s: z.number(),
  nation: z.string().meta({ description: 'The track that set the execution time' }),
  steps: z.array(pathStep),
  confidence_s: z.strictObject({ H: z.number(), M: z.number(), L: z.number(), U: z.number() }).optional()
    .meta({ description: 'The path\'s seconds by the confidence of the number that produced them (H sourced, M, L, U): a node\'s for processing, queueing and after-hours, a link\'s for transmission (the weakest of several), the inject\'s for detection. Sums to latency_s. Absent in reports written before it existed' }),
}).nullable();

const rate = z.strictObject({
  count: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1),
  se: z.number().nonnegative().meta({ description: 'Standard error (over runs when a run holds several instances)' }),
  ci95: interval.meta({ description: 'Wilson score interval; cluster-robust over runs when a run holds several instances' }),
});

const truth = z.strictObject({
  erroneous: z.number().int().nonnegative().meta({ description: 'Instances demanded on a false track, or on a track whose prediction proved wrong' }),
  timelyCorrect: rate.meta({ description: 'Executed on time (or, with no deadline, executed) on a true track; over all instances' }),
  falseAlarms: rate.meta({ description: 'Executed on a false or wrongly predicting track; over all instances' }),
  retracted: rate.nullable().meta({ description: 'False alarms withdrawn by an executed retraction; over false alarms (null when there were none)' }),
  retractions: z.strictObject({
    instances: z.number().int().nonnegative().meta({ description: 'Retractions demanded: one for each executed false alarm it withdraws' }),
    executed: z.number().int().nonnegative(),
    timeToRetract_s: z.strictObject({
      mean_s: z.number(),
      ci95_s: interval.meta({ description: 't-interval; cluster-robust over runs when a run holds several retractions' }),
      se_s: z.number().nullable().optional().meta({ description: 'Standard error of the mean (for comparisons); null with one retraction. Absent in reports written before it' }),
      df: z.number().int().nonnegative().optional().meta({ description: 'Degrees of freedom of that standard error' }),
    }).nullable().meta({ description: 'From the moment the error became knowable to the retraction\'s execution' }),
  }).nullable().meta({ description: 'When this decision is a retraction (retracts: in the scenario); null otherwise' }),
}).meta({ description: 'Correct or erroneous, beside timely (present when the scenario gives tracks a life: track: or retracts:)' });

const CAUSE_KEYS = ['detection', 'transmission', 'queueing', 'processing', 'after-hours', 'escalation', 'coordination'] as const;

const structureResult = z.strictObject({
  instances: z.number().int().nonnegative().meta({ description: 'Times this decision was demanded, over all runs' }),
  executed: z.number().int().nonnegative(),
  latency_s: latency.nullable(),
  restricted_s: restricted.nullable(),
  outcomes: z.strictObject({ onTime: rate, late: rate, missed: rate }).nullable()
    .meta({ description: 'Against the deadline; null when the decision has none' }),
  byCause_s: z.strictObject({
    ...(Object.fromEntries(CAUSE_KEYS.map((k) => [k, z.number()])) as Record<(typeof CAUSE_KEYS)[number], z.ZodNumber>),
    supply: z.number().optional().meta({ description: 'Waiting for a magazine or a sortie pool (present when the scenario has assets)' }),
    fatigue: z.number().optional().meta({ description: 'Extra staff time a tired staff took (hours on duty, the circadian low, sleep debt); present only where it took time' }),
    handover: z.number().optional().meta({ description: 'Work paused or held for shift handovers; present only where it took time' }),
  }).meta({ description: 'Mean seconds per executed instance on its slowest track, by cause; sums to the mean latency' }),
  byNode_s: z.record(z.string(), z.number())
    .meta({ description: 'Mean seconds per executed instance on its slowest track, by node (transmission counts at the receiving node); sums to the mean latency' }),
  decidedBy: z.record(z.string(), z.record(z.string(), z.number()))
    .meta({ description: 'For each nation, the share of executed instances decided at each node' }),
  clusters: z.strictObject({
    runs: z.number().int().positive(),
    maxPerRun: z.number().int().nonnegative().meta({ description: 'Most executed instances in one run: above 1, runs are the independent samples' }),
  }),
  criticalPath: z.strictObject({ median: criticalPath, slowest: criticalPath })
    .meta({ description: 'Step by step, the slowest track of the median and of the slowest executed instance' }),
  truth: truth.optional(),
  shortfalls: z.number().int().nonnegative().optional()
    .meta({ description: 'Instances that failed (missed) for want of an asset: a magazine empty or no sortie free when the wait ran out (present when the scenario has assets)' }),
});

const paired = z.strictObject({
  baseline: z.string(),
  candidate: z.string(),
  pairs: z.number().int().nonnegative().meta({ description: 'Runs in which both structures faced the decision (executed or not)' }),
  onlyBaseline: z.number().int().nonnegative().meta({ description: 'Runs in which only the baseline faced it (e.g. a contingency fired by its lateness): not paired' }),
  onlyCandidate: z.number().int().nonnegative().meta({ description: 'Runs in which only the candidate faced it: not paired' }),
  censored: z.strictObject({ baseline: z.number().int().nonnegative(), candidate: z.number().int().nonnegative() })
    .meta({ description: 'Instances not executed in the paired runs, counted at their censoring time' }),
  meanDifference_s: z.number().nullable().meta({ description: 'candidate − baseline, mean over paired runs of the difference in restricted mean time to execution' }),
  ci95_s: interval,
  verdict: z.enum(['faster', 'slower', 'no difference beyond noise', 'too few pairs', 'not demanded in both']),
});

const branchStructure = z.strictObject({
  runs: z.number().int().nonnegative().meta({ description: 'Runs in the branch in which the decision was demanded' }),
  instances: z.number().int().nonnegative(),
  executed: z.number().int().nonnegative(),
  mean_s: z.number().nullable().meta({ description: 'Mean latency over the executed instances; null when none was' }),
  mean_ci95_s: interval.meta({ description: 't-interval; cluster-robust over runs when a run holds several instances' }),
  restricted_s: restricted.nullable(),
  onTime: rate.nullable().meta({ description: 'Against the deadline; null when the decision has none' }),
  truth: z.strictObject({ timelyCorrect: rate, falseAlarms: rate }).optional()
    .meta({ description: 'Right and on time, and false alarms, over the instances (when the scenario gives tracks a life)' }),
});

const branchDecision = z.strictObject({
  inject: z.string(),
  decision: z.string(),
  structures: z.record(z.string(), branchStructure),
  paired: z.array(paired).meta({ description: 'As the decision\'s paired, over the runs of this branch only (both structures drew it in the same runs)' }),
}).meta({ description: 'One decision within one branch' });

const decision = z.strictObject({
  inject: z.string(),
  decision: z.string(),
  kind: z.string(),
  title: z.string(),
  deadline_s: z.number().nullable().meta({ description: 'After the inject' }),
  expires_s: z.number().nullable(),
  success: z.string(),
  failure: z.string(),
  structures: z.record(z.string(), structureResult),
  paired: z.array(paired),
});

const fileRef = z.strictObject({ id: z.string(), name: z.string(), file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const reportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('c2sim'), version: z.string() }),
  scenario: fileRef,
  structures: z.array(fileRef).min(1),
  seed: z.string(),
  runs: z.number().int().positive(),
  firstRun: z.number().int().nonnegative(),
  options: z.strictObject({
    choices: z.record(z.string(), z.string()),
    variants: z.array(z.strictObject({ id: z.string(), file: z.string(), sha256: z.string() })),
    overrides: z.array(z.strictObject({
      target: z.string().meta({ description: 'A structure id, or "scenario"' }),
      path: z.string(),
      value: z.unknown(),
      from: z.string().meta({ description: '"--set", or the variant id' }),
    })).meta({ description: 'Every change made to the inputs for this run (what-if)' }),
    arms: z.array(z.strictObject({
      id: z.string(),
      variants: z.array(z.strictObject({ id: z.string(), file: z.string(), sha256: z.string() })),
      overrides: z.array(z.strictObject({ target: z.string(), path: z.string(), value: z.unknown(), from: z.string() })),
    })).meta({ description: 'What-if arms run on the same runs (common random numbers): each changes the inputs above by its variants and overrides; its structures appear as <structure>@<arm>, paired with the same structure in the base' }),
  }),
  objectives: z.array(z.strictObject({ id: z.string(), title: z.string(), capability: z.string(), decisions: z.array(z.string()) }))
    .meta({ description: 'The scenario\'s exercise objectives, for after-action ratings' }),
  decisions: z.array(decision),
  branches: z.array(z.strictObject({
    element: z.string().meta({ description: 'What was drawn: injects[<id>] (happens or not), injects[<id>].cases, decisionPoints[<id>]' }),
    branch: z.string(),
    runs: z.number().int().nonnegative(),
    share: z.number().min(0).max(1),
    ci95: interval.meta({ description: 'Wilson score interval' }),
    decisions: z.array(branchDecision).optional()
      .meta({ description: 'Results within this branch: each decision demanded in it (absent when the element drew one branch only, whose results are the report\'s own)' }),
  })).optional().meta({ description: 'Branches drawn per run by chance (the same in every structure): the share of runs in each' }),
  assets: z.array(z.strictObject({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    nation: z.string(),
    node: z.string(),
    initial: z.number().int().nonnegative(),
    structures: z.record(z.string(), z.strictObject({
      drawn: z.number().meta({ description: 'Mean units drawn per run' }),
      uses: z.number().meta({ description: 'Mean executions that drew it per run' }),
      waits: z.number().meta({ description: 'Mean executions per run that had to wait for it' }),
      shortfalls: z.number().meta({ description: 'Mean executions per run that failed for want of it' }),
      endLevel: z.number().meta({ description: 'Mean on hand at the end of the run' }),
      dry: z.strictObject({ count: z.number().int().nonnegative(), share: z.number().min(0).max(1), ci95: interval })
        .meta({ description: 'Runs in which it ran dry (none on hand) by the scenario\'s end; Wilson interval' }),
      dryByDay: z.array(z.strictObject({ day: z.number().int().positive(), share: z.number().min(0).max(1), ci95: interval }))
        .meta({ description: 'Share of runs dry by the end of each day of the scenario (day 1 = the first 24 hours); Wilson intervals' }),
      timeToDry_s: z.strictObject({
        restrictedMean_s: z.number(),
        ci95_s: interval,
        censored: z.number().int().nonnegative(),
      }).meta({ description: 'Restricted mean time to running dry: a run that never ran dry counts at the scenario\'s end (censored), not dropped; t-interval over runs' }),
    })),
  })).optional().meta({ description: 'Magazines and sortie pools (present when the scenario has assets), per structure' }),
  notes: z.array(z.string()),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportDecision = Report['decisions'][number];
export type StructureResult = ReportDecision['structures'][string];
export type PairedResult = ReportDecision['paired'][number];
export type ReportBranch = NonNullable<Report['branches']>[number];
export type BranchDecision = NonNullable<ReportBranch['decisions']>[number];
export type CriticalPath = NonNullable<StructureResult['criticalPath']['median']>;
