/** The published JSON Schemas (`c2sim schema …`), generated from the same zod schemas that validate. */
import { z } from 'zod';
import { reportSchema } from './report.js';
import { scenarioSchema } from './scenario.js';
import { structureSchema } from './structure.js';
import { variantSchema } from './variant.js';
import { comparisonSchema } from './comparison.js';
import { attributionSchema } from './attribution.js';
import { sensitivitySchema } from './sensitivity.js';

export const SCHEMA_NAMES = ['scenario', 'structure', 'variant', 'report', 'comparison', 'attribution', 'sensitivity'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const TITLES: Record<SchemaName, string> = {
  scenario: 'c2sim scenario (scenarios/*.yaml)',
  structure: 'c2sim command structure (scenarios/structures/*.yaml)',
  report: 'c2sim outcome report (c2sim run --json)',
  variant: 'c2sim what-if variant (scenarios/variants/*.yaml)',
  comparison: 'c2sim comparison of two reports (c2sim compare --json)',
  attribution: 'c2sim attribution of a reform\'s effect to its elements (c2sim attribute --json)',
  sensitivity: 'c2sim sensitivity study (c2sim sensitivity --json)',
};

const SCHEMAS = { scenario: scenarioSchema, structure: structureSchema, variant: variantSchema, report: reportSchema, comparison: comparisonSchema, attribution: attributionSchema, sensitivity: sensitivitySchema };

export function jsonSchema(name: SchemaName): Record<string, unknown> {
  // Data files are described as written (durations as strings); the report as emitted.
  const schema = SCHEMAS[name];
  const io = name === 'report' || name === 'comparison' || name === 'attribution' || name === 'sensitivity' ? 'output' : 'input';
  const out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: out.$schema, title: TITLES[name], ...out };
}
