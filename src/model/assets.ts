/**
 * Counted assets a scenario's forces hold: magazines of interceptors and missiles, and pools of
 * sorties (ISR drones). One concept for both: a count on hand at a node, drawn down by the
 * decisions that use it, and replenished — by production or deliveries (a magazine), or by each
 * unit coming back after its turnaround (a sortie pool). They belong to the scenario, not to a
 * command structure: the same stocks face every structure, so a comparison of structures never
 * differs in munitions by construction (a reform that changed stocks would be a scenario's what-if).
 */
import { z } from 'zod';
import { distribution } from './distribution.js';
import { citation, duration, id, nation, uncertainty } from './fields.js';
import type { DocIssue } from './issue.js';
import { oneOf } from './issue.js';
import { citationIssues } from './citationChecks.js';

export const MAX_UNITS = 100000;
const count = z.number().int({ error: 'expected a whole number' }).min(0, { error: 'expected zero or more' }).max(MAX_UNITS, { error: `expected at most ${MAX_UNITS}` });

export const ASSET_KINDS = ['magazine', 'sortie-pool'] as const;

export const assetSchema = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(ASSET_KINDS).meta({ description: 'magazine (rounds fired are gone) or sortie-pool (aircraft come back after their turnaround)' }),
  nation,
  node: id.meta({ description: 'The firing or flying unit that holds it; a decision of this nation draws on it when it executes there or anywhere in its track' }),
  initial: count.meta({ description: 'Rounds or aircraft on hand at the start' }),
  capacity: count.optional().meta({ description: 'At most this many on hand (production beyond it waits in depots, not modelled)' }),
  turnaround: distribution.optional().meta({ description: 'A sortie pool: each unit drawn is back this long after it was drawn' }),
  production: z.strictObject({
    rounds: count.refine((n) => n > 0, { error: 'expected at least 1 round per batch' }),
    every: duration.refine((d) => d > 0, { error: 'expected an interval above zero' }),
    start: duration.default(0).meta({ description: 'The first batch arrives this long after the scenario start plus `every`' }),
  }).optional().meta({ description: 'Resupply: `rounds` arrive every `every` (a production rate shared out to this unit)' }),
  deliveries: z.array(z.strictObject({ at: duration, rounds: count })).optional()
    .meta({ description: 'One-off deliveries, each at an offset after the scenario start' }),
  ...citation,
  ...uncertainty,
}).meta({ description: 'A counted asset: a magazine of rounds or a pool of sorties' });
export type Asset = z.output<typeof assetSchema>;

export const assetUse = z.strictObject({
  asset: id,
  rounds: z.number().int().min(1).max(1000).default(1).meta({ description: 'Units drawn each time the decision executes' }),
  waitUntil: z.enum(['deadline', 'expiry']).default('deadline')
    .meta({ description: 'With too few on hand, the decision waits for the asset until its deadline (default) or its expiry, then fails for want of it' }),
}).meta({ description: 'The decision, when its track of the asset\'s nation comes to execute, draws these units first (or waits for them)' });
export type AssetUse = z.output<typeof assetUse>;

/** Assets named once, uses naming assets that exist, every number cited. */
export function assetIssues(
  assets: readonly Asset[] | undefined,
  decisions: readonly { path: DocIssue['path']; uses?: readonly AssetUse[] | undefined }[],
  sources: Record<string, string>,
): DocIssue[] {
  const issues: DocIssue[] = [];
  const ids = (assets ?? []).map((a) => a.id);
  const seen = new Set<string>();
  (assets ?? []).forEach((a, i) => {
    const at = (...rest: (string | number)[]) => ['assets', i, ...rest];
    if (seen.has(a.id)) issues.push({ path: at('id'), message: `duplicate asset id "${a.id}"; expected each once` });
    seen.add(a.id);
    if (a.capacity !== undefined && a.initial > a.capacity) issues.push({ path: at('initial'), message: `${a.initial} on hand is above the capacity ${a.capacity}; expected initial <= capacity` });
    if (a.turnaround && a.kind !== 'sortie-pool') issues.push({ path: at('turnaround'), message: 'only a sortie-pool has a turnaround (rounds fired from a magazine do not come back); set kind: sortie-pool or remove turnaround' });
    issues.push(...citationIssues(a, sources, at()));
  });
  for (const d of decisions) {
    d.uses?.forEach((u, k) => {
      if (!ids.includes(u.asset)) issues.push({ path: [...d.path, 'uses', k, 'asset'], message: `unknown asset "${u.asset}"; ${oneOf(u.asset, ids)}` });
    });
  }
  return issues;
}
