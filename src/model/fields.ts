/** Field schemas shared by structures and scenarios. */
import { z } from 'zod';
import { DURATION_PATTERN, MAX_DURATION_S, parseDuration } from './duration.js';

export const ID_PATTERN = '^[a-z][a-z0-9-]*$';
export const id = z
  .string()
  .regex(new RegExp(ID_PATTERN), { error: 'expected a lower-case id such as "jjoc" or "warn-public" (letters, digits, hyphens)' });

/** Seconds as a number, or a duration string such as "4m" or "1h30m". Never negative. */
export const duration = z
  .union([
    z.number().nonnegative({ error: 'expected a duration of zero or more seconds' }),
    z.string().regex(new RegExp(DURATION_PATTERN), { error: 'expected a duration such as 45s, 4m, 1h30m or 2d' }),
  ], { error: 'expected a duration: seconds, or a string such as 45s, 4m, 1h30m' })
  .transform((v) => (typeof v === 'number' ? v : (parseDuration(v) as number)))
  .refine((v) => Number.isFinite(v) && v <= MAX_DURATION_S, { error: 'expected a duration of at most 365 days' })
  .meta({ description: 'Seconds, or a duration string such as "45s", "4m", "1h30m", "2d"' });

/** Where a number comes from: a source id from the file's `sources`, or an explicit assumption. */
export const citation = {
  source: z.union([id, z.array(id).min(1)]).optional()
    .meta({ description: 'Id(s) from the file\'s `sources` map' }),
  assumption: z.string().min(1).optional()
    .meta({ description: 'Where the public record is silent: what is assumed, and why' }),
};

/**
 * How far a number can be trusted, in DOMAIN.md's terms: H official or several independent
 * reports, M one good secondary source, L an informed estimate, U unknown (a parameter, not a
 * fact). Optional: an object citing only sources is H, one stating an assumption is U (see
 * src/model/ranges.ts), so an unstated confidence never narrows a range.
 */
export const CONFIDENCES = ['H', 'M', 'L', 'U'] as const;
export const confidence = z.enum(CONFIDENCES)
  .meta({ description: 'H official or several reports, M one good secondary source, L informed estimate, U unknown. Default: H when only sources are cited, U when an assumption is stated' });
export type Confidence = z.infer<typeof confidence>;

/** A stated range: [low, high] as factors of the number, low at most 1, high at least 1. */
const rangeFactors = z.tuple([
  z.number().positive({ error: 'expected a low factor above 0' }).max(1, { error: 'expected a low factor of at most 1 (the number itself)' }),
  z.number().min(1, { error: 'expected a high factor of at least 1 (the number itself)' }).max(100, { error: 'expected a high factor of at most 100' }),
], { error: 'expected [low, high] factors such as [0.8, 1.5]' });

/**
 * On an object that holds numbers (node, link, delegation, inject, decision): how sure the
 * numbers are, and ranges where a source gives one. Like citations, they describe the numbers
 * and are no part of the model.
 */
export const uncertainty = {
  confidence: confidence.optional(),
  range: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*(\[[^\][]+\])?(\.[A-Za-z][A-Za-z0-9-]*(\[[^\][]+\])?)*$/, {
    error: 'expected a field path of this object such as latency or processing.decide',
  }), rangeFactors).optional()
    .meta({ description: 'Ranges a source gives, by field path inside this object (a path covers every number under it): [low, high] factors of the number, e.g. {processing.decide: [0.5, 1.5]}. Other numbers get the range of their confidence' }),
};

export const sources = z
  .record(id, z.string().min(1))
  .meta({ description: 'Citations by id: publisher, date, and what it says' });

/**
 * A nation is data: any upper-case code a structure declares in its `nations` map (ISO 3166
 * alpha-2 by convention: US, JP, KR). Structure checks refuse a node of an undeclared nation;
 * a plan refuses a scenario that names one its structure lacks.
 */
export const NATION_PATTERN = '^[A-Z][A-Z0-9]{1,3}$';
export const nation = z.string()
  .regex(new RegExp(NATION_PATTERN), { error: 'expected a nation code such as "US", "JP" or "KR" (2 to 4 upper-case letters or digits)' })
  .meta({ description: 'A nation code the structure declares in `nations` (e.g. US, JP, KR)' });
export type Nation = string;
/** The nations a structure that declares none has: the two the model began with. */
export const DEFAULT_NATIONS: Readonly<Record<string, string>> = { US: 'United States', JP: 'Japan' };

export const DECISION_KINDS = [
  'public-warning',
  'intercept',
  'isr-retask',
  'force-posture',
  'show-of-force',
  'cyber-defense',
  'use-of-force',
  'evacuation',
  // Japan's legal ladder: a situation determined by Cabinet decision, then approved by the Diet.
  'situation-determination',
  'diet-approval',
] as const;
export const decisionKind = z.enum(DECISION_KINDS);
export type DecisionKind = z.infer<typeof decisionKind>;

/** `relay`: handling a message that passes through the node on its way elsewhere (see routing.ts). */
export const WORK_KINDS = ['assess', 'decide', 'coordinate', 'task', 'relay'] as const;
export const workKind = z.enum(WORK_KINDS);
export type WorkKind = z.infer<typeof workKind>;

export const CHANNELS = ['secure-voice', 'record-message', 'vtc', 'liaison', 'data-link'] as const;
export const channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof channel>;

/** What a message is for; each kind travels only on the channels that carry it (routing.ts). */
export const MESSAGE_KINDS = ['report', 'escalation', 'consultation', 'tasking'] as const;
export const messageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof messageKind>;
