/**
 * Checks on a scenario by itself: unique ids, references between injects, and times in order
 * (nothing before the start, no deadline before its inject, expiry not before the deadline).
 */
import { formatDuration } from './duration.js';
import type { DocIssue } from './issue.js';
import { oneOf } from './issue.js';
import type { Effect, Moment, Scenario } from './scenario.js';
import { citationIssues } from './citationChecks.js';
import { assetIssues } from './assets.js';
import { scenarioRangeIssues } from './ranges.js';

/** Seconds after the scenario start. */
export function offsetOf(m: Moment, startUtc: string, base = 0): number {
  return 'offset' in m ? base + m.offset : (Date.parse(m.utc) - Date.parse(startUtc)) / 1000;
}

export function checkScenario(s: Scenario): DocIssue[] {
  const issues: DocIssue[] = [];
  const injectIds = s.injects.map((i) => i.id);
  const byId = new Map(s.injects.map((i) => [i.id, i]));
  const dup = (ids: string[], what: string, path: (i: number) => DocIssue['path']) => {
    const seen = new Set<string>();
    ids.forEach((x, i) => {
      if (seen.has(x)) issues.push({ path: path(i), message: `duplicate ${what} id "${x}"; expected each once` });
      seen.add(x);
    });
  };
  dup(injectIds, 'inject', (i) => ['injects', i, 'id']);
  dup(s.decisionPoints.map((d) => d.id), 'decision point', (i) => ['decisionPoints', i, 'id']);

  const contingencies = s.injects.filter((i) => i.contingency).map((i) => i.id);
  const scheduled = s.injects.filter((i) => !i.contingency).map((i) => i.id);
  const refContingency = (ref: string, path: DocIssue['path']) => {
    const target = byId.get(ref);
    if (!target) issues.push({ path, message: `unknown inject "${ref}"; ${oneOf(ref, injectIds)}` });
    else if (!target.contingency) issues.push({ path, message: `"${ref}" is a scheduled inject; only contingency injects (contingency: true) can be fired` });
  };
  const checkEffects = (effects: Effect[], path: DocIssue['path']) => effects.forEach((e, ei) => {
    if ('fire' in e) refContingency(e.fire, [...path, ei, 'fire']);
    if ('cancel' in e && !scheduled.includes(e.cancel)) {
      issues.push({ path: [...path, ei, 'cancel'], message: `"${e.cancel}" is not a scheduled inject; ${oneOf(e.cancel, scheduled)}` });
    }
    if ('degradeLinks' in e && !e.degradeLinks.touching && !e.degradeLinks.channel) {
      issues.push({ path: [...path, ei, 'degradeLinks'], message: 'matches every cyber-degradable link; name touching: [nodes] or channel: to say which' });
    }
  });

  const end = s.duration;
  s.injects.forEach((inj, i) => {
    const at = (...rest: (string | number)[]) => ['injects', i, ...rest];
    if (inj.contingency && 'utc' in inj.at) {
      issues.push({ path: at('at'), message: 'a contingency inject happens when fired; give at as a delay after that (e.g. 0s or 5m), not a UTC instant' });
    }
    const t = inj.contingency ? 0 : offsetOf(inj.at, s.start);
    if (!inj.contingency && t < 0) {
      issues.push({ path: at('at'), message: `is ${formatDuration(-t)} before the scenario start ${s.start}; expected at or after it` });
    } else if (!inj.contingency && t > end) {
      issues.push({ path: at('at'), message: `is after the scenario ends (duration ${formatDuration(end)}); expected within it` });
    }
    if (inj.decisions.length > 0 && inj.detection.length === 0) {
      issues.push({ path: at('detection'), message: 'demands decisions but nobody detects it; add detection: [{node: <id>, delay: <duration>}]' });
    }
    dup(inj.decisions.map((d) => d.id), 'decision', (di) => at('decisions', di, 'id'));
    inj.decisions.forEach((d, di) => {
      const dp = (...rest: (string | number)[]) => at('decisions', di, ...rest);
      // Absolute deadlines only make sense for scheduled injects; relative ones count from the inject.
      const rel = (m: Moment | undefined, field: string): number | undefined => {
        if (m === undefined) return undefined;
        // A deadline (or expiry) at the inject itself leaves no time to decide: always late.
        const zero = () => issues.push({ path: dp(field), message: `a ${field} of zero leaves no time to decide; expected a ${field} after the inject, e.g. ${field === 'deadline' ? '5m' : '30m'}` });
        if ('offset' in m) {
          if (m.offset === 0) zero();
          return m.offset;
        }
        if (inj.contingency) {
          issues.push({ path: dp(field), message: 'a contingency inject has no fixed time; give an offset after the inject (e.g. 10m)' });
          return undefined;
        }
        const r = offsetOf(m, s.start) - t;
        if (r < 0) issues.push({ path: dp(field), message: `${m.utc} is before its inject (${formatDuration(-r)} earlier); expected a ${field} after the inject` });
        else if (r === 0) zero();
        return r;
      };
      const deadline = rel(d.deadline, 'deadline');
      const expires = rel(d.expires, 'expires');
      if (expires !== undefined && deadline === undefined) {
        issues.push({ path: dp('expires'), message: 'expires without a deadline; add deadline: (on time by) before expires: (missed after)' });
      }
      if (deadline !== undefined && expires !== undefined && expires < deadline) {
        issues.push({ path: dp('expires'), message: `expires (${formatDuration(expires)}) before the deadline (${formatDuration(deadline)}); expected deadline <= expires` });
      }
      d.onLate.forEach((ref, ri) => refContingency(ref, dp('onLate', ri)));
      if (d.onLate.length > 0 && d.deadline === undefined) {
        issues.push({ path: dp('onLate'), message: 'onLate needs a deadline to be late against; add deadline:' });
      }
      issues.push(...citationIssues(d, s.sources, dp()));
    });
    checkEffects(inj.effects, at('effects'));
    issues.push(...citationIssues(inj, s.sources, at()));
    issues.push(...trackIssues(s, i, refContingency));
    if (inj.cases) {
      dup(inj.cases.map((c) => c.id), 'case', (ci) => at('cases', ci, 'id'));
      issues.push(...sumToOne(inj.cases.map((c) => c.probability), at('cases'), 'the cases\' probabilities'));
      inj.cases.forEach((c, ci) => {
        if (c.detection?.length === 0 && inj.decisions.length > 0) issues.push({ path: at('cases', ci, 'detection'), message: 'demands decisions but nobody detects it in this case; give detection: [{node: <id>, delay: <duration>}]' });
        if (c.effects) checkEffects(c.effects, at('cases', ci, 'effects'));
        issues.push(...citationIssues(c, s.sources, at('cases', ci)));
      });
    }
  });

  issues.push(...contingencyCycles(s));

  const decisionKeys = s.injects.flatMap((inj) => inj.decisions.map((d) => `${inj.id}/${d.id}`));
  issues.push(...requiresIssues(s, decisionKeys));
  dup(s.objectives.map((o) => o.id), 'objective', (i) => ['objectives', i, 'id']);
  s.objectives.forEach((o, oi) => o.decisions.forEach((k, ki) => {
    if (!decisionKeys.includes(k)) issues.push({ path: ['objectives', oi, 'decisions', ki], message: `no decision "${k}"; ${oneOf(k, decisionKeys)}` });
  }));

  s.decisionPoints.forEach((p, pi) => {
    const at = (...rest: (string | number)[]) => ['decisionPoints', pi, ...rest];
    const t = offsetOf(p.at, s.start);
    if (t < 0 || t > end) issues.push({ path: at('at'), message: `is outside the scenario (0 to ${formatDuration(end)}); expected a time within it` });
    const optionIds = p.options.map((o) => o.id);
    dup(optionIds, 'option', (oi) => at('options', oi, 'id'));
    if (!optionIds.includes(p.default)) issues.push({ path: at('default'), message: `unknown option "${p.default}"; ${oneOf(p.default, optionIds)}` });
    p.options.forEach((o, oi) => checkEffects(o.effects, at('options', oi, 'effects')));
    if (p.chance) {
      for (const o of Object.keys(p.chance)) {
        if (!optionIds.includes(o)) issues.push({ path: at('chance', o), message: `unknown option "${o}"; ${oneOf(o, optionIds)}` });
      }
      issues.push(...sumToOne(Object.values(p.chance), at('chance'), 'the options\' chances'));
      issues.push(...citationIssues(p, s.sources, at()));
    }
  });
  issues.push(...assetIssues(s.assets, s.injects.flatMap((inj, i) => inj.decisions.map((d, di) => ({ path: ['injects', i, 'decisions', di], uses: d.uses }))), s.sources));
  issues.push(...scenarioRangeIssues(s));
  return issues;
}

