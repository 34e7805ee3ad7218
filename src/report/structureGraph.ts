/** A command structure as Mermaid (flowchart) or Graphviz DOT: nodes by nation, links by channel. */
import { formatDuration } from '../model/duration.js';
import { meanOf } from '../model/distribution.js';
import type { Structure } from '../model/structure.js';
import { linkId } from '../model/structure.js';

export function structureGraph(s: Structure, format: 'mermaid' | 'dot'): string {
  const nations = [...new Set(s.nodes.map((n) => n.nation))].sort();
  // Nation names are data from the file (the structure's nations map): escaped like every label.
  const nationName = (code: string) => s.nations[code] ?? code;
  const deciders = new Map<string, string[]>();
  for (const [kind, tracks] of Object.entries(s.authority)) {
    for (const t of tracks ?? []) {
      const top = t.chain[t.chain.length - 1]!;
      for (const n of [top, ...t.delegations.map((d) => d.to)]) {
        if (!deciders.has(n)) deciders.set(n, []);
        if (!deciders.get(n)!.includes(kind)) deciders.get(n)!.push(kind);
      }
    }
  }
  const nodeLabel = (id: string) => {
    const n = s.nodes.find((x) => x.id === id)!;
    const hours = n.dutyHours === 'always' ? '24/7' : `${n.dutyHours.start}–${n.dutyHours.end}`;
    const decides = deciders.get(id);
    return [n.name, `${id} · ${n.timeZone} · ${hours} · capacity ${n.capacity}`, decides ? `decides: ${decides.join(', ')}` : '']
      .filter(Boolean);
  };
  const linkLabel = (l: Structure['links'][number]) => `${l.channel} ~${formatDuration(meanOf(l.latency))}${l.cyberDegradable ? ' (cyber)' : ''}`;

  if (format === 'mermaid') {
    // The title is YAML front matter: anything but plain words goes as a JSON string (which is a
    // YAML string), so a name cannot add keys.
    const title = plainWords(s.name) ? s.name : JSON.stringify(s.name.replace(/[\r\n]+/g, ' '));
    const out = ['---', `title: ${title}`, '---', 'flowchart LR'];
    for (const nation of nations) {
      out.push(`  subgraph ${nation} [${plainWords(nationName(nation)) ? nationName(nation) : `"${mermaidText(nationName(nation))}"`}]`);
      for (const n of s.nodes.filter((x) => x.nation === nation)) out.push(`    ${mid(n.id)}["${nodeLabel(n.id).map(mermaidText).join('<br/>')}"]`);
      out.push('  end');
    }
    for (const l of s.links) out.push(`  ${mid(l.from)} ${l.cyberDegradable ? '-.-' : '---'}|"${linkLabel(l)}"| ${mid(l.to)}`);
    return out.join('\n') + '\n';
  }
  const out = [`graph ${q(s.id)} {`, `  label=${q(s.name)}; rankdir=LR; node [shape=box, style=rounded];`];
  for (const nation of nations) {
    out.push(`  subgraph cluster_${nation} {`, `    label=${q(nationName(nation))};`);
    for (const n of s.nodes.filter((x) => x.nation === nation)) out.push(`    ${q(n.id)} [label="${nodeLabel(n.id).map(dotText).join('\\n')}"];`);
    out.push('  }');
  }
  for (const l of s.links) out.push(`  ${q(l.from)} -- ${q(l.to)} [label=${q(linkLabel(l))}, id=${q(linkId(l))}${l.cyberDegradable ? ', style=dashed' : ''}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

/** A name of plain words, safe unquoted in Mermaid (anything else is quoted and escaped). */
const plainWords = (x: string) => /^[\p{L}\p{N}][\p{L}\p{N} ()–.,/-]*$/u.test(x);

/**
 * A DOT string: backslashes and quotes escaped (else a name ending in a backslash would close the
 * string early and the rest of it become DOT, e.g. a javascript: URL), a line break as DOT's \n.
 */
const dotText = (x: string) => x.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
const q = (x: string) => `"${dotText(x)}"`;

/** Text inside a quoted Mermaid label: its entity codes for quotes and angle brackets, one line. */
const mermaidText = (x: string) => x.replace(/[\r\n]+/g, ' ').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** Mermaid ids cannot contain hyphens in every renderer: map them. */
const mid = (id: string) => id.replace(/-/g, '_');
