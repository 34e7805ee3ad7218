/**
 * Endurance at one node, compiled to simulated seconds once per plan: when each watch began,
 * the circadian low on the node's own clock, shift changes, augmentees. Pure functions of the
 * clock: no random draw of their own (the staff time they stretch is drawn as before), so both
 * structures see the same draws and a node without endurance pays nothing.
 */
import type { Endurance } from '../model/endurance.js';
import type { StructureNode } from '../model/structure.js';
import { dutyIntervals, localTime, localToEpoch, onDuty } from './dutyHours.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface EnduranceModel {
  def: Endurance;
  /** Seconds after the start when a watch began, ascending: hours on duty count from the last. */
  watchStarts: number[];
  /** Shift changes (seconds after the start), ascending; empty without shifts. */
  changes: number[];
  /** The circadian low as on-intervals; empty without one. */
  trough: [number, number][];
  handover: number;
  blocksNewWork: boolean;
  /** When augmentees are at work (Infinity: never), and how many items more they take. */
  augmentAt: number;
  augment: number;
}

/** What a span of a staff item was: work at a rested pace, the extra a tired staff took, or a handover. */
export type EnduranceMechanism = 'processing' | 'fatigue' | 'handover';

/**
 * The endurance that applies to a node: the structure's default with each part the node gives
 * (fatigue, circadian, shifts, augmentees) in place of the default's, or none.
 */
export function enduranceOf(node: StructureNode, fallback: Endurance | undefined): Endurance | undefined {
  const own = node.endurance;
  if (own === 'none') return undefined;
  if (!own) return fallback;
  const given = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as Partial<Endurance>;
  return { ...fallback, ...given };
}

/**
 * Compiles a node's endurance over [-2 days, spanSeconds + 2 days] after the start. `duty` is the
 * node's duty intervals: without shifts, a watch begins where duty hours begin.
 */
export function compileEndurance(def: Endurance, tz: string, duty: [number, number][], startEpochMs: number, spanSeconds: number): EnduranceModel {
  const changes = def.shifts ? dailyInstants(def.shifts.changes, tz, startEpochMs, spanSeconds) : [];
  let watchStarts = changes;
  if (!def.shifts) {
    const starts = duty.map(([a]) => a).filter((a) => Number.isFinite(a));
    // A 24/7 staff without shifts has been on since the crisis began.
    watchStarts = starts.length > 0 ? starts : [0];
  }
  const c = def.circadian;
  const trough = c ? dutyIntervals({ start: c.from, end: c.to, days: [...ALL_DAYS] }, tz, startEpochMs, spanSeconds) : [];
  return {
    def,
    watchStarts,
    changes,
    trough,
    handover: def.shifts?.handover ?? 0,
    blocksNewWork: def.shifts?.blocksNewWork ?? false,
    augmentAt: def.augmentees ? def.augmentees.after : Infinity,
    augment: def.augmentees?.capacity ?? 0,
  };
}

