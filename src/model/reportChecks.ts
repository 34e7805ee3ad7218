/**
 * A report's internal consistency, beyond its JSON Schema: every decision has a result for each of
 * the report's structures and for no other, paired comparisons name those structures, counts add
 * up. A report that passes the schema but not these (edited by hand, or cut from two reports) would
 * otherwise reach the renderers, which rely on them; it is refused with the field path instead.
 */
import type { DocIssue } from './issue.js';
import type { Report, StructureResult } from './report.js';

export function checkReport(report: Report): DocIssue[] {
  const issues: DocIssue[] = [];
  const ids = report.structures.map((s) => s.id);
  const known = `the report's structures are ${ids.map((id) => `"${id}"`).join(', ')}`;
  report.structures.forEach((s, i) => {
    if (ids.indexOf(s.id) !== i) issues.push({ path: ['structures', i, 'id'], message: `structure "${s.id}" is listed twice` });
  });
  const keys = report.decisions.map((d) => `${d.inject}/${d.decision}`);
  report.decisions.forEach((d, i) => {
    const at = ['decisions', i];
    if (keys.indexOf(keys[i]!) !== i) issues.push({ path: [...at, 'decision'], message: `decision "${keys[i]}" is listed twice` });
    for (const id of ids) {
      if (!Object.hasOwn(d.structures, id)) issues.push({ path: [...at, 'structures', id], message: `missing: every decision needs a result for each of the report's structures` });
    }
    for (const [id, r] of Object.entries(d.structures)) {
      const here = [...at, 'structures', id];
      if (!ids.includes(id)) { issues.push({ path: here, message: `structure "${id}" is not in the report; ${known}` }); continue; }
      if (r.executed > r.instances) issues.push({ path: [...here, 'executed'], message: `${r.executed} executed of ${r.instances} instances; at most as many as were demanded` });
      if ((r.latency_s === null) !== (r.executed === 0)) {
        issues.push({ path: [...here, 'latency_s'], message: r.executed === 0 ? 'a latency for a decision never executed; expected null' : `null, though ${r.executed} instances were executed; expected their latency` });
      }
      if (r.outcomes) {
        const n = r.outcomes.onTime.count + r.outcomes.late.count + r.outcomes.missed.count;
        if (n !== r.instances) issues.push({ path: [...here, 'outcomes'], message: `on time, late and missed add up to ${n}, not to the ${r.instances} instances` });
      }
      if (r.truth) issues.push(...truthIssues(r, here));
      if (r.shortfalls !== undefined && r.shortfalls > r.instances - r.executed) issues.push({ path: [...here, 'shortfalls'], message: `${r.shortfalls} failed for want of an asset, more than the ${r.instances - r.executed} not executed` });
      if (r.clusters.maxPerRun > r.executed) issues.push({ path: [...here, 'clusters', 'maxPerRun'], message: `${r.clusters.maxPerRun} in one run, more than the ${r.executed} executed in all` });
      for (const which of ['median', 'slowest'] as const) {
        const path = r.criticalPath[which];
        if (!path?.confidence_s) continue;
        const sum = path.confidence_s.H + path.confidence_s.M + path.confidence_s.L + path.confidence_s.U;
        // Each share is rounded to the millisecond on its own.
        if (Math.abs(sum - path.latency_s) > 0.01) issues.push({ path: [...here, 'criticalPath', which, 'confidence_s'], message: `adds up to ${sum} s, not the path's ${path.latency_s} s; expected the path's time split by confidence` });
      }
      if (r.latency_s) {
        const l = r.latency_s;
        if (l.cdf_s.some((x, k) => k > 0 && x < l.cdf_s[k - 1]!)) issues.push({ path: [...here, 'latency_s', 'cdf_s'], message: 'quantiles out of order; expected them from 0% to 100%, each at least the one before' });
      }
    }
    d.paired.forEach((p, j) => {
      for (const side of ['baseline', 'candidate'] as const) {
        if (!ids.includes(p[side])) issues.push({ path: [...at, 'paired', j, side], message: `structure "${p[side]}" is not in the report; ${known}` });
      }
    });
  });
  // Every run falls in exactly one branch of each element drawn.
  const perElement = new Map<string, number>();
  report.branches?.forEach((b) => perElement.set(b.element, (perElement.get(b.element) ?? 0) + b.runs));
  for (const [element, n] of perElement) {
    if (n !== report.runs) issues.push({ path: ['branches'], message: `the branches of ${element} hold ${n} runs, not the report's ${report.runs}` });
  }
  report.assets?.forEach((a, i) => {
    for (const id of ids) if (!Object.hasOwn(a.structures, id)) issues.push({ path: ['assets', i, 'structures', id], message: 'missing: every asset needs figures for each of the report\'s structures' });
    for (const [id, f] of Object.entries(a.structures)) {
      const here = ['assets', i, 'structures', id];
      if (!ids.includes(id)) { issues.push({ path: here, message: `structure "${id}" is not in the report; ${known}` }); continue; }
      // Censored runs are the runs that never ran dry; the share dry never falls from one day to the next.
      if (f.dry.count > report.runs || f.timeToDry_s.censored !== report.runs - f.dry.count) issues.push({ path: [...here, 'dry'], message: `${f.dry.count} runs dry and ${f.timeToDry_s.censored} censored do not add up to the report's ${report.runs} runs` });
      if (f.dryByDay.some((x, k) => k > 0 && x.share < f.dryByDay[k - 1]!.share)) issues.push({ path: [...here, 'dryByDay'], message: 'the share of runs dry falls from one day to the next; expected it never to fall' });
    }
  });
  report.branches?.forEach((b, i) => b.decisions?.forEach((d, j) => {
    const at = ['branches', i, 'decisions', j];
    if (!keys.includes(`${d.inject}/${d.decision}`)) issues.push({ path: [...at, 'decision'], message: `decision "${d.inject}/${d.decision}" is not in the report` });
    for (const [id, c] of Object.entries(d.structures)) {
      const here = [...at, 'structures', id];
      if (!ids.includes(id)) { issues.push({ path: here, message: `structure "${id}" is not in the report; ${known}` }); continue; }
      if (c.runs > report.runs || c.executed > c.instances || (c.mean_s === null) !== (c.executed === 0) || (c.onTime && c.onTime.count > c.instances)) {
        issues.push({ path: here, message: `${c.executed} executed of ${c.instances} instances in ${c.runs} runs do not add up; expected executed <= instances, runs <= the report's, and a mean exactly when some were executed` });
      }
    }
    for (const id of ids) if (!Object.hasOwn(d.structures, id)) issues.push({ path: [...at, 'structures', id], message: 'missing: every decision in a branch needs a result for each of the report\'s structures' });
    d.paired.forEach((p, k) => {
      for (const side of ['baseline', 'candidate'] as const) {
        if (!ids.includes(p[side])) issues.push({ path: [...at, 'paired', k, side], message: `structure "${p[side]}" is not in the report; ${known}` });
      }
    });
  }));
  report.objectives.forEach((o, i) => {
    o.decisions.forEach((key, j) => {
      if (!keys.includes(key)) issues.push({ path: ['objectives', i, 'decisions', j], message: `decision "${key}" is not in the report` });
    });
  });
  return issues;
}

