/**
 * Node ids (cas, ado, c7f) in running text, spelled out the first time each appears: a reader
 * new to the alliance's acronyms learns each once, then reads the short form.
 */

export interface NamedNode { id: string; name: string }

/** The name without its parenthetical: "US Forces Japan (administrative command)" → "US Forces Japan". */
export function shortName(name: string): string {
  return name.replace(/\s*\(.*$/s, '').trim() || name;
}

/** Ids of the nodes of the given structures, to their short names (the first structure's wins). */
export function nodeNameMap(structures: { nodes: readonly NamedNode[] }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of structures) for (const n of s.nodes) if (!names.has(n.id)) names.set(n.id, shortName(n.name));
  return names;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Expands ids in text in the order they are read: `expand` remembers which ids it has spelled
 * out. An id is a whole word: inside a link (`csjs--indopacom`) yes, inside `warn-public` no.
 */
export class NodeNamer {
  private readonly seen = new Set<string>();
  private readonly pattern: RegExp | undefined;

  constructor(private readonly names: ReadonlyMap<string, string>) {
    const ids = [...names.keys()].sort((a, b) => b.length - a.length).map(escape);
    this.pattern = ids.length ? new RegExp(`(?<=^|[^\\w-]|--)(${ids.join('|')})(?=$|[^\\w-]|--)`, 'g') : undefined;
  }

  expand(text: string): string {
    return this.spell(text, true);
  }

  /** What expand would write, without remembering it (to measure before committing a line). */
  preview(text: string): string {
    return this.spell(text, false);
  }

  private spell(text: string, remember: boolean): string {
    if (!this.pattern) return text;
    const now = new Set<string>();
    return text.replace(this.pattern, (id) => {
      if (this.seen.has(id) || now.has(id)) return id;
      now.add(id);
      if (remember) this.seen.add(id);
      return `${this.names.get(id)} (${id})`;
    });
  }

  /**
   * For text where a name cannot stand in for its id (a list of links, `csjs--indopacom`): the
   * ids it introduces, as a gloss to append ("csjs Chief of Staff, Joint Staff; …"), or ''.
   */
  gloss(text: string): string {
    if (!this.pattern) return '';
    const fresh = [...new Set([...text.matchAll(this.pattern)].map((m) => m[1]!))].filter((id) => !this.seen.has(id));
    for (const id of fresh) this.seen.add(id);
    return fresh.map((id) => `${id} ${this.names.get(id)}`).join('; ');
  }

  /** Marks ids as introduced without writing them out (text shown elsewhere already did). */
  markSeen(text: string): void {
    if (this.pattern) for (const m of text.matchAll(this.pattern)) this.seen.add(m[1]!);
  }
}
