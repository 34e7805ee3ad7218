/**
 * A decision's statechart as Mermaid (stateDiagram-v2) or Graphviz DOT, read from the real
 * machine with xstate/graph — what is drawn is what runs.
 */
import type { AnyStateMachine } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';

type DNode = ReturnType<typeof toDirectedGraph>;
type Format = 'mermaid' | 'dot';

function edgeLabel(e: DNode['edges'][number]): string {
  const type = e.label.text;
  const after = /^xstate\.after\.(\w+)\./.exec(type);
  let label = after ? `after ${after[1]}` : type.startsWith('xstate.done.') ? 'all tracks done' : type;
  const guard = (e.transition as { guard?: unknown }).guard;
  if (guard) label += typeof guard === 'string' ? ` [${guard}]` : ' [guard]';
  else if (!after && (e.source.transitions.get(type)?.length ?? 0) > 1) label += ' [else]';
  return label;
}

export function statechartGraph(machine: AnyStateMachine, format: Format, title: string): string {
  const root = toDirectedGraph(machine);
  const ids = new Map<string, string>();
  const short = (id: string) => {
    let s = ids.get(id);
    if (!s) ids.set(id, (s = `s${ids.size}`));
    return s;
  };
  const edges: DNode['edges'] = [];
  const collect = (n: DNode) => { edges.push(...n.edges); n.children.forEach(collect); };
  collect(root);
  return format === 'mermaid' ? mermaid(root, edges, short, title) : dot(root, edges, short, title);
}

function mermaid(root: DNode, edges: DNode['edges'], short: (id: string) => string, title: string): string {
  const out = ['---', `title: ${title}`, '---', 'stateDiagram-v2'];
  const emit = (n: DNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const key = n.stateNode.key;
    if (n.children.length === 0) {
      out.push(`${pad}state "${key}" as ${short(n.id)}`);
      return;
    }
    out.push(`${pad}state "${key}${n.stateNode.type === 'parallel' ? ' (parallel)' : ''}" as ${short(n.id)} {`);
    const initial = n.stateNode.initial?.target?.[0];
    if (initial && n.stateNode.type !== 'parallel') out.push(`${pad}  [*] --> ${short(initial.id)}`);
    n.children.forEach((c, i) => {
      if (n.stateNode.type === 'parallel' && i > 0) out.push(`${pad}  --`);
      emit(c, depth + 1);
      if (c.stateNode.type === 'final') out.push(`${pad}  ${short(c.id)} --> [*]`);
    });
    out.push(`${pad}}`);
  };
  const initial = root.stateNode.initial?.target?.[0];
  if (initial) out.push(`  [*] --> ${short(initial.id)}`);
  root.children.forEach((c) => {
    emit(c, 1);
    if (c.stateNode.type === 'final') out.push(`  ${short(c.id)} --> [*]`);
  });
  for (const e of edges) out.push(`  ${short(e.source.id)} --> ${short(e.target.id)}: ${edgeLabel(e)}`);
  return out.join('\n') + '\n';
}

function dot(root: DNode, edges: DNode['edges'], short: (id: string) => string, title: string): string {
  // Backslashes first: a string ending in one would otherwise close early.
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
  const out = [`digraph ${q(title)} {`, '  compound=true; rankdir=TB; node [shape=box, style=rounded];', `  label=${q(title)};`];
  const emit = (n: DNode, depth: number) => {
    const pad = '  '.repeat(depth);
    if (n.children.length === 0) {
      const shape = n.stateNode.type === 'final' ? ', shape=doublecircle' : '';
      out.push(`${pad}${short(n.id)} [label=${q(n.stateNode.key)}${shape}];`);
      return;
    }
    out.push(`${pad}subgraph cluster_${short(n.id)} {`, `${pad}  label=${q(n.stateNode.key + (n.stateNode.type === 'parallel' ? ' (parallel)' : ''))};`);
    if (n.stateNode.type === 'parallel') out.push(`${pad}  style=dashed;`);
    n.children.forEach((c) => emit(c, depth + 1));
    out.push(`${pad}}`);
  };
  root.children.forEach((c) => emit(c, 1));
  // DOT edges join leaves: an edge to or from a compound state is drawn to its initial leaf.
  const leaf = (n: DNode['edges'][number]['target']): string => {
    let s = n;
    while (s.initial?.target?.[0]) s = s.initial.target[0];
    if (s.type === 'parallel') {
      const first = Object.values(s.states)[0];
      if (first) return leaf(first);
    }
    return s.id;
  };
  for (const e of edges) out.push(`  ${short(leaf(e.source))} -> ${short(leaf(e.target))} [label=${q(edgeLabel(e))}];`);
  out.push('}');
  return out.join('\n') + '\n';
}
