/**
 * How messages find their way between headquarters: which channels carry which kind of message,
 * which nodes pass messages on (and at what cost), and the routes a structure names itself.
 *
 * A message is a report (a detector's track to the chain), an escalation (up one's own chain), a
 * consultation or its reply (across the alliance), or a tasking (orders down). It travels only
 * on links whose channel carries its kind; between links it passes through nodes that relay —
 * those with `processing.relay`, the staff time to handle a message on its way elsewhere, queued
 * like any other staff work. A node without it relays nothing. A structure may name the route of
 * a kind of message between two nodes (`routes:`); otherwise the message takes the allowed
 * route of least expected time.
 */
import { z } from 'zod';
import { citation, id, messageKind, type Channel, type MessageKind } from './fields.js';

/**
 * Which kinds of message each channel carries. The public record does not spell this out; the
 * table is an assumption (confidence M), stated in the README:
 *  - data-link: machine-to-machine track data (JADGE). It carries reports, the track going up the
 *    chain and engagement orders down, but no deliberation: a consultation is a conversation.
 *  - vtc: a conference convened to confer — the ACM's coordination centers met by video
 *    conference (DOMAIN.md, 9 Sep 2016, H). Reports, escalations and orders do not wait for one
 *    to convene, so a VTC carries consultations only.
 *  - secure-voice, record-message, liaison: general-purpose; they carry every kind.
 */
export const CHANNEL_CARRIES: Readonly<Record<Channel, readonly MessageKind[]>> = {
  'data-link': ['report', 'escalation', 'tasking'],
  vtc: ['consultation'],
  'secure-voice': ['report', 'escalation', 'consultation', 'tasking'],
  'record-message': ['report', 'escalation', 'consultation', 'tasking'],
  liaison: ['report', 'escalation', 'consultation', 'tasking'],
};

export function carries(channel: Channel, kind: MessageKind): boolean {
  return CHANNEL_CARRIES[channel].includes(kind);
}

export const routeSchema = z.strictObject({
  from: id,
  to: id,
  via: z.array(id).default([]).meta({ description: 'The nodes the message passes through, in order from `from` (each must relay); [] for the direct link' }),
  messages: z.array(messageKind).min(1).default(['consultation'])
    .meta({ description: 'The kinds of message that take this route (default: consultations and their replies)' }),
  ...citation,
}).meta({ description: 'A named route: messages of these kinds between the two nodes (either way) take exactly this path, and wait while a link on it is down' });

export type Route = z.output<typeof routeSchema>;

/** The named route for a message, as the nodes it visits (from first), or undefined. */
export function namedRoute(routes: readonly Route[], from: string, to: string, kind: MessageKind): string[] | undefined {
  for (const r of routes) {
    if (!r.messages.includes(kind)) continue;
    if (r.from === from && r.to === to) return [from, ...r.via, to];
    if (r.from === to && r.to === from) return [from, ...[...r.via].reverse(), to];
  }
  return undefined;
}

export interface RouteLink { from: string; to: string; channel: Channel }

/**
 * The least-cost path from one node to another for a kind of message, as link indices (Dijkstra;
 * ties go to file order), or null when there is none. `linkCost` is undefined for a link that is
 * down; `relayCost` is undefined for a node that does not relay.
 */
export function leastCostPath(
  links: readonly RouteLink[], from: string, to: string, kind: MessageKind,
  linkCost: (i: number) => number | undefined, relayCost: (node: string) => number | undefined,
): number[] | null {
  if (from === to) return [];
  const dist = new Map<string, number>([[from, 0]]);
  const via = new Map<string, number>();
  const done = new Set<string>();
  for (;;) {
    let cur: string | undefined;
    let best = Infinity;
    for (const [n, d] of dist) if (!done.has(n) && d < best) { best = d; cur = n; }
    if (cur === undefined || cur === to) break;
    done.add(cur);
    let base = best;
    if (cur !== from) {
      const relay = relayCost(cur);
      if (relay === undefined) continue;
      base += relay;
    }
    links.forEach((l, i) => {
      const other = l.from === cur ? l.to : l.to === cur ? l.from : undefined;
      if (other === undefined || !carries(l.channel, kind)) return;
      const c = linkCost(i);
      if (c === undefined) return;
      if (base + c < (dist.get(other) ?? Infinity)) {
        dist.set(other, base + c);
        via.set(other, i);
      }
    });
  }
  if (!dist.has(to)) return null;
  const path: number[] = [];
  for (let n = to; n !== from;) {
    const i = via.get(n)!;
    path.unshift(i);
    const l = links[i]!;
    n = l.from === n ? l.to : l.from;
  }
  return path;
}

/** The link between two nodes (either way) that carries a kind of message, as an index, or -1. */
export function linkBetween(links: readonly RouteLink[], a: string, b: string, kind: MessageKind): number {
  return links.findIndex((l) => ((l.from === a && l.to === b) || (l.from === b && l.to === a)) && carries(l.channel, kind));
}

/** What `validate` says when a message has no route: what it may travel on, and the fixes. */
export function noRouteMessage(from: string, to: string, kind: MessageKind): string {
  const channels = (Object.keys(CHANNEL_CARRIES) as Channel[]).filter((c) => carries(c, kind));
  return `no route for a ${kind} from "${from}" to "${to}" over links that carry it (${channels.join(', ')}) through nodes that relay (processing.relay); add a link, let a node on the way relay, or name a route`;
}

interface RoutedStructure {
  nodes: readonly { id: string; processing: Partial<Record<string, unknown>> }[];
  links: readonly RouteLink[];
  routes: readonly Route[];
}

/**
 * Whether a kind of message can travel from one node to another at all: over its named route
 * (checked on its own, see checkRoutes), or else over carrying links through relaying nodes.
 */
export function routable(s: RoutedStructure, from: string, to: string, kind: MessageKind): boolean {
  if (from === to || namedRoute(s.routes, from, to, kind)) return true;
  const relays = new Set(s.nodes.filter((n) => 'relay' in n.processing).map((n) => n.id));
  return leastCostPath(s.links, from, to, kind, () => 1, (n) => (relays.has(n) ? 0 : undefined)) !== null;
}
