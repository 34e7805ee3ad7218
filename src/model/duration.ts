/**
 * Durations in data files: a number is seconds; a string is `1h30m`, `4m`, `90s`, `2d`, `1.5h`.
 * Everything inside the model is seconds.
 */
// At least one unit: an empty string is not a duration.
const DURATION = /^(?=\d)(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

export const DURATION_PATTERN = '^(?=\\d)(?:\\d+(?:\\.\\d+)?d)?(?:\\d+(?:\\.\\d+)?h)?(?:\\d+(?:\\.\\d+)?m)?(?:\\d+(?:\\.\\d+)?s)?$';

/** No time in a crisis model is longer than a year; beyond that it is a typo (or Infinity). */
export const MAX_DURATION_S = 365 * 86400;

export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return (Number(d ?? 0) * 24 + Number(h ?? 0)) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/** 3725 → `1h02m05s`; 65 → `1m05s`; 7.5 → `7.5s`. Compact, for tables and timelines. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  if (rest < 60) return `${sign}${rest < 10 ? Number(rest.toFixed(1)) : Math.round(rest)}s`;
  rest = Math.round(rest);
  const d = Math.floor(rest / 86400);
  const h = Math.floor((rest % 86400) / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${sign}${d}d${pad(h)}h${pad(m)}m`;
  if (h > 0) return `${sign}${h}h${pad(m)}m${pad(s)}s`;
  return `${sign}${m}m${pad(s)}s`;
}

/** The widest shortDuration: a table's time column holds it and a space, whatever the times. */
export const SHORT_DURATION_WIDTH = 8;

/**
 * formatDuration in at most 8 columns, for a table's fixed time column: a time that would be
 * wider loses its smallest unit, rounded (11h13m52s → 11h14m, 10d02h03m → 10d02h).
 */
export function shortDuration(seconds: number): string {
  const full = formatDuration(seconds);
  if (full.length <= SHORT_DURATION_WIDTH) return full;
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.round(abs / 60);
  if (minutes < 24 * 60 && `${sign}${Math.floor(minutes / 60)}h00m`.length <= SHORT_DURATION_WIDTH) return `${sign}${Math.floor(minutes / 60)}h${pad(minutes % 60)}m`;
  const hours = Math.round(abs / 3600);
  return `${sign}${Math.floor(hours / 24)}d${pad(hours % 24)}h`;
}

/** 21600 → `6h`; 5400 → `1h30m`; 3725 → `1h02m05s`: a span as a person says it, no zero units. */
export function readableDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (Math.abs(seconds) < 60) return formatDuration(seconds);
  return formatDuration(seconds).replace(/(?:00[hms])+$/, '');
}
