/**
 * A scenario: an inject list in the manner of an exercise MSEL. Times are offsets from the
 * scenario's UTC start (or absolute UTC instants), so local time at every node falls out of
 * real clocks.
 */
import { z } from 'zod';
import { distribution } from './distribution.js';
import { DURATION_PATTERN, MAX_DURATION_S, parseDuration } from './duration.js';
import { channel, citation, decisionKind, duration, id, nation, sources, uncertainty } from './fields.js';
import { assetSchema, assetUse } from './assets.js';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const utcInstant = z.string().regex(ISO_UTC, { error: 'expected a UTC instant such as "2022-10-03T22:22:00Z"' })
  .superRefine((s, ctx) => {
    // Date.parse rolls 2022-02-31 over to 3 March: check each field against the calendar.
    const [y, mo, d, h, mi, sec] = s.split(/[-T:Z]/).map(Number) as [number, number, number, number, number, number?];
    const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
    if (days === 0) ctx.addIssue({ code: 'custom', message: `${s} has month ${mo}, which does not exist; expected a month from 01 to 12` });
    else if (d < 1 || d > days) ctx.addIssue({ code: 'custom', message: `${s} is not a real date: ${MONTHS[mo - 1]} ${y} has ${days} days; expected a day from 01 to ${days}` });
    else if (h > 23 || mi > 59 || (sec ?? 0) >= 60) ctx.addIssue({ code: 'custom', message: `${s} is not a real time of day; expected hours 00–23, minutes and seconds 00–59` });
  });

/** A moment: an offset after a reference ("4m") or an absolute UTC instant. */
export const moment = z
  .union([
    z.number().nonnegative({ error: 'expected zero or more seconds (times cannot be negative)' }).max(MAX_DURATION_S, { error: 'expected at most 365 days' }),
    z.string().regex(new RegExp(DURATION_PATTERN)).refine((v) => (parseDuration(v) ?? Infinity) <= MAX_DURATION_S, { error: 'expected at most 365 days' }),
    utcInstant,
  ], { error: 'expected an offset such as 45s, 4m, 1h30m, or a UTC instant such as "2022-10-03T22:22:00Z"' })
  .transform((v): Moment => {
    if (typeof v === 'number') return { offset: v };
    const d = parseDuration(v);
    return d !== undefined ? { offset: d } : { utc: v };
  })
  .meta({ description: 'An offset (seconds or "4m") or a UTC instant ("2022-10-03T22:22:00Z")' });
export type Moment = { offset: number } | { utc: string };

/** A degraded link at most this many times slower; beyond it the link is as good as down (a typo, or `down: true`). */
export const MAX_LATENCY_FACTOR = 100;

export const effect = z.union([
  z.strictObject({
    degradeLinks: z.strictObject({
      touching: z.array(id).optional().meta({ description: 'Links with an end at one of these nodes' }),
      channel: channel.optional(),
      latencyFactor: z.number().min(1, { error: 'expected a factor of 1 or more (a degraded link is never faster)' })
        .max(MAX_LATENCY_FACTOR, { error: `expected a factor of at most ${MAX_LATENCY_FACTOR}; for a link that carries nothing, write down: true` }).default(1),
      failureProbability: z.number().min(0).max(0.95).optional(),
      down: z.boolean().default(false).meta({ description: 'The link carries nothing; traffic reroutes or waits' }),
      duration,
    }).meta({ description: 'Cyber effect: links marked cyberDegradable that match become slower, flakier or down' }),
  }),
  z.strictObject({
    delegate: z.strictObject({ kind: decisionKind, nation, to: id })
      .meta({ description: 'Grant a standing delegation: node `to` may decide this kind for this nation' }),
  }),
  z.strictObject({ fire: id.meta({ description: 'Fire a contingency inject now' }) }),
  z.strictObject({ cancel: id.meta({ description: 'Cancel a scheduled inject (and its remaining repeats)' }) }),
]);
export type Effect = z.output<typeof effect>;

const decisionRef = z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, { error: 'expected inject/decision, e.g. launch/warn-public' });