/**
 * Decisions that unlock others (`requires`): each names a decision of the scenario, none itself,
 * and no chain of them comes back to where it started (each would wait for the other for ever).
 */
function requiresIssues(s: Scenario, keys: string[]): DocIssue[] {
  const issues: DocIssue[] = [];
  const edges = new Map<string, { to: string; path: DocIssue['path'] }[]>();
  s.injects.forEach((inj, i) => inj.decisions.forEach((d, di) => {
    const self = `${inj.id}/${d.id}`;
    const out: { to: string; path: DocIssue['path'] }[] = [];
    d.requires.forEach((r, ri) => {
      const path = ['injects', i, 'decisions', di, 'requires', ri];
      if (r === self) issues.push({ path, message: `"${r}" requires itself; name the decision that must come first` });
      else if (!keys.includes(r)) issues.push({ path, message: `no decision "${r}"; ${oneOf(r, keys)}` });
      else out.push({ to: r, path });
    });
    if (!edges.has(self)) edges.set(self, out);
  }));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (k: string): DocIssue | undefined => {
    if (state.get(k) === 'done') return undefined;
    state.set(k, 'open');
    stack.push(k);
    for (const e of edges.get(k) ?? []) {
      if (state.get(e.to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(e.to)), e.to].join(' → ');
        return { path: e.path, message: `decisions require each other in a cycle (${cycle}), so none can ever be decided; break it` };
      }
      const found = visit(e.to);
      if (found) return found;
    }
    stack.pop();
    state.set(k, 'done');
    return undefined;
  };
  for (const k of edges.keys()) {
    const found = visit(k);
    if (found) {
      issues.push(found);
      break;
    }
  }
  return issues;
}

