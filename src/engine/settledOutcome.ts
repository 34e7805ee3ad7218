/**
 * A settled decision as a streamed batch hands it to its summary: one object per simulation,
 * rewritten for each decision, since the summary folds it at once and keeps nothing of it. Every
 * field is there from the start (undefined where a DecisionOutcome would leave it out), so every
 * decision the summary reads has one shape. Results that are kept (traces, play, `onRun`) are
 * built as whole DecisionOutcomes instead.
 */
import type { DecisionKind, Nation } from '../model/fields.js';
import type { DecisionOutcome, Outcome, Segment, TrackOutcome, Truth } from './runResult.js';

export class SettledTrack implements TrackOutcome {
  nation: Nation = '' as Nation;
  doneAt: number | undefined = undefined;
  decidedBy: string | undefined = undefined;
  segments: Segment[] = [];
}

export class SettledOutcome implements DecisionOutcome {
  inject = '';
  occurrence = 0;
  decision = '';
  kind: DecisionKind = '' as DecisionKind;
  occurredAt = 0;
  detectedAt = 0;
  deadlineAt: number | undefined = undefined;
  expiresAt: number | undefined = undefined;
  executedAt: number | undefined = undefined;
  outcome: Outcome = 'missed';
  latency: number | undefined = undefined;
  truth: Truth | undefined = undefined;
  errorKnowableAt: number | undefined = undefined;
  retractedAt: number | undefined = undefined;
  retracts: DecisionOutcome['retracts'] = undefined;
  shortfall: true | undefined = undefined;
  /** As long as the decision has tracks (the objects beyond are kept for the next decision). */
  tracks: SettledTrack[] = [];
  private readonly spare: SettledTrack[] = [];

  /** Track objects for a decision with `n` tracks, to be filled in. */
  sized(n: number): SettledTrack[] {
    const all = this.spare;
    while (all.length < n) all.push(new SettledTrack());
    if (this.tracks.length !== n) this.tracks = all.slice(0, n);
    return this.tracks;
  }
}
