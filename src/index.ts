/**
 * c2sim as a library, for scripts and notebooks:
 *
 *   import { loadScenario, runBatch } from 'c2sim';
 *   const report = runBatch({ scenario: loadScenario('nk-irbm-overflight'), runs: 500, seed: 7 });
 *
 * Everything here is deterministic: the same inputs and seed give the same results.
 */
export { loadScenario, loadStructure, loadVariant, parseScenario, parseStructure, bundledScenarios, bundledStructures, bundledVariants } from './model/load.js';
export type { LoadedScenario, LoadedStructure, LoadedVariant } from './model/load.js';
export { parseSet } from './model/override.js';
export { structureDifferences, markedDifferences, reformIssues, describeDifference } from './model/reform.js';
export type { StructureDifference } from './model/reform.js';
export { reformProblems } from './model/load.js';
export type { Override } from './model/override.js';
export { rangedInputs, scenarioRanges, structureRanges, setArgument, confidenceOf, RANGE_RULE } from './model/ranges.js';
export type { RangedInput, InputKind } from './model/ranges.js';
export { studyInputs, studyLabel, studySets, delegationSwitches } from './model/studyInputs.js';
export type { StudyInput } from './model/studyInputs.js';
export { runSweep, parseSweepSet, parseSweepVariants } from './analysis/sweep.js';
export type { SweepDimension, SweepPoint } from './analysis/sweep.js';
export type { Confidence } from './model/fields.js';
export type { Scenario, Inject, DecisionPoint } from './model/scenario.js';
export type { Structure } from './model/structure.js';
export type { Report, ReportDecision, StructureResult, PairedResult, ReportBranch, BranchDecision } from './model/report.js';
export { reportSchema, REPORT_SCHEMA_VERSION } from './model/report.js';
export { jsonSchema } from './model/jsonSchema.js';
export { InputError, InputErrors } from './model/inputError.js';
export { DECISION_KINDS } from './model/fields.js';
export { compilePlan } from './engine/plan.js';
export type { Plan } from './engine/plan.js';
export { Simulation, simulate, decisionStatechart } from './engine/simulation.js';
export type { SimulationOptions } from './engine/simulation.js';
export type { RunResult, DecisionOutcome, Segment, Cause, TimelineEvent } from './engine/runResult.js';
export { runBatch, DEFAULT_RUNS, DEFAULT_SEED } from './analysis/batch.js';
export { runBatchParallel } from './analysis/parallel.js';
export { mergeParts } from './analysis/shard.js';
export { runSensitivity } from './analysis/sensitivity.js';
export type { SensitivityOptions } from './analysis/sensitivity.js';
export { sensitivitySchema, SENSITIVITY_VERSION } from './model/sensitivity.js';
export type { Sensitivity } from './model/sensitivity.js';
export type { BatchOptions } from './analysis/batch.js';
export { compareReports, parseReport, readReport } from './analysis/compare.js';
export type { Comparison } from './model/comparison.js';
export { rateObjectives } from './analysis/ratings.js';
export { summaryTable } from './report/table.js';
export { reportMarkdown, comparisonMarkdown } from './report/markdown.js';
export { reportHtml, comparisonHtml } from './report/html.js';
