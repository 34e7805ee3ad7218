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

export const sources = z
  .record(id, z.string().min(1))
  .meta({ description: 'Citations by id: publisher, date, and what it says' });

export const NATIONS = ['US', 'JP'] as const;
export const nation = z.enum(NATIONS);
export type Nation = z.infer<typeof nation>;

export const DECISION_KINDS = [
  'public-warning',
  'intercept',
  'isr-retask',
  'force-posture',
  'show-of-force',
  'cyber-defense',
  'use-of-force',
  'evacuation',
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
