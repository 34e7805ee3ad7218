/**
 * How far the time on a critical path can be trusted: each span's seconds counted under the
 * confidence of the number that produced it (src/model/ranges.ts's rule for an unstated one):
 * processing, queueing and after-hours waits under the node's; transmission under the link's
 * (the weakest, when a message crossed several: the time rests on all of them); detection
 * under the inject's; waiting for a magazine or a sortie pool under the asset's (the weakest).
 */
import type { Confidence } from '../model/fields.js';
import { confidenceOf } from '../model/ranges.js';
import type { Plan } from '../engine/plan.js';
import type { Segment } from '../engine/runResult.js';

export type ConfidenceSeconds = Record<Confidence, number>;

const ORDER: Confidence[] = ['U', 'L', 'M', 'H'];
const weakest = (cs: Confidence[]) => ORDER.find((c) => cs.includes(c)) ?? 'U';

export function pathConfidence(plan: Plan, inject: string, segments: readonly Segment[]): ConfidenceSeconds {
  const out: ConfidenceSeconds = { H: 0, M: 0, L: 0, U: 0 };
  const links = new Map(plan.links.map((l) => [l.id, l]));
  for (const seg of segments) {
    let c: Confidence;
    if (seg.mechanism === 'detection') {
      const inj = plan.injects.get(inject)?.def;
      c = inj ? confidenceOf(inj) : 'U';
    } else if (seg.mechanism === 'transmission') {
      c = weakest((seg.links ?? []).map((id) => { const l = links.get(id); return l ? confidenceOf(l) : 'U'; }));
    } else if (seg.mechanism === 'supply') {
      // Waiting for rounds or sorties rests on the stocks and rates of the assets waited for.
      c = weakest((seg.assets ?? []).map((id) => { const a = plan.assets.find((x) => x.id === id); return a ? confidenceOf(a) : 'U'; }));
    } else if (seg.mechanism === 'fatigue' || seg.mechanism === 'handover') {
      // Endurance time rests on the endurance figures and the node's: the weaker of the two.
      const node = plan.nodes.get(seg.node);
      c = weakest([node ? confidenceOf(node.def) : 'U', node?.endurance ? confidenceOf(node.endurance.def) : 'U']);
    } else {
      const node = plan.nodes.get(seg.node)?.def;
      c = node ? confidenceOf(node) : 'U';
    }
    out[c] += seg.end - seg.start;
  }
  return out;
}