/** Every occurrence of the given local times of day, in seconds after the start, ascending. */
function dailyInstants(times: string[], tz: string, startEpochMs: number, spanSeconds: number): number[] {
  const first = localTime(startEpochMs - 2 * 86400_000, tz);
  const days = Math.ceil(spanSeconds / 86400) + 5;
  const out = new Set<number>();
  for (let k = 0; k <= days; k++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + k));
    for (const hhmm of times) {
      const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
      const at = localToEpoch(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hh, mm, tz);
      out.add((at - startEpochMs) / 1000);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The last entry of an ascending list at or before t (undefined when none is). */
function lastAtOrBefore(list: number[], t: number): number | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= t) { found = list[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** The first entry of an ascending list strictly after t (Infinity when none is). */
function firstAfter(list: number[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = Infinity;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! > t) { found = list[mid]!; hi = mid - 1; } else lo = mid + 1;
  }
  return found;
}

/** Hours the watch on duty at t has been on. */
export function hoursOnDuty(m: EnduranceModel, t: number): number {
  const since = lastAtOrBefore(m.watchStarts, t);
  return since === undefined ? 0 : (t - since) / 3600;
}

export function inCircadianLow(m: EnduranceModel, t: number): boolean {
  return m.trough.length > 0 && onDuty(m.trough, t);
}

/**
 * How many times its rested time a piece of work takes when started at t by a watch `hours` on
 * duty: 1 + perHour × hours past the onset + perDay × days since the start, times 1 + the
 * circadian slowdown in the low, at most `max`. Sleep debt stops growing after `perDayFor`.
 * Never less for more hours on duty.
 */
export function slowdown(def: Endurance, hours: number, daysIn: number, inLow: boolean): number {
  let f = 1;
  const fatigue = def.fatigue;
  if (fatigue) f += fatigue.perHour * Math.max(0, hours - fatigue.onset / 3600) + fatigue.perDay * Math.min(Math.max(0, daysIn), fatigue.perDayFor / 86400);
  if (inLow && def.circadian) f *= 1 + def.circadian.slowdown;
  return fatigue ? Math.min(f, fatigue.max) : f;
}

/** The slowdown at a node at time t (seconds after the start). */
export function slowdownAt(m: EnduranceModel, t: number): number {
  return slowdown(m.def, hoursOnDuty(m, t), t / 86400, inCircadianLow(m, t));
}

/** Whether a handover is under way at t, and when it ends. */
export function handoverAt(m: EnduranceModel, t: number): number | undefined {
  if (m.handover <= 0) return undefined;
  const c = lastAtOrBefore(m.changes, t);
  return c !== undefined && t < c + m.handover ? c + m.handover : undefined;
}

/**
 * One item's time at the desk from `start`, given its rested staff time `base`: a wait for a
 * handover under way (when handovers block new work), the work at the pace of the moment it
 * begins, and a pause for each shift change it runs across. The extra time a tired staff takes
 * is the last part of the work (a span of its own, `fatigue`), so the report shows where it went.
 */
export function deskTime(m: EnduranceModel, start: number, base: number): { end: number; spans: { start: number; end: number; mechanism: EnduranceMechanism }[] } {
  const spans: { start: number; end: number; mechanism: EnduranceMechanism }[] = [];
  let t = start;
  if (m.blocksNewWork) {
    const until = handoverAt(m, t);
    if (until !== undefined) { spans.push({ start: t, end: until, mechanism: 'handover' }); t = until; }
  }
  let left = base * slowdownAt(m, t);
  let rested = base;
  const work = (a: number, b: number) => {
    // Rested work first, then the fatigue extra.
    const r = Math.min(b - a, rested);
    if (r > 0) spans.push({ start: a, end: a + r, mechanism: 'processing' });
    if (a + r < b) spans.push({ start: a + r, end: b, mechanism: 'fatigue' });
    rested -= r;
  };
  while (m.handover > 0) {
    const c = firstAfter(m.changes, t);
    if (!(c < t + left)) break;
    work(t, c);
    left -= c - t;
    spans.push({ start: c, end: c + m.handover, mechanism: 'handover' });
    t = c + m.handover;
  }
  work(t, t + left);
  return { end: t + left, spans };
}

/** A node's endurance as the play view shows it at time t. */
export interface EnduranceStatus {
  hoursOnDuty: number;
  /** Processing time as a multiple of rested time, for work started now. */
  slowdown: number;
  inLow: boolean;
  /** When the handover under way ends (absent when none is). */
  handoverUntil?: number;
  /** The next shift change (absent without shifts). */
  nextChange?: number;
  /** Augmentees: how many, and when they are (or were) at work. */
  augmentees?: { capacity: number; at: number };
}

export function enduranceStatus(m: EnduranceModel, t: number): EnduranceStatus {
  const until = handoverAt(m, t);
  const next = firstAfter(m.changes, t);
  return {
    hoursOnDuty: hoursOnDuty(m, t),
    slowdown: slowdownAt(m, t),
    inLow: inCircadianLow(m, t),
    ...(until !== undefined ? { handoverUntil: until } : {}),
    ...(Number.isFinite(next) ? { nextChange: next } : {}),
    ...(m.augment > 0 ? { augmentees: { capacity: m.augment, at: m.augmentAt } } : {}),
  };
}