const decision = z.strictObject({
  id,
  kind: decisionKind,
  retracts: z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, { error: 'expected inject/decision, e.g. launch/warn-public' }).optional()
    .meta({ description: 'This decision withdraws another (inject/decision) taken on a track that proved false or wrong: it is demanded only once that decision was executed, and its time to retract counts from the moment the error became knowable' }),
  deadline: moment.optional().meta({ description: 'On time if executed by then (offset after the inject, or UTC)' }),
  expires: moment.optional().meta({ description: 'Missed if not executed by then; the flow is abandoned' }),
  success: z.string().min(1),
  partial: z.string().optional(),
  failure: z.string().min(1),
  onLate: z.array(id).default([]).meta({ description: 'Contingency injects fired when the deadline passes unmet' }),
  uses: z.array(assetUse).optional().meta({ description: 'Assets (scenario assets) each execution draws: interceptors fired, sorties flown' }),
  nations: z.array(nation).min(1).optional()
    .meta({ description: 'The nations whose tracks act on this decision (default: every nation taking part in the scenario)' }),
  requires: z.array(decisionRef).default([])
    .meta({ description: 'Decisions (inject/decision) this one cannot be decided before: each track\'s decide step waits until every one of them has been executed (any occurrence), e.g. a defense operation order after the Cabinet\'s armed-attack situation determination' }),
  ...citation,
  ...uncertainty,
});

const probability = z.number().min(0, { error: 'expected a probability from 0 to 1' }).max(1, { error: 'expected a probability from 0 to 1' });

/** A track's error: it happens with a probability, and becomes knowable some time after detection. */
const trackError = (what: string) => z.strictObject({
  probability,
  knowable: distribution.meta({ description: `When the error becomes knowable (the track is shown ${what}), after every detector's track is confirmed` }),
  ...citation,
});

/**
 * What can go wrong with the track an inject makes: a false track from the start (no object at
 * all), or a real track whose prediction is wrong (the predicted impact area, an overflight that
 * does not happen). Decisions taken on it inherit its truth; when the error becomes knowable,
 * the onError contingencies (typically a retraction) are fired.
 */
const injectTrack = z.strictObject({
  falseAlarm: trackError('false').optional().meta({ description: 'The track is false from the start (a false-alarm rate): every decision on it is a false alarm' }),
  wrongPrediction: trackError('to have predicted wrongly').optional()
    .meta({ description: 'The object is real but the track predicts wrongly (e.g. the impact area)' }),
  wrongFor: z.array(id).optional()
    .meta({ description: 'The decisions of this inject that a wrong prediction makes erroneous (default: all of them)' }),
  onError: z.array(id).default([])
    .meta({ description: 'Contingency injects fired when the error becomes knowable (e.g. one demanding a retraction)' }),
});

/** A detector's track: tentative, then confirmed; it may be lost after the first sighting and re-acquired. */
const detectionEntry = z.strictObject({
  node: id,
  delay: distribution.default({ dist: 'fixed', value: 0 }).meta({ description: 'Event → first sighting (a tentative track)' }),
  confirm: distribution.optional().meta({ description: 'Tentative → confirmed; decisions open on a confirmed track (default: at once)' }),
  lost: z.strictObject({
    probability,
    reacquire: distribution.meta({ description: 'Lost → re-acquired; confirmation comes after re-acquisition' }),
    ...citation,
  }).optional().meta({ description: 'The tentative track is lost with this probability (per detector and per threat) and re-acquired later' }),
});

/** A probability of a branch drawn per run: above 0, at most 1. */
const branchProbability = z.number().gt(0, { error: 'expected a probability above 0 (a branch that never happens is no branch; remove it)' })
  .max(1, { error: 'expected a probability of at most 1' });

const detection = z.array(detectionEntry).meta({ description: 'Who detects it and how long after it happens; the first listed of a nation reports to that nation\'s track' });

const repeat = z.strictObject({
  count: z.number().int().min(1).max(10000, { error: 'expected at most 10000 repeats' }),
  interval: distribution,
}).meta({ description: 'The inject happens count times, spaced by interval (a surge)' });

