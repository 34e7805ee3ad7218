/**
 * What a structure panel says, as plain lines cut to a width: pure functions, so the layout is
 * testable without a terminal and always fits the space it is given.
 */
import { formatDuration, readableDuration } from '../model/duration.js';
import type { DecisionView, StaffView, TrackView } from '../analysis/playSession.js';
import { terminalSafe, terminalSafeLine } from '../report/terminalSafe.js';
import { wrapLine } from '../report/lineWrap.js';
import { columns } from '../report/textWidth.js';
import type { NodeNamer } from '../report/nodeNames.js';
import type { AssetLevel } from '../engine/assets.js';

export type Tone = 'normal' | 'dim' | 'good' | 'warn' | 'bad' | 'title';
export interface Line { text: string; tone: Tone }

/**
 * A line cut to a width. Every line the play UI shows passes through here (or `wrap`, or
 * `safeLine`), so text from input files is made terminal-safe on its way to the screen.
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const safe = terminalSafeLine(text);
  return safe.length <= width ? safe : safe.slice(0, Math.max(0, width - 1)) + '…';
}

/** A line shown whole (Ink wraps or truncates it): control characters from inputs escaped. */
export const safeLine = terminalSafeLine;

/** Keeps the end of a long line (the latest hops), marking the cut at the start. */
function fitEnd(text: string, width: number): string {
  const safe = terminalSafeLine(text);
  return safe.length <= width ? safe : '…' + safe.slice(safe.length - width + 1);
}

export function timeLeft(d: DecisionView, now: number): { text: string; tone: Tone } {
  if (d.deadlineAt === undefined) return { text: `open ${formatDuration(now - d.openedAt)}`, tone: 'dim' };
  const left = d.deadlineAt - now;
  if (left >= 0) return { text: `${formatDuration(left)} left`, tone: left < 60 ? 'warn' : 'normal' };
  return { text: `late ${formatDuration(-left)}`, tone: 'bad' };
}

const STATUS_TONE: Record<TrackView['status'], Tone> = {
  detecting: 'dim', 'after-hours': 'warn', queued: 'warn', working: 'normal', 'in-transit': 'normal',
  'link-degraded': 'warn', 'link-down': 'bad', 'waiting-ally': 'warn', 'waiting-asset': 'bad', done: 'good',
};

/**
 * Inventories under a panel's title: each magazine's and sortie pool's count on hand (`✗` when
 * none is left, `+n waiting` for requests held for it), wrapped to the panel.
 */
export function stockLines(levels: readonly AssetLevel[], width: number): Line[] {
  if (levels.length === 0) return [];
  const items = levels.map((a) => `${a.id} ${a.onHand === 0 ? '✗0' : a.onHand}${a.waiting > 0 ? ` (+${a.waiting} waiting)` : ''}`);
  const tone: Tone = levels.some((a) => a.onHand === 0 || a.waiting > 0) ? 'warn' : 'dim';
  return wrapLine(`stock: ${items.join(' · ')}`, width, '  ').map((text) => ({ text, tone }));
}

export function settledText(d: DecisionView): { text: string; tone: Tone } {
  const label = d.occurrence > 1 ? `${d.key} #${d.occurrence}` : d.key;
  if (d.outcome === 'missed') return { text: `✗ ${label} missed`, tone: 'bad' };
  const verdict = d.outcome === 'on-time' ? 'on time' : d.outcome === 'late' ? 'late' : 'done';
  // Right or wrong shows as soon as the error is knowable: a false alarm is no success.
  if (d.falseAlarm) return { text: `✗ ${label} ${formatDuration(d.latency ?? 0)} ${verdict}, false alarm`, tone: 'bad' };
  const withdraws = d.withdraws ? `, withdrew ${d.withdraws}` : '';
  return { text: `✓ ${label} ${formatDuration(d.latency ?? 0)} ${verdict}${withdraws}`, tone: d.outcome === 'late' ? 'warn' : 'good' };
}

/**
 * A structure's staff in at most two lines: the most tired nodes (staff time as a multiple of
 * rested time, hours the watch has been on, `low` in the circadian low), handovers under way,
 * and augmentees (when they arrive, or that they are at work). Nothing without endurance.
 */
