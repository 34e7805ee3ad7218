/** The attribution of a reform's effect to its elements (`c2sim attribute --json`). */
import { z } from 'zod';

const interval = z.tuple([z.number(), z.number()]).nullable();
const file = z.strictObject({ id: z.string(), file: z.string(), sha256: z.string() });

export const attributionSchema = z.strictObject({
  attribution: z.strictObject({
    tool: z.strictObject({ name: z.literal('c2sim'), version: z.string() }),
    scenario: file,
    baseline: file,
    reformed: file,
    seed: z.string(),
    runs: z.number().int().positive(),
    subsets: z.number().int().positive().meta({ description: 'Subsets of elements simulated (2^elements), each on every run' }),
    notes: z.array(z.string()),
  }),
  elements: z.array(z.strictObject({
    name: z.string(),
    merged: z.array(z.string()).meta({ description: 'The elements (as the file names them) merged into this one; itself alone when none were' }),
    changes: z.array(z.string()).meta({ description: 'The reform.changes paths it applies' }),
  })),
  decisions: z.array(z.strictObject({
    inject: z.string(),
    decision: z.string(),
    pairs: z.number().int().nonnegative().meta({ description: 'Runs in which every subset faced the decision' }),
    baseline_s: z.number().nullable().meta({ description: 'Mean restricted time to execution in the baseline, seconds' }),
    reformed_s: z.number().nullable().meta({ description: 'The same with every element applied' }),
    difference_s: z.number().nullable().meta({ description: 'reformed − baseline: negative is time saved' }),
    ci95_s: interval,
    elements: z.array(z.strictObject({
      element: z.string(),
      shapley_s: z.number().nullable().meta({ description: 'This element\'s share of difference_s (Shapley value); the shares add up to it' }),
      ci95_s: interval,
    })),
  })),
});

export type Attribution = z.infer<typeof attributionSchema>;
