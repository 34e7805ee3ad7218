/**
 * A command structure: headquarters (nodes), the channels between them (links), and who holds
 * each kind of decision (authority). Pure data; the engine compiles it.
 */
import { z } from 'zod';
import { distribution } from './distribution.js';
import { routeSchema } from './routing.js';
import { enduranceSchema, nodeEndurance } from './endurance.js';
import {
  channel, citation, decisionKind, uncertainty, duration, id, nation, sources, workKind, DEFAULT_NATIONS,
  type DecisionKind, type Nation,
} from './fields.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a local time "HH:MM" such as "08:30"' });

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, { error: 'expected an IANA time zone such as "Asia/Tokyo", "Pacific/Honolulu" or "America/New_York"' });

export const dutyHours = z.union([
  z.literal('always').meta({ description: 'A 24/7 watch floor: the decision-maker is always reachable' }),
  z.strictObject({
    start: clockTime,
    end: clockTime,
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  }).refine((h) => h.start !== h.end, {
    path: ['end'],
    error: (iss) => `end is the same as start (${(iss.input as { start: string }).start}): no duty hours at all; expected a different end, or dutyHours: always for a 24/7 watch`,
  }),
]);

/** Staff capacity above this is a typo, not a headquarters: no watch floor works that many items at once. */
export const MAX_CAPACITY = 50;

/**
 * How a staff picks its next item when busy. None is known from the public record; the default,
 * earliest deadline first, is an assumption (staff work the most urgent item first).
 */
const queueDiscipline = z.union([
  z.enum(['edf', 'fifo']).meta({ description: 'edf: earliest deadline first (then first come); fifo: first come, first served' }),
  z.strictObject({ priority: z.array(decisionKind).min(1) })
    .meta({ description: 'Priority classes by decision kind, highest first (kinds not listed come last); first come within a class; never pre-empted' }),
  z.strictObject({ triage: z.enum(['defer', 'drop']) })
    .meta({ description: 'Earliest deadline first, but work already past its deadline waits behind all work still in time (defer), or is dropped when its turn comes (drop: the decision is left to expire)' }),
]).meta({ description: 'Queue discipline (default edf)' });

const node = z.strictObject({
  id,
  name: z.string().min(1),
  nation,
  location: z.string().min(1),
  timeZone: timeZone.meta({ description: 'IANA time zone of the headquarters' }),
  capacity: z.number().int().min(1, { error: 'expected a staff capacity of at least 1 item worked at once' })
    .max(MAX_CAPACITY, { error: `expected a staff capacity of at most ${MAX_CAPACITY} items worked at once` })
    .meta({ description: 'How many items the staff works at once' }),
  dutyHours: dutyHours.default('always'),
  afterHours: z.strictObject({
    reachBack: distribution.meta({ description: 'Extra delay to reach the decision-maker outside duty hours' }),
    staysFor: duration.refine((d) => d > 0, { error: 'expected a time above zero: a decision-maker reached after hours stays on hand at least a while, e.g. 8h' })
      .default(8 * 3600).meta({ description: 'Once reached, how long the decision-maker stays on hand' }),
    appliesTo: z.array(workKind).min(1).default(['decide']),
  }).optional(),
  processing: z.partialRecord(workKind, distribution)
    .meta({ description: 'Staff time per item, by kind of work (assess, decide, coordinate, task; relay: passing on a message bound elsewhere — a node without it relays nothing)' }),
  processingFor: z.partialRecord(decisionKind, z.partialRecord(workKind, distribution)).default({})
    .meta({ description: 'Overrides by decision kind: drilled decisions (an intercept under standing orders) go faster than deliberate ones' }),
  queue: queueDiscipline.default('edf'),
  convene: z.strictObject({
    delay: distribution.meta({ description: 'From the first item of work to the body being convened and able to act' }),
    staysFor: duration.refine((d) => d > 0, { error: 'expected a time above zero: a body once convened sits at least a while, e.g. 24h' })
      .default(24 * 3600).meta({ description: 'Once convened, how long it stays in session' }),
  }).optional().meta({ description: 'A body that must convene before it can act (a coordination group, a council): all its work waits for the convening delay, then it sits for staysFor. Counted as after-hours wait. Needs dutyHours: always and no afterHours' }),
  endurance: nodeEndurance.optional()
    .meta({ description: 'Fatigue, circadian low, shift handovers and augmentees at this node: each part given replaces that part of the structure\'s endurance default; none opts out' }),
  ...citation,
  ...uncertainty,
  notes: z.string().optional(),
});

