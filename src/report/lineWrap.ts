/** One line of text wrapped to a width at spaces, the continuation lines indented (terminal output). */
import { terminalSafeLine } from './terminalSafe.js';
import { tokenBreak } from './textWidth.js';

/**
 * `first` and `rest` prefix the first and the following lines; a word longer than a line breaks
 * at a token joint (textWidth's tokenBreak) where one fits, else it is cut, so no line is ever
 * wider than `width` (counted in code points).
 */
export function wrapLine(raw: string, width: number, rest = '  ', first = ''): string[] {
  // Terminal output: an input's control characters become visible escapes before they are measured.
  const text = terminalSafeLine(raw);
  const len = (s: string) => [...s].length;
  // A line that fits keeps its spacing (columns aligned with padding stay aligned).
  if (len(first + text) <= width) return [(first + text).trimEnd()];
  const out: string[] = [];
  let line = first;
  let fresh = true;
  const push = () => { out.push(line.trimEnd()); line = rest; fresh = true; };
  for (const word of text.split(' ').filter(Boolean)) {
    let w = word;
    if (!fresh && len(line) + 1 + len(w) > width) {
      // Wider than a whole line: its first pieces fill this one, from the last joint that fits.
      const keep = len(rest) + len(w) > width ? tokenBreak(w, width - len(line) - 1) : 0;
      if (keep > 0) {
        line += ' ' + [...w].slice(0, keep).join('');
        w = [...w].slice(keep).join('');
      }
      push();
    }
    // A word that fits no line: broken at a joint that keeps at least half a line, else cut.
    while (len(line) + (fresh ? 0 : 1) + len(w) > width && width > len(line) + 1) {
      const room = width - len(line) - (fresh ? 0 : 1);
      const cut = tokenBreak(w, room, Math.ceil(room / 2)) || room;
      line += (fresh ? '' : ' ') + [...w].slice(0, cut).join('');
      w = [...w].slice(cut).join('');
      push();
    }
    line += (fresh ? '' : ' ') + w;
    fresh = false;
  }
  if (!fresh || out.length === 0) out.push(line.trimEnd());
  return out;
}

/** Keeps a line's own leading spaces, and indents its continuation two further. */
export function wrapKeepingIndent(line: string, width: number): string[] {
  const lead = /^ */.exec(line)![0];
  return wrapLine(line.slice(lead.length), width, `${lead}  `, lead);
}
