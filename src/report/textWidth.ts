/**
 * Terminal text that fits a width (80 columns by default): words wrapped with a hanging indent.
 * Widths count code points, which is what a terminal shows for the text c2sim prints (no wide
 * CJK glyphs in its own text; input text is sanitised before it gets here).
 */
export const TERMINAL_WIDTH = 80;

/** The number of columns a line takes. */
export function columns(line: string): number {
  return [...line].length;
}

/**
 * Where a word too wide for a line may break without a space: after `,` `;` `=` `|` `&` `/`,
 * before an opening bracket, or before the `.` that follows a `]` — the joints of JSON values,
 * field paths and file paths. Failing those, before a `.` between letters (`legacy.links`).
 * Returns how many code points of `word` to keep on this line (at most `room`; a break that
 * would keep less than `least` is not taken), or 0 where no joint fits.
 */
export function tokenBreak(word: string, room: number, least = 1): number {
  const cp = [...word];
  const at = (i: number, strong: boolean) => {
    const a = cp[i - 1]!;
    const b = cp[i]!;
    if (strong) return ',;=|&/'.includes(a) || ('[{('.includes(b) && !'[{('.includes(a)) || (b === '.' && a === ']');
    return b === '.' && /[A-Za-z0-9_-]/.test(a) && /[A-Za-z]/.test(cp[i + 1] ?? '');
  };
  for (const strong of [true, false]) {
    for (let i = Math.min(room, cp.length - 1); i >= Math.max(1, least); i--) if (at(i, strong)) return i;
  }
  return 0;
}

const head = (s: string, n: number) => [...s].slice(0, n).join('');
const tail = (s: string, n: number) => [...s].slice(n).join('');

/**
 * One line, wrapped at spaces to `width`; continuation lines start with `indent`. A word longer
 * than a line breaks at a token joint (see tokenBreak) where one fits, filling the line it
 * starts on; else it is cut, so no line is ever wider than `width`.
 */
export function wrapLine(line: string, indent = '    ', width = TERMINAL_WIDTH): string[] {
  if (columns(line) <= width) return [line];
  // Each chunk keeps the spaces before it, so column padding inside the first line survives.
  const chunks = line.match(/\s*\S+/g) ?? [];
  const out: string[] = [];
  let cur = '';
  for (const chunk of chunks) {
    if (columns(cur + chunk) <= width) {
      cur += chunk;
      continue;
    }
    let rest = chunk.trimStart();
    if (columns(indent + rest) > width) {
      // Wider than any line: its first pieces fill this one, from the last joint that fits.
      const start = cur + chunk.slice(0, chunk.length - rest.length);
      const room = width - columns(start);
      const keep = tokenBreak(rest, room) || (cur.trim() === '' ? Math.max(1, room) : 0);
      if (keep > 0) {
        out.push(start + head(rest, keep));
        rest = tail(rest, keep);
      } else if (cur.trim() !== '') {
        out.push(cur);
      }
      const full = Math.max(1, width - columns(indent));
      while (columns(indent + rest) > width) {
        // A joint that keeps at least half a line; else a hard cut.
        const cut = tokenBreak(rest, full, Math.ceil(full / 2)) || full;
        out.push(indent + head(rest, cut));
        rest = tail(rest, cut);
      }
    } else if (cur.trim() !== '') {
      out.push(cur);
    }
    cur = indent + rest;
  }
  if (cur.trim() !== '' || out.length === 0) out.push(cur);
  return out;
}

/** Every line of a text wrapped to the width (see wrapLine). */
export function fitText(text: string, indent = '    ', width = TERMINAL_WIDTH): string {
  return text.split('\n').flatMap((l) => wrapLine(l, indent, width)).join('\n');
}

/** `head tail` on one line if it fits; else the tail on a line of its own, indented. */
export function lineOrTwo(head: string, tail: string, indent: string, width = TERMINAL_WIDTH): string[] {
  const one = `${head} ${tail}`;
  return columns(one) <= width ? [one] : [head, indent + tail];
}
