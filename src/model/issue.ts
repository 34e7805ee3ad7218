/** A problem found in a document, located by its field path (mapped to line:column by the loader). */
export interface DocIssue {
  path: (string | number)[];
  message: string;
}

/** Closest names to a typo, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const scored = candidates
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)) || c.startsWith(word) || word.startsWith(c));
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  return scored.slice(0, max).map(({ c }) => c);
}

/** Most names an error lists in full: a longer list would bury the message. */
const LISTED = 16;

export function oneOf(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  if (near.length > 0) return `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`;
  const shown = candidates.length > LISTED ? candidates.slice(0, LISTED - 2) : candidates;
  const more = candidates.length - shown.length;
  return `expected one of ${shown.map((n) => `"${n}"`).join(', ')}${more > 0 ? `, … (${candidates.length} in all)` : ''}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
