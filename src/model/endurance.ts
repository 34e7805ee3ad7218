/**
 * Endurance: how a staff's pace changes over a long crisis. Processing slows with hours on duty
 * and at the circadian low, shift changes cost a handover, and augmentees raise capacity after a
 * stated delay. Optional everywhere: a structure or node without it runs exactly as before.
 */
import { z } from 'zod';
import { citation, duration, uncertainty } from './fields.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a local time "HH:MM" such as "07:00"' });

/** A slowdown as a fraction: 0.25 means work takes 25% longer. Above 3 (four times as long) it is a typo. */
const fraction = z.number().min(0, { error: 'expected a slowdown of 0 or more (0.1 = 10% longer)' })
  .max(3, { error: 'expected a slowdown of at most 3 (work taking four times as long)' });

export const enduranceSchema = z.strictObject({
  fatigue: z.strictObject({
    onset: duration.default(8 * 3600).meta({ description: 'Hours on duty before work starts to slow (default 8h)' }),
    perHour: fraction.meta({ description: 'Extra processing time per hour on duty past the onset, as a fraction (0.01 = 1% longer per hour)' }),
    perDay: fraction.default(0).meta({ description: 'Extra processing time per day since the scenario start (sleep debt over a sustained crisis), as a fraction' }),
    perDayFor: duration.default(365 * 86400).meta({ description: 'How long sleep debt keeps growing before performance holds at its reduced level (default: for the whole crisis)' }),
    max: z.number().min(1).max(4).default(2).meta({ description: 'The most work can slow, as a multiplier of its rested time, fatigue and circadian low together (default 2)' }),
  }).optional().meta({ description: 'Time on task and sleep debt' }),
  circadian: z.strictObject({
    from: clockTime.default('02:00'),
    to: clockTime.default('06:00'),
    slowdown: fraction.meta({ description: 'Extra processing time for work started in the circadian low, local time of the node' }),
  }).refine((c) => c.from !== c.to, { path: ['to'], error: 'to is the same as from: no circadian low at all; expected e.g. from: "02:00", to: "06:00"' })
    .optional().meta({ description: 'The circadian low (default 02:00–06:00 local)' }),
  shifts: z.strictObject({
    changes: z.array(clockTime).min(1).meta({ description: 'Local times the watch changes, e.g. ["07:00", "19:00"] for 12-hour shifts' }),
    handover: duration.meta({ description: 'How long a handover takes: work in progress at a change pauses this long while it is handed over' }),
    blocksNewWork: z.boolean().default(false).meta({ description: 'Whether new work also waits for the handover to end (default false: the outgoing watch keeps the desk until relieved)' }),
  }).optional().meta({ description: 'Shift changes: hours on duty count from the last one' }),
  augmentees: z.strictObject({
    after: duration.meta({ description: 'When augmentees are at work, after the scenario start' }),
    capacity: z.number().int().min(1).max(20).meta({ description: 'Items more the staff can work at once from then on' }),
  }).optional(),
  ...citation,
  ...uncertainty,
}).meta({ description: 'Endurance over a long crisis: fatigue, the circadian low, shift handovers, augmentees. Hours on duty count from the last shift change; without shifts, from the start of the node\'s duty hours, or else from the scenario start' });

/** On a node: parts of its own (each replacing that part of the structure's default), or none to opt out. */
export const nodeEndurance = z.union([
  z.literal('none').meta({ description: 'No endurance effects at this node, whatever the structure\'s default' }),
  enduranceSchema,
]);

export type Endurance = z.output<typeof enduranceSchema>;