/** Branches drawn per run cover every run: their probabilities add up to 1. */
function sumToOne(ps: number[], path: DocIssue['path'], what: string): DocIssue[] {
  const sum = ps.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) <= 1e-9) return [];
  return [{ path, message: `${what} add up to ${Number(sum.toFixed(6))}; expected exactly 1 (list every branch)` }];
}

/**
 * A contingency that fires itself again, directly or through others, never lets the run end:
 * the graph of inject → contingencies it fires (effects and onLate) must have no cycle.
 */
function contingencyCycles(s: Scenario): DocIssue[] {
  const edges = new Map<string, { to: string; path: DocIssue['path'] }[]>();
  s.injects.forEach((inj, i) => {
    const out: { to: string; path: DocIssue['path'] }[] = [];
    inj.effects.forEach((e, ei) => { if ('fire' in e) out.push({ to: e.fire, path: ['injects', i, 'effects', ei, 'fire'] }); });
    inj.decisions.forEach((d, di) => d.onLate.forEach((to, oi) => out.push({ to, path: ['injects', i, 'decisions', di, 'onLate', oi] })));
    inj.track?.onError.forEach((to, oi) => out.push({ to, path: ['injects', i, 'track', 'onError', oi] }));
    edges.set(inj.id, out);
  });
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  for (const start of edges.keys()) {
    const found = visit(start);
    if (found) return [found];
  }
  return [];

  function visit(id: string): DocIssue | undefined {
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'open');
    stack.push(id);
    for (const e of edges.get(id) ?? []) {
      if (state.get(e.to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(e.to)), e.to].join(' → ');
        return { path: e.path, message: `"${e.to}" is fired again by its own consequences (${cycle}); a contingency cycle never ends, so break it` };
      }
      if (edges.has(e.to)) {
        const found = visit(e.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  }
}

/**
 * A track's life, checked: every probability and delay cites something, the contingencies fired
 * on an error exist, a wrong prediction names this inject's decisions, and a retraction names a
 * decision whose track can turn out wrong and that fires the retraction's inject when it does.
 */
function trackIssues(s: Scenario, i: number, refContingency: (ref: string, path: DocIssue['path']) => void): DocIssue[] {
  const issues: DocIssue[] = [];
  const inj = s.injects[i]!;
  const at = (...rest: (string | number)[]) => ['injects', i, ...rest];
  inj.detection.forEach((d, di) => {
    if (d.lost) issues.push(...citationIssues(d.lost, s.sources, at('detection', di, 'lost')));
  });
  const t = inj.track;
  if (t) {
    if (t.falseAlarm) issues.push(...citationIssues(t.falseAlarm, s.sources, at('track', 'falseAlarm')));
    if (t.wrongPrediction) issues.push(...citationIssues(t.wrongPrediction, s.sources, at('track', 'wrongPrediction')));
    if (!t.falseAlarm && !t.wrongPrediction && (t.onError.length > 0 || t.wrongFor)) {
      issues.push({ path: at('track'), message: 'names what follows an error but no error can happen; add falseAlarm: or wrongPrediction: {probability, knowable}' });
    }
    if (t.wrongFor && !t.wrongPrediction) issues.push({ path: at('track', 'wrongFor'), message: 'wrongFor needs a wrongPrediction to apply to; add track.wrongPrediction or remove wrongFor' });
    const ids = inj.decisions.map((d) => d.id);
    t.wrongFor?.forEach((d, k) => {
      if (!ids.includes(d)) issues.push({ path: at('track', 'wrongFor', k), message: `no decision "${d}" in this inject; ${oneOf(d, ids)}` });
    });
    t.onError.forEach((ref, k) => refContingency(ref, at('track', 'onError', k)));
    if ((t.falseAlarm || t.wrongPrediction) && inj.detection.length === 0) {
      issues.push({ path: at('track'), message: 'a track needs a detector; add detection: [{node: <id>, delay: <duration>}]' });
    }
  }
  inj.decisions.forEach((d, di) => {
    if (d.retracts === undefined) return;
    const path = at('decisions', di, 'retracts');
    const [target, decision] = d.retracts.split('/') as [string, string];
    const other = s.injects.find((x) => x.id === target);
    const keys = s.injects.flatMap((x) => x.decisions.map((y) => `${x.id}/${y.id}`));
    if (!other || !other.decisions.some((y) => y.id === decision)) {
      issues.push({ path, message: `no decision "${d.retracts}"; ${oneOf(d.retracts, keys)}` });
    } else if (other.id === inj.id) {
      issues.push({ path, message: 'a decision cannot retract one of its own inject; put the retraction in a contingency inject fired by track.onError' });
    } else if (!other.track?.onError.includes(inj.id)) {
      issues.push({ path, message: `"${target}" never fires "${inj.id}" when its track proves wrong; add "${inj.id}" to injects.${target}.track.onError` });
    }
  });
  return issues;
}