const link = z.strictObject({
  id: id.optional().meta({ description: 'Defaults to "<from>--<to>"' }),
  from: id,
  to: id,
  channel,
  latency: distribution.meta({ description: 'One-way transmission time of one message' }),
  failureProbability: z.number().min(0).max(0.95, { error: 'expected a failure probability from 0 to 0.95' }).default(0),
  retryDelay: distribution.default({ dist: 'fixed', value: 60 })
    .meta({ description: 'After a failed attempt, time until the message is sent again' }),
  cyberDegradable: z.boolean().default(false),
  sharesTracks: z.boolean().default(false)
    .meta({ description: 'A data link that shares missile-warning tracks in real time: a detector at one end gives the node at the other end the track one latency later, as if it had detected it itself' }),
  ...citation,
  ...uncertainty,
});

const delegation = z.strictObject({
  to: id.meta({ description: 'The node that may decide in place of the authority; must be in the chain' }),
  when: z.union([
    z.literal('always'),
    z.strictObject({ deadlineWithin: duration.meta({ description: 'Applies when the decision\'s deadline is this close or closer' }) }),
  ]).default('always'),
  consult: z.array(id).optional().meta({ description: 'Who the delegate consults; defaults to the track\'s consult list' }),
  ...citation,
  ...uncertainty,
});

const track = z.strictObject({
  chain: z.array(id).min(1).meta({ description: 'Who holds the decision, lowest first; each escalates to the next. The last is the authority.' }),
  delegations: z.array(delegation).default([]),
  consult: z.array(id).default([]).meta({ description: 'Nodes across the alliance consulted before deciding' }),
  taskVia: z.array(id).default([]).meta({ description: 'Nodes orders pass through on their way down, top first' }),
  executor: id,
  ...citation,
});

/** A field path as `--set` writes it: `nodes[csjs].capacity`, `links[jjoc--usfj]`, `authority.isr-retask[US]`. */
const fieldPath = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*(\[[^\][]+\])?(\.[A-Za-z][A-Za-z0-9-]*(\[[^\][]+\])?)*$/, {
  error: 'expected a field path such as nodes[csjs].capacity, links[jjoc--usfj] or authority.isr-retask[US]',
});

const reform = z.strictObject({
  baseline: z.string().min(1).meta({ description: 'The structure this one reforms: a bundled id, or a path relative to this file' }),
  changes: z.array(z.strictObject({
    path: fieldPath.meta({ description: 'What the reform changes (everything under it): a node, link or track, or one of its fields' }),
    element: z.string().min(1).max(40).optional().meta({ description: 'The reform element this change belongs to, for `c2sim attribute` (e.g. "JJOC stands up"); default: the first segment of its path' }),
    ...citation,
  })).default([]).meta({ description: 'Every place this structure differs from its baseline, each with its source; `c2sim validate` refuses any other difference' }),
}).meta({ description: 'For a reformed structure: the baseline it is compared with, and where the reform (and only the reform) makes them differ' });

export const structureSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().min(1),
  sources,
  assumptions: z.array(z.string()).default([]),
  nations: z.record(nation, z.string().min(1)).default({ ...DEFAULT_NATIONS })
    .meta({ description: 'The nations whose nodes this structure holds, code → name (default: US and JP)' }),
  reform: reform.optional(),
  endurance: enduranceSchema.optional()
    .meta({ description: 'Endurance default for every node; a node\'s own endurance parts replace those parts, and none opts it out' }),
  nodes: z.array(node).min(1),
  links: z.array(link).default([]),
  routes: z.array(routeSchema).default([])
    .meta({ description: 'Named routes: the path a kind of message takes between two nodes (default: the allowed route of least expected time)' }),
  authority: z.partialRecord(decisionKind, z.array(track).min(1))
    .meta({ description: 'For each decision kind, one track per nation that acts on it' }),
});

export type StructureInput = z.input<typeof structureSchema>;
export type Structure = z.output<typeof structureSchema>;
export type StructureNode = Structure['nodes'][number];
export type StructureLink = Structure['links'][number] & { id: string };
export type StructureRoute = Structure['routes'][number];
export type AuthorityTrack = Structure['authority'][DecisionKind] extends (infer T)[] | undefined ? T : never;
export type Delegation = AuthorityTrack['delegations'][number];
export type DutyHours = z.output<typeof dutyHours>;
export type { Nation };

export function linkId(l: { id?: string | undefined; from: string; to: string }): string {
  return l.id ?? `${l.from}--${l.to}`;
}

/** Whether a message can travel from one node to another over the structure's links. */
export function connected(s: { links: { from: string; to: string }[] }, from: string, to: string): boolean {
  if (from === to) return true;
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const l of s.links) {
      const next = l.from === cur ? l.to : l.to === cur ? l.from : undefined;
      if (next === undefined || seen.has(next)) continue;
      if (next === to) return true;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}