/** Correctness counts nest: false alarms among erroneous instances, retracted among false alarms. */
function truthIssues(r: StructureResult, here: DocIssue['path']): DocIssue[] {
  const t = r.truth!;
  const out: DocIssue[] = [];
  const at = (...rest: string[]) => [...here, 'truth', ...rest];
  if (t.erroneous > r.instances) out.push({ path: at('erroneous'), message: `${t.erroneous} erroneous of ${r.instances} instances; at most as many as were demanded` });
  if (t.falseAlarms.count > t.erroneous) out.push({ path: at('falseAlarms'), message: `${t.falseAlarms.count} false alarms from ${t.erroneous} erroneous instances; a false alarm is an executed erroneous one` });
  if (t.timelyCorrect.count + t.falseAlarms.count > r.executed) out.push({ path: at('timelyCorrect'), message: `timely-and-correct and false alarms add up to more than the ${r.executed} executed` });
  if ((t.retracted === null) !== (t.falseAlarms.count === 0)) out.push({ path: at('retracted'), message: t.retracted === null ? 'null, though there were false alarms; expected their retracted share' : 'a retracted share with no false alarms; expected null' });
  else if (t.retracted && t.retracted.count > t.falseAlarms.count) out.push({ path: at('retracted'), message: `${t.retracted.count} retracted of ${t.falseAlarms.count} false alarms; at most as many` });
  const x = t.retractions;
  if (x) {
    if (x.executed > x.instances || x.instances > r.instances) out.push({ path: at('retractions'), message: `${x.executed} executed of ${x.instances} retractions in ${r.instances} instances; expected executed <= retractions <= instances` });
    if ((x.timeToRetract_s === null) !== (x.executed === 0)) out.push({ path: at('retractions', 'timeToRetract_s'), message: x.executed === 0 ? 'a time to retract with no retraction executed; expected null' : 'null, though retractions were executed; expected their time' });
  }
  return out;
}
