/** Paging through text longer than the screen: which lines show, and where a key moves to. */
import type { Key } from 'ink';

/** The largest useful offset: the last page ends at the last line. */
export function maxOffset(total: number, room: number): number {
  return Math.max(0, total - room);
}

/**
 * The new first line after a paging key, or undefined when the key is not a paging key.
 * PgDn/PgUp (and space/b, as in a pager) move a page less one line, so a line carries over;
 * ↑/↓ one line; Home/End to either end.
 */
export function scrollKey(input: string, key: Key, offset: number, total: number, room: number): number | undefined {
  const page = Math.max(1, room - 1);
  const last = maxOffset(total, room);
  const to = (n: number) => Math.min(last, Math.max(0, n));
  if (key.pageDown || input === ' ') return to(offset + page);
  if (key.pageUp || input === 'b') return to(offset - page);
  if (key.downArrow) return to(offset + 1);
  if (key.upArrow) return to(offset - 1);
  if (key.home) return 0;
  if (key.end) return last;
  return undefined;
}

/** "lines 1–21 of 64" — where the window is, for the footer. */
export function scrollPosition(offset: number, shown: number, total: number): string {
  return total <= shown ? '' : `lines ${offset + 1}–${offset + shown} of ${total}`;
}