export function staffLines(staff: readonly StaffView[], width: number): Line[] {
  if (staff.length === 0) return [];
  const tired = [...staff].filter((s) => s.slowdown > 1.005)
    .sort((a, b) => b.slowdown - a.slowdown || b.hoursOnDuty - a.hoursOnDuty || (a.node < b.node ? -1 : 1));
  const top = tired[0];
  const parts = [top
    ? `tired ${top.node} ×${top.slowdown.toFixed(2)} ${Math.floor(top.hoursOnDuty)}h${top.inLow ? ' low' : ''}${tired.length > 1 ? ` +${tired.length - 1}` : ''}`
    : 'staff rested'];
  const handing = staff.filter((s) => s.handover).map((s) => s.node);
  if (handing.length > 0) parts.push(`handover ${handing[0]}${handing.length > 1 ? ` +${handing.length - 1}` : ''}`);
  for (const s of staff) {
    if (!s.augmentees) continue;
    const a = s.augmentees;
    parts.push(a.in_s > 0 ? `${s.node} +${a.capacity} in ${readableDuration(Math.round(a.in_s / 60) * 60)}` : `${s.node} +${a.capacity} on`);
  }
  const tone: Tone = (top?.slowdown ?? 1) >= 1.2 || handing.length > 0 ? 'warn' : 'dim';
  // Whole parts to a line (a part is never split across lines), at most two lines.
  const out: string[] = [];
  let line = '';
  for (const p of parts) {
    const next = line ? `${line} · ${p}` : `  ${p}`;
    if (line && columns(next) > width) { out.push(line); line = `  ${p}`; } else line = next;
  }
  if (line) out.push(line);
  return out.slice(0, 2).map((text) => ({ text: fit(text, width), tone }));
}

/**
 * The panel for one structure: open decisions in detail, then settled ones, within maxLines.
 * Lines wrap rather than cut (a cut line hid who held a decision and why); node ids are spelled
 * out at their first use in the panel when a namer is given.
 */
export function panelLines(title: string, view: { open: DecisionView[]; settled: DecisionView[] }, now: number, width: number, maxLines: number, namer?: NodeNamer, stock: readonly AssetLevel[] = [], staff: readonly StaffView[] = []): Line[] {
  const lines: Line[] = [{ text: fit(title, width), tone: 'title' }];
  // Inventories first: when munitions run out, that is the news (at most a third of the panel;
  // a cut list says so).
  const stockShown = stockLines(stock, width);
  const room0 = Math.max(1, Math.floor(maxLines / 3));
  if (stockShown.length > room0) {
    stockShown.length = room0;
    const last = stockShown[room0 - 1]!;
    last.text = [...last.text].length < width ? `${last.text}…` : `${[...last.text].slice(0, width - 1).join('')}…`;
  }
  lines.push(...stockShown);
  // The staff line only where it leaves room for a decision below it.
  if (maxLines - lines.length >= 4) lines.push(...staffLines(staff, width));
  const room = () => maxLines - lines.length;
  const hidden = { open: 0 };
  const wrapped = (text: string, tone: Tone, indent: string, first = '') => wrapLine(text, width, indent, first).map((t) => ({ text: t, tone }));
  for (const d of view.open) {
    const left = timeLeft(d, now);
    const label = d.occurrence > 1 ? `${d.key} #${d.occurrence}` : d.key;
    // Time left first: it is what a long decision name must not push off the panel.
    const block = wrapped(`▸ ${left.text} · ${label}`, left.tone === 'bad' ? 'bad' : 'normal', '    ');
    // Names go into the prose (the detail), not into statechart state names like decide@csjs.
    const trackLines = (t: TrackView, spell: (s: string) => string) =>
      wrapped(`${t.nation} ${t.step === 'done' ? '' : `${t.step} · `}${spell(t.detail)}`, STATUS_TONE[t.status], '     ', '  ');
    // Measured as it would be named: a decision that does not fit introduces no name.
    const measured = d.tracks.flatMap((t) => trackLines(t, (x) => (namer ? namer.preview(x) : x)));
    // An open decision needs its heading and its tracks; the hops line is a bonus.
    if (room() < block.length + measured.length) { hidden.open++; continue; }
    lines.push(...block);
    for (const t of d.tracks) lines.push(...trackLines(t, (x) => (namer ? namer.expand(x) : x)));
    for (const t of d.tracks) {
      if (t.hops.length === 0 || t.status === 'done' || room() <= 1) continue;
      const prefix = `    ${t.nation}: `;
      lines.push({ text: prefix + fitEnd(t.hops.map((h) => `${h.step} ${formatDuration(h.seconds)}`).join(' › '), width - prefix.length), tone: 'dim' });
    }
  }
  if (hidden.open > 0) lines.push({ text: fit(`  … ${hidden.open} more open`, width), tone: 'dim' });
  if (view.open.length === 0) lines.push({ text: fit('  no decision in flight', width), tone: 'dim' });
  for (const d of view.settled) {
    if (room() < 1) break;
    const s = settledText(d);
    const settled = wrapped(s.text, s.tone, '    ', '  ');
    if (room() < settled.length) break;
    lines.push(...settled);
  }
  return lines.slice(0, maxLines);
}

export const SPEEDS = [1, 10, 60, 300, 1800, 7200] as const;
export const DEFAULT_SPEED_INDEX = 2;

export function speedLabel(s: number): string {
  return `${formatDuration(s)}/s`;
}

/** Words wrapped to a width; blank lines separate paragraphs, single newlines are spaces. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of terminalSafe(text).trim().split(/\n\s*\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) { out.push(line); line = word; }
      else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
    out.push('');
  }
  out.pop();
  return out.map((l) => fit(l, width));
}
