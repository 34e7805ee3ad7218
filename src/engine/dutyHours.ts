/**
 * Duty hours on real clocks: a node's local working hours in its IANA time zone, turned into
 * intervals of simulated seconds (so a 07:22 Tokyo launch is 12:22 the day before in Hawaii,
 * and daylight saving in Washington is handled by the time-zone database, not by offsets).
 */
import type { DutyHours } from '../model/structure.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalTime {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  weekday: string; // mon..sun
}

export function localTime(epochMs: number, tz: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: (parts.weekday ?? '').toLowerCase().slice(0, 3),
  };
}

/** UTC offset of a zone at an instant, in milliseconds (local − UTC). */
function offsetMs(epochMs: number, tz: string): number {
  const l = localTime(epochMs, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (the later one across a DST gap). */
export function localToEpoch(y: number, m: number, d: number, hh: number, mm: number, tz: string): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(guess, tz);
  const second = guess - offsetMs(first, tz);
  return second;
}

const WEEKDAY_BY_UTC_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * On-duty intervals [from, to) in seconds after `startEpochMs`, covering at least
 * [-1 day, spanSeconds + 1 day]. "always" is one unbounded interval.
 */
export function dutyIntervals(hours: DutyHours, tz: string, startEpochMs: number, spanSeconds: number): [number, number][] {
  if (hours === 'always') return [[-Infinity, Infinity]];
  const [sh, sm] = hours.start.split(':').map(Number) as [number, number];
  const [eh, em] = hours.end.split(':').map(Number) as [number, number];
  const overnight = eh * 60 + em <= sh * 60 + sm;
  const first = localTime(startEpochMs - 2 * 86400_000, tz);
  const days = Math.ceil(spanSeconds / 86400) + 4;
  const out: [number, number][] = [];
  for (let k = 0; k <= days; k++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + k));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!hours.days.includes(WEEKDAY_BY_UTC_DAY[date.getUTCDay()] as never)) continue;
    const from = localToEpoch(y, m, d, sh, sm, tz);
    const endDate = overnight ? new Date(Date.UTC(y, m - 1, d + 1)) : date;
    const to = localToEpoch(endDate.getUTCFullYear(), endDate.getUTCMonth() + 1, endDate.getUTCDate(), eh, em, tz);
    const a = (from - startEpochMs) / 1000;
    const b = (to - startEpochMs) / 1000;
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function onDuty(intervals: [number, number][], t: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = intervals[mid]!;
    if (t < a) hi = mid - 1;
    else if (t >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The start of the next on-duty interval at or after t (t itself when on duty); Infinity if none. */
export function nextOnDuty(intervals: [number, number][], t: number): number {
  for (const [a, b] of intervals) {
    if (t < a) return a;
    if (t < b) return t;
  }
  return Infinity;
}
