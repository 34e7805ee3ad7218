/** What one simulated crisis produces, for one structure. */
import type { DecisionKind, Nation } from '../model/fields.js';
import type { Phase } from './plan.js';
import type { AssetOutcome } from './assets.js';

/** How time passed: the mechanism, independent of the phase of the flow. */
export type Mechanism = 'detection' | 'transmission' | 'queueing' | 'processing' | 'after-hours' | 'supply' | 'fatigue' | 'handover';

/**
 * The cause a report attributes a span of latency to. Escalation and bilateral coordination are
 * phases that count whole (their transmission, queueing and processing together): they are the
 * costs of authority sitting elsewhere and of the alliance's two chains of command. Everything
 * else is counted by its mechanism.
 */
export type Cause = 'detection' | 'transmission' | 'queueing' | 'processing' | 'after-hours' | 'escalation' | 'coordination' | 'supply' | 'fatigue' | 'handover';
/**
 * Every cause a summary counts. The first seven (CORE_CAUSES) every report lists; the rest only
 * where they apply — supply (waiting for a magazine or a sortie pool, see assets.ts) in reports of
 * scenarios with assets, fatigue and handover (endurance) where they took time — so reports,
 * summaries and shards without them keep the seven causes they always had, in the same order.
 */
export const CAUSES: readonly Cause[] = ['detection', 'transmission', 'queueing', 'processing', 'after-hours', 'escalation', 'coordination', 'supply', 'fatigue', 'handover'];
/** How many causes every report lists (the first of CAUSES). */
export const CORE_CAUSES = 7;

/**
 * Fatigue and handovers count as themselves in any phase: they are what endurance costs, and
 * folded into escalation or coordination they would not show where it went.
 */
export function causeOf(phase: Phase, mechanism: Mechanism): Cause {
  if (mechanism === 'fatigue' || mechanism === 'handover') return mechanism;
  if (phase === 'escalation') return 'escalation';
  if (phase === 'coordination') return 'coordination';
  return mechanism;
}

export interface Segment {
  /** Seconds after the scenario start. */
  start: number;
  end: number;
  phase: Phase;
  mechanism: Mechanism;
  /** The node where the time was spent (for transmission: the node the message was going to). */
  node: string;
  /** For transmission: the links the message crossed, in order. */
  links?: string[];
  /** For supply: the assets waited for (ids in the scenario's assets). */
  assets?: string[];
  /** The state of the statechart this span belongs to (e.g. `decide@kantei`). */
  step: string;
}

export type Outcome = 'on-time' | 'late' | 'missed' | 'done';

export interface TrackOutcome {
  nation: Nation;
  /** When this track executed (seconds after start), if it did. */
  doneAt?: number;
  /** Which node decided. */
  decidedBy?: string;
  segments: Segment[];
}

export interface DecisionOutcome {
  /** The inject's id in the scenario (repeats and refirings share it). */
  inject: string;
  /** 1 for the first occurrence of the inject in the run, 2 for the second… */
  occurrence: number;
  decision: string;
  kind: DecisionKind;
  /** When the triggering event happened, and when it was first detected (seconds after start). */
  occurredAt: number;
  detectedAt: number;
  deadlineAt?: number;
  expiresAt?: number;
  executedAt?: number;
  /** on-time / late against the deadline; missed if it expired first; done when there is no deadline. */
  outcome: Outcome;
  /** Detection → execution, seconds; absent when missed. */
  latency?: number;
  /** Absent when the track it was taken on was true; otherwise what was wrong with it. */
  truth?: Truth;
  /** When the track's error became knowable (an erroneous decision, or a retraction of one). */
  errorKnowableAt?: number;
  /** For an erroneous decision that was executed: when its retraction was executed. */
  retractedAt?: number;
  /** For a retraction: the decision instance it withdraws. */
  retracts?: { inject: string; occurrence: number; decision: string };
  /** Failed for want of an asset (a magazine empty, no sortie free) when its wait ran out: missed. */
  shortfall?: true;
  tracks: TrackOutcome[];
}

/** What was wrong with a track: nothing was there, or its prediction (e.g. the impact area) was wrong. */
export type Truth = 'false-track' | 'wrong-prediction';

export interface TimelineEvent {
  t: number;
  type: 'inject' | 'detect' | 'step' | 'executed' | 'missed' | 'deadline' | 'links' | 'choice' | 'track';
  text: string;
  decision?: number;
  nation?: Nation;
  node?: string;
}

export interface RunResult {
  structure: string;
  runIndex: number;
  decisions: DecisionOutcome[];
  choices: Record<string, string>;
  /**
   * Branches drawn for this run (chance): `injects[<id>]` → happens / does-not-happen,
   * `injects[<id>].cases` → the case, `decisionPoints[<id>]` → the option. The same in every
   * structure for the same run (each is drawn from a stream of its own).
   */
  branches: Record<string, string>;
  /** Scheduler events processed (a measure of simulation work, for the bench). */
  events: number;
  /** Seconds after start when the last event ran. */
  endedAt: number;
  /** The scenario's magazines and sortie pools at the end of the run (absent when it has none). */
  assets?: AssetOutcome[];
  timeline?: TimelineEvent[];
}