/** One way an inject can turn out in a run: the fields it replaces, with its probability. */
const injectCase = z.strictObject({
  id,
  probability: branchProbability,
  detection: detection.optional().meta({ description: 'Replaces the inject\'s detection in this case (e.g. a late or lost track)' }),
  effects: z.array(effect).optional().meta({ description: 'Replaces the inject\'s effects in this case' }),
  repeat: repeat.optional().meta({ description: 'Replaces the inject\'s repeat in this case (e.g. a larger salvo)' }),
  ...citation,
}).meta({ description: 'A case of the inject drawn per run; fields it does not name are the inject\'s own' });

const inject = z.strictObject({
  id,
  at: moment.default({ offset: 0 }).meta({ description: 'When it happens; for a contingency inject, the delay after it is fired' }),
  title: z.string().min(1),
  description: z.string().optional(),
  contingency: z.boolean().default(false),
  detection: detection.default([]),
  track: injectTrack.optional(),
  decisions: z.array(decision).default([]),
  effects: z.array(effect).default([]),
  repeat: repeat.optional(),
  chance: branchProbability.optional()
    .meta({ description: 'Drawn per run: the inject happens (or, a contingency, can be fired) in this share of runs; cite it' }),
  cases: z.array(injectCase).min(2, { error: 'expected at least two cases (their probabilities add up to 1)' }).optional()
    .meta({ description: 'Drawn per run: which case of the inject happens, each with its probability (adding up to 1)' }),
  ...citation,
  ...uncertainty,
});

const decisionPoint = z.strictObject({
  id,
  at: moment,
  prompt: z.string().min(1),
  options: z.array(z.strictObject({
    id,
    label: z.string().min(1),
    consequence: z.string().min(1),
    effects: z.array(effect).default([]),
  })).min(2, { error: 'expected at least two options' }),
  default: id.meta({ description: 'The option taken when nobody chooses (and no chance is given)' }),
  chance: z.record(id, branchProbability).optional()
    .meta({ description: 'Drawn per run when nobody chooses (--choose fixes it): option id → probability, adding up to 1; cite it' }),
  ...citation,
});

const objective = z.strictObject({
  id,
  title: z.string().min(1),
  capability: z.string().min(1).meta({ description: 'The capability exercised, in HSEEP terms (e.g. "Public information and warning")' }),
  decisions: z.array(z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, { error: 'expected inject/decision, e.g. launch/warn-public' })).min(1)
    .meta({ description: 'The decisions that show it, as inject/decision' }),
});

export const scenarioSchema = z.strictObject({
  id,
  title: z.string().min(1),
  summary: z.string().min(1).meta({ description: 'One line, shown by `c2sim list`' }),
  briefing: z.string().min(1),
  start: utcInstant.meta({ description: 'UTC instant the scenario clock starts at' }),
  duration: duration.refine((d) => d > 0 && d <= 60 * 86400, { error: 'expected a duration above zero and at most 60 days' })
    .meta({ description: 'When scheduled injects may happen; decisions still open at the end run on until they resolve' }),
  structures: z.array(id).min(1).default(['legacy', 'jfhq']),
  nations: z.array(nation).min(1).optional()
    .meta({ description: 'The nations that take part: only their authority tracks run (other nations\' nodes may still detect and share tracks). Default: every nation the structure declares' }),
  sources,
  assets: z.array(assetSchema).optional().meta({ description: 'Magazines and sortie pools the decisions draw on (the same in every structure)' }),
  injects: z.array(inject).min(1),
  decisionPoints: z.array(decisionPoint).default([]),
  objectives: z.array(objective).default([])
    .meta({ description: 'Exercise objectives, rated P/S/M/U in after-action reports from the on-time rate of their decisions' }),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Inject = Scenario['injects'][number];
export type ScenarioDecision = Inject['decisions'][number];
export type DecisionPoint = Scenario['decisionPoints'][number];
export type InjectTrack = NonNullable<Inject['track']>;
export type DetectionEntry = Inject['detection'][number];
