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
 * One line, wrapped at spaces to `width`; continuation lines start with `indent`. A word longer
 * than a line is cut, so no line is ever wider than `width`.
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
    if (cur.trim() !== '') out.push(cur);
    let rest = chunk.trimStart();
    // A single word wider than the room left is cut into pieces that fit.
    while (columns(indent + rest) > width) {
      const room = Math.max(1, width - columns(indent));
      out.push(indent + [...rest].slice(0, room).join(''));
      rest = [...rest].slice(room).join('');
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
