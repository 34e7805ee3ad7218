/**
 * c2sim as a library, for scripts and notebooks:
 *
 *   import { loadScenario, runBatch } from 'c2sim';
 *   const report = runBatch({ scenario: loadScenario('nk-irbm-overflight'), runs: 500, seed: 7 });
 *
 * Everything here is deterministic: the same inputs and seed give the same results.
 */
export { loadScenario, loadStructure, parseScenario, parseStructure, bundledScenarios, bundledStructures } from './model/load.js';
export type { LoadedScenario, LoadedStructure } from './model/load.js';
export type { Scenario, Inject, DecisionPoint } from './model/scenario.js';
export type { Structure } from './model/structure.js';
export type { Report, ReportDecision, StructureResult, PairedResult } from './model/report.js';
export { reportSchema, REPORT_SCHEMA_VERSION } from './model/report.js';
export { jsonSchema } from './model/jsonSchema.js';
export { InputError } from './model/inputError.js';
export { DECISION_KINDS } from './model/fields.js';
export { compilePlan } from './engine/plan.js';
export type { Plan } from './engine/plan.js';
export { Simulation, simulate, decisionStatechart } from './engine/simulation.js';
export type { SimulationOptions } from './engine/simulation.js';
export type { RunResult, DecisionOutcome, Segment, Cause, TimelineEvent } from './engine/runResult.js';
export { runBatch, DEFAULT_RUNS, DEFAULT_SEED } from './analysis/batch.js';
export type { BatchOptions } from './analysis/batch.js';
export { summaryTable } from './report/table.js';
