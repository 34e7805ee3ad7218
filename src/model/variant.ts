/**
 * A what-if variant: a named, cited bundle of overrides (`scenarios/variants/*.yaml`), so a
 * "stalled transition" or a "degraded trans-Pacific link" is one flag and leaves the bundled
 * structures untouched.
 */
import { z } from 'zod';
import { citation, id, sources } from './fields.js';
import type { Override } from './override.js';

export const variantSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().min(1),
  sources: sources.default({}),
  ...citation,
  set: z.record(z.string().regex(/^[a-z][a-z0-9-]*\..+$/, { error: 'expected keys like "jfhq.nodes[usfj].capacity" (target, then path)' }), z.unknown())
    .refine((m) => Object.keys(m).length > 0, { error: 'expected at least one override' })
    .meta({ description: 'Overrides: "<structure id or scenario>.<path>": <value>' }),
});

export type Variant = z.output<typeof variantSchema>;

/** Where a variant was read from, so each override's errors point at its key in the file. */
export interface VariantSource {
  file: string;
  locate: (path: (string | number)[]) => { line: number; col: number } | undefined;
}

export function variantOverrides(v: Variant, source?: VariantSource): Override[] {
  return Object.entries(v.set).map(([key, value]) => {
    const dot = key.indexOf('.');
    const o: Override = { target: key.slice(0, dot), path: key.slice(dot + 1), value, from: v.id };
    return source ? { ...o, origin: { file: source.file, position: source.locate(['set', key]) } } : o;
  });
}
