/**
 * Every run's events as JSON Lines for pandas and R (`run --events FILE.jsonl`): one object per
 * line, every line with the same keys. `event` says which kind of line it is:
 * - `span`: a stretch of one track's time on one decision instance, as the breakdown by cause
 *   counts it — `t_s` its start (seconds after the scenario start), `seconds` its length, with the
 *   `nation` of the track, the `node` where the time went, the statechart `step` and the `cause`;
 * - `outcome`: one per decision instance — `outcome` on-time, late, missed or done (no deadline),
 *   `t_s` when it was executed (or expired, or the run ended), `seconds` its latency from first
 *   detection to execution (null when missed), `nation` the track that executed last (the one
 *   that set the time; null when missed) and `node` the node that decided on it.
 * Every line also has `branches`: what chance drew in its run (element → branch, `{}` when
 * nothing was drawn), so results can be grouped by branch.
 * Lines come in run order, then structure, then the order the run resolved its decisions.
 */
import { causeOf, type RunResult } from '../engine/runResult.js';

export const EVENT_KEYS = ['run', 'structure', 'event', 't_s', 'inject', 'occurrence', 'decision', 'nation', 'node', 'step', 'cause', 'seconds', 'outcome', 'branches'] as const;

/** The lines of one run of one column: `structure` names it (`jfhq`, or `jfhq@slow` for an arm). */
export function eventLines(r: RunResult, structure: string = r.structure): string {
  const out: string[] = [];
  const branches = r.branches;
  const line = (o: Omit<Record<(typeof EVENT_KEYS)[number], unknown>, 'branches'>) => out.push(JSON.stringify({ ...o, branches }));
  for (const d of r.decisions) {
    for (const t of d.tracks) {
      for (const s of t.segments) {
        line({
          run: r.runIndex, structure, event: 'span', t_s: s.start, inject: d.inject, occurrence: d.occurrence, decision: d.decision,
          nation: t.nation, node: s.node, step: s.step, cause: causeOf(s.phase, s.mechanism), seconds: s.end - s.start, outcome: null,
        });
      }
    }
    // The track that executed last set the decision's time; its decider is the decision's.
    const last = d.tracks.filter((t) => t.doneAt !== undefined).sort((a, b) => b.doneAt! - a.doneAt!)[0];
    line({
      run: r.runIndex, structure, event: 'outcome', t_s: d.executedAt ?? d.expiresAt ?? r.endedAt, inject: d.inject, occurrence: d.occurrence,
      decision: d.decision, nation: last?.nation ?? null, node: last?.decidedBy ?? null, step: null, cause: null, seconds: d.latency ?? null, outcome: d.outcome,
    });
  }
  return out.length ? out.join('\n') + '\n' : '';
}
