/**
 * Cross-reference checks a schema cannot express: every id names a node, tracks stay inside one
 * nation, consultation crosses the alliance, every hop a flow needs has a path of links, every
 * node has the kind of work the flows give it, and every number is cited.
 */
import type { DocIssue } from './issue.js';
import { oneOf } from './issue.js';
import type { Structure, StructureNode } from './structure.js';
import { linkId } from './structure.js';
import { CHANNEL_CARRIES, linkBetween, noRouteMessage, routable } from './routing.js';
import type { MessageKind } from './fields.js';
import { citationIssues } from './citationChecks.js';
import { structureRangeIssues } from './ranges.js';

export function checkStructure(s: Structure): DocIssue[] {
  const issues: DocIssue[] = [];
  const nodes = new Map<string, StructureNode>();
  const declared = Object.keys(s.nations);
  s.nodes.forEach((n, i) => {
    if (nodes.has(n.id)) issues.push({ path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"; expected each node id once` });
    nodes.set(n.id, n);
    if (!(n.nation in s.nations)) {
      issues.push({ path: ['nodes', i, 'nation'], message: `nation "${n.nation}" is not declared; ${oneOf(n.nation, declared)}, or add ${n.nation} to the structure's nations: map` });
    }
    if (n.convene && (n.dutyHours !== 'always' || n.afterHours)) {
      issues.push({ path: ['nodes', i, 'convene'], message: 'a body that convenes has no duty hours of its own; remove dutyHours and afterHours, or convene' });
    }
    if (n.dutyHours !== 'always' && !n.afterHours) {
      issues.push({ path: ['nodes', i, 'afterHours'], message: 'a node with duty hours needs afterHours.reachBack (the delay to reach its decision-maker outside them)' });
    }
  });
  const ids = [...nodes.keys()];
  const known = (nodeId: string, path: DocIssue['path']): StructureNode | undefined => {
    const n = nodes.get(nodeId);
    if (!n) issues.push({ path, message: `unknown node "${nodeId}"; ${oneOf(nodeId, ids)}` });
    return n;
  };

  const seenLinks = new Set<string>();
  s.links.forEach((l, i) => {
    known(l.from, ['links', i, 'from']);
    known(l.to, ['links', i, 'to']);
    if (l.from === l.to) issues.push({ path: ['links', i, 'to'], message: `a link from "${l.from}" to itself; expected two different nodes` });
    const key = [l.from, l.to].sort().join('|');
    const lid = linkId(l);
    if (seenLinks.has(key)) issues.push({ path: ['links', i], message: `a second link between "${l.from}" and "${l.to}"; expected at most one (links carry traffic both ways)` });
    if (seenLinks.has(`id:${lid}`)) issues.push({ path: ['links', i, 'id'], message: `duplicate link id "${lid}"` });
    seenLinks.add(key);
    seenLinks.add(`id:${lid}`);
    if (l.sharesTracks) {
      if (l.channel !== 'data-link') issues.push({ path: ['links', i, 'sharesTracks'], message: `shares tracks over ${l.channel}; real-time track sharing is machine to machine: make the link a data-link, or drop sharesTracks` });
      for (const end of [l.from, l.to]) {
        const n = nodes.get(end);
        if (n && !('assess' in n.processing)) issues.push({ path: ['links', i, 'sharesTracks'], message: `"${end}" receives shared tracks but has no processing.assess; add it (a track's receiver assesses it like its own)` });
      }
    }
  });

  const needsPath = (from: string, to: string, kind: MessageKind, path: DocIssue['path']) => {
    if (nodes.has(from) && nodes.has(to) && !routable(s, from, to, kind)) issues.push({ path, message: noRouteMessage(from, to, kind) });
  };
  const needsWork = (nodeId: string, kind: string, path: DocIssue['path'], role: string) => {
    const n = nodes.get(nodeId);
    if (n && !(kind in n.processing)) {
      issues.push({ path, message: `node "${nodeId}" ${role} but has no processing.${kind}; add processing.${kind} to it` });
    }
  };

  for (const [kind, tracks] of Object.entries(s.authority)) {
    const nations = new Set<string>();
    (tracks ?? []).forEach((t, ti) => {
      const at = (...rest: (string | number)[]) => ['authority', kind, ti, ...rest];
      const chainNodes = t.chain.map((c, ci) => known(c, at('chain', ci)));
      const authority = chainNodes[chainNodes.length - 1];
      const trackNation = authority?.nation;
      if (trackNation) {
        if (nations.has(trackNation)) issues.push({ path: at('chain'), message: `a second ${trackNation} track for "${kind}"; expected one track per nation` });
        nations.add(trackNation);
      }
      const sameNation = (n: StructureNode | undefined, path: DocIssue['path'], role: string) => {
        if (n && trackNation && n.nation !== trackNation) {
          issues.push({ path, message: `${role} "${n.id}" is ${n.nation} but the track's authority is ${trackNation}; a track stays inside one nation (use consult to cross the alliance)` });
        }
      };
      if (new Set(t.chain).size !== t.chain.length) issues.push({ path: at('chain'), message: 'a node appears twice in the chain; expected each once, lowest first' });
      t.chain.forEach((c, ci) => {
        sameNation(chainNodes[ci], at('chain', ci), 'chain node');
        needsWork(c, 'assess', at('chain', ci), 'is in the chain of command for ' + kind);
        if (ci > 0) needsPath(t.chain[ci - 1]!, c, 'escalation', at('chain', ci));
      });
      const deciders = new Set([t.chain[t.chain.length - 1]!]);
      t.delegations.forEach((d, di) => {
        if (!t.chain.includes(d.to)) {
          issues.push({ path: at('delegations', di, 'to'), message: `delegation to "${d.to}", which is not in the chain [${t.chain.join(', ')}]; delegate to a node the decision passes through` });
        }
        deciders.add(d.to);
        issues.push(...citationIssues(d, s.sources, at('delegations', di)));
        (d.consult ?? []).forEach((c, cci) => checkConsult(c, at('delegations', di, 'consult', cci), [d.to]));
      });
      for (const d of deciders) needsWork(d, 'decide', at('chain'), `may decide "${kind}"`);
      function checkConsult(c: string, path: DocIssue['path'], consulters = trackConsulters) {
        const n = known(c, path);
        if (n && trackNation && n.nation === trackNation) {
          issues.push({ path, message: `consults "${c}", a ${n.nation} node; consultation is across the alliance, so expected a node of another nation` });
        }
        needsWork(c, 'coordinate', path, `is consulted on "${kind}"`);
        for (const d of consulters) needsPath(d, c, 'consultation', path);
      }
      // The track's consult list is the authority's, and a delegate's that names none of its own.
      const trackConsulters = [...deciders].filter((d) => t.delegations.every((x) => x.to !== d || x.consult === undefined));
      t.consult.forEach((c, ci) => checkConsult(c, at('consult', ci)));
      t.taskVia.forEach((v, vi) => {
        sameNation(known(v, at('taskVia', vi)), at('taskVia', vi), 'taskVia node');
        needsWork(v, 'task', at('taskVia', vi), `passes orders for "${kind}"`);
      });
      sameNation(known(t.executor, at('executor')), at('executor'), 'executor');
      needsWork(t.executor, 'task', at('executor'), `executes "${kind}"`);
      const down = [...t.taskVia, t.executor];
      for (const d of deciders) needsPath(d, down[0]!, 'tasking', at('taskVia'));
      for (let i = 1; i < down.length; i++) needsPath(down[i - 1]!, down[i]!, 'tasking', at('taskVia'));
      issues.push(...citationIssues(t, s.sources, at()));
    });
  }

  s.nodes.forEach((n, i) => {
    for (const [kind, works] of Object.entries(n.processingFor)) {
      for (const work of Object.keys(works ?? {})) {
        if (!(work in n.processing)) {
          issues.push({ path: ['nodes', i, 'processingFor', kind, work], message: `overrides processing.${work}, which the node does not have; add processing.${work} first` });
        }
      }
    }
    issues.push(...citationIssues(n, s.sources, ['nodes', i]));
  });
  s.links.forEach((l, i) => issues.push(...citationIssues(l, s.sources, ['links', i])));

  // A named route must be one a message can take: known nodes, each step a link that carries
  // every kind it names, each node in between one that relays, and one route per pair and kind.
  const named = new Set<string>();
  s.routes.forEach((r, ri) => {
    const at = (...rest: (string | number)[]) => ['routes', ri, ...rest];
    known(r.from, at('from'));
    known(r.to, at('to'));
    r.via.forEach((v, vi) => {
      const n = known(v, at('via', vi));
      if (n && !('relay' in n.processing)) issues.push({ path: at('via', vi), message: `"${v}" relays nothing (no processing.relay); add processing.relay to it, or route around it` });
    });
    const hops = [r.from, ...r.via, r.to];
    if (new Set(hops).size !== hops.length) issues.push({ path: at('via'), message: 'the route visits a node twice; expected each node once, from first, to last' });
    for (let i = 1; i < hops.length; i++) {
      const a = hops[i - 1]!;
      const b = hops[i]!;
      if (!nodes.has(a) || !nodes.has(b)) continue;
      for (const kind of r.messages) {
        if (linkBetween(s.links, a, b, kind) >= 0) continue;
        const any = s.links.find((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a));
        const place = r.via.length === 0 ? at('to') : at('via', Math.min(i - 1, r.via.length - 1));
        issues.push({
          path: place,
          message: any
            ? `the link ${linkId(any)} is ${any.channel}, which carries no ${kind} (it carries ${CHANNEL_CARRIES[any.channel].join(', ')}); route the ${kind} another way`
            : `no link between "${a}" and "${b}" on the route; add one, or change via`,
        });
      }
    }
    for (const kind of r.messages) {
      const key = `${[r.from, r.to].sort().join('|')}|${kind}`;
      if (named.has(key)) issues.push({ path: at('messages'), message: `a second route for a ${kind} between "${r.from}" and "${r.to}"; expected at most one` });
      named.add(key);
    }
    issues.push(...citationIssues(r, s.sources, at()));
  });
  // A reform change is a claim about the world: it cites its source like a number does.
  s.reform?.changes.forEach((c, i) => issues.push(...citationIssues(c, s.sources, ['reform', 'changes', i])));
  issues.push(...structureRangeIssues(s));
  return issues;
}
