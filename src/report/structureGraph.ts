/** A command structure as Mermaid (flowchart) or Graphviz DOT: nodes by nation, links by channel. */
import { formatDuration } from '../model/duration.js';
import { meanOf } from '../model/distribution.js';
import type { Structure } from '../model/structure.js';
import { linkId } from '../model/structure.js';

const NATION_NAMES: Record<string, string> = { JP: 'Japan', US: 'United States' };

export function structureGraph(s: Structure, format: 'mermaid' | 'dot'): string {
  const nations = [...new Set(s.nodes.map((n) => n.nation))].sort();
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
    const out = ['---', `title: ${s.name}`, '---', 'flowchart LR'];
    for (const nation of nations) {
      out.push(`  subgraph ${nation} [${NATION_NAMES[nation] ?? nation}]`);
      for (const n of s.nodes.filter((x) => x.nation === nation)) out.push(`    ${mid(n.id)}["${nodeLabel(n.id).join('<br/>').replace(/"/g, "'")}"]`);
      out.push('  end');
    }
    for (const l of s.links) out.push(`  ${mid(l.from)} ${l.cyberDegradable ? '-.-' : '---'}|"${linkLabel(l)}"| ${mid(l.to)}`);
    return out.join('\n') + '\n';
  }
  const q = (x: string) => `"${x.replace(/"/g, '\\"')}"`;
  const out = [`graph ${q(s.id)} {`, `  label=${q(s.name)}; rankdir=LR; node [shape=box, style=rounded];`];
  for (const nation of nations) {
    out.push(`  subgraph cluster_${nation} {`, `    label=${q(NATION_NAMES[nation] ?? nation)};`);
    for (const n of s.nodes.filter((x) => x.nation === nation)) out.push(`    ${q(n.id)} [label=${q(nodeLabel(n.id).join('\\n'))}];`);
    out.push('  }');
  }
  for (const l of s.links) out.push(`  ${q(l.from)} -- ${q(l.to)} [label=${q(linkLabel(l))}, id=${q(linkId(l))}${l.cyberDegradable ? ', style=dashed' : ''}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

/** Mermaid ids cannot contain hyphens in every renderer: map them. */
const mid = (id: string) => id.replace(/-/g, '_');
