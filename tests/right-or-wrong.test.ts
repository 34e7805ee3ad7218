/**
 * Outcomes beyond timeliness (issue 8, item 3): a decision is timely/late/missed AND right or
 * wrong. A warning on a false track is a false alarm, however fast; its retraction is a decision
 * of its own, timed from when the error became knowable. The counts fold into the mergeable
 * summary, the report (and its consistency check), compare, the table, the AAR, the HTML page and
 * the debrief. Fixed times in the fixture: the flow takes 920 s, so every figure is exact.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, parseReport, parseSet, reportHtml, reportMarkdown, runBatch, summaryTable, type Report } from '../src/index.js';
import { comparisonText } from '../src/report/compareText.js';
import { debriefText } from '../src/report/debrief.js';
import { cli, scratchDir } from './helpers.js';
import { miniScenario, miniStructure, oneInject, posture, retraction } from './fixtures.js';

const FLOW_S = 920;

function scenario(falseAlarm: number, repeat = '') {
  const track = `    track:
      falseAlarm: { probability: ${falseAlarm}, knowable: 5m, source: fixture }
      onError: [retract]
    ${repeat}`;
  return miniScenario(`${oneInject(posture(', deadline: 1h'), track)}
${retraction('e/d', ', deadline: 30m')}
`);
}

const batch = (p: number, runs = 20, repeat = '') => runBatch({ scenario: scenario(p, repeat), structures: [miniStructure()], seed: 5, runs });
const result = (r: Report, key: string) => r.decisions.find((d) => `${d.inject}/${d.decision}` === key)!.structures.mini!;

describe('right or wrong: the report', () => {
  it('a fast warning on a false track is a false alarm, not a success; its retraction is timed from the error', () => {
    const r = batch(1);
    const d = result(r, 'e/d');
    expect(d.outcomes!.onTime.count).toBe(20);
    expect(d.truth!.timelyCorrect.count).toBe(0);
    expect(d.truth!.falseAlarms.count).toBe(20);
    expect(d.truth!.falseAlarms.rate).toBe(1);
    expect(d.truth!.retracted!.count).toBe(20);
    const x = result(r, 'retract/r');
    expect(x.truth!.retractions!.instances).toBe(20);
    // The warning goes out at 920 s, the error was knowable at 300 s; the retraction then takes the flow's 920 s.
    expect(x.truth!.retractions!.timeToRetract_s!.mean_s).toBe(FLOW_S + FLOW_S - 300);
  });

  it('on a true track: right and on time, no false alarm, no retraction demanded', () => {
    const r = batch(0);
    expect(result(r, 'e/d').truth!.timelyCorrect.count).toBe(20);
    expect(result(r, 'e/d').truth!.falseAlarms.count).toBe(0);
    expect(result(r, 'e/d').truth!.retracted).toBeNull();
    expect(result(r, 'retract/r').instances).toBe(0);
    expect(result(r, 'retract/r').truth!.retractions).toEqual({ instances: 0, executed: 0, timeToRetract_s: null });
  });

  it('rates carry Wilson intervals, and runs are the samples when a run holds several instances', () => {
    const one = result(batch(0.5, 40), 'e/d').truth!.falseAlarms;
    expect(one.ci95![0]).toBeLessThan(one.rate);
    expect(one.ci95![1]).toBeGreaterThan(one.rate);
    // Three occurrences per run share their run's draws of nothing but are counted per run: the
    // interval comes from the run-level ratio estimator, not Wilson on 120 instances.
    const three = result(batch(0.5, 40, 'repeat: { count: 3, interval: 2h }'), 'e/d');
    expect(three.instances).toBe(120);
    expect(three.truth!.falseAlarms.se).toBeGreaterThan(0);
  });

  it('regression: no false alarm in a surge gave a zero-width interval [0, 0] (clustered share at none or all)', () => {
    const three = result(batch(0, 10, 'repeat: { count: 3, interval: 2h }'), 'e/d').truth!;
    expect(three.falseAlarms.count).toBe(0);
    expect(three.falseAlarms.ci95![1]).toBeGreaterThan(0);
    expect(three.timelyCorrect.rate).toBe(1);
    expect(three.timelyCorrect.ci95![0]).toBeLessThan(1);
  });

  it('a scenario without tracks gets no truth figures: reports stay as they were', () => {
    const r = runBatch({ scenario: miniScenario(`injects:
  - { id: e, at: 0s, title: Event, detection: [{ node: radar, delay: 0s }], source: fixture, decisions: [{ id: d, kind: force-posture, success: s, failure: f, source: fixture }] }
`), structures: [miniStructure()], seed: 1, runs: 3 });
    expect(result(r, 'e/d').truth).toBeUndefined();
    expect(summaryTable(r)).not.toMatch(/false alarm/);
  });

  it('a report whose correctness counts do not nest is refused, naming the field', () => {
    const r = JSON.parse(JSON.stringify(batch(1))) as Report;
    result(r, 'e/d').truth!.retracted!.count = 21;
    expect(() => parseReport(r, 'edited.json')).toThrow(/decisions\[0\]\.structures\.mini\.truth\.retracted.*21 retracted of 20 false alarms/);
  });

  it('the table, the AAR and the HTML page show the rates and the time to retract; the table fits 80 columns', () => {
    const r = batch(0.5, 40);
    const table = summaryTable(r);
    expect(table).toMatch(/false alarms \d+% \[\d+%, \d+%\]/);
    expect(table).toMatch(/withdrawn 25m40s \[25m40s, 25m40s\] after the error was knowable/);
    expect(Math.max(...table.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(reportMarkdown(r)).toMatch(/## Right or wrong[\s\S]*right and on time \d+%/);
    expect(reportHtml(r)).toMatch(/<table class="truth">.*false alarms/);
  });

  it('the debrief of one run says a false alarm was withdrawn', () => {
    const r = runBatch({ scenario: scenario(1), structures: [miniStructure()], seed: 5, runs: 1 });
    const text = debriefText(r);
    expect(text).toMatch(/a false alarm, withdrawn/);
    expect(text).toMatch(/False alarms: mini 1 \(1 withdrawn\)/);
    expect(text).toMatch(/withdrew 25m40s after the error was knowable/);
  });
});

describe('right or wrong: compare', () => {
  it('a slower retraction is a verdict of its own (time to retract, Welch), beside the share withdrawn', () => {
    const run = (seed: number, overrides: string[] = []) => runBatch({ scenario: 'nk-lofted-alert', structures: ['legacy'], runs: 60, seed, overrides: overrides.map((o) => parseSet(o)) });
    const c = compareReports(run(1), run(2, ['scenario.injects[lift-warning].detection[0].delay=10m']), { a: 'a.json', b: 'b.json' });
    const t = c.decisions.find((d) => d.key === 'lift-warning/withdraw-warning')!.structures.legacy!.truth!.timeToRetract!;
    expect(t.verdict).toBe('slower');
    expect(t.ci95_s![0]).toBeGreaterThan(0);
    const warn = c.decisions.find((d) => d.key === 'lofted-launch/warn-public')!.structures.legacy!.truth!;
    expect(warn.retracted!.verdict).toBe('no difference beyond noise');
    expect(comparisonText(c)).toMatch(/time to retract \S+ → \S+ \(\+\S+ \[\+\S+, \+\S+\]\): slower/);
  });

  it('fewer false alarms beyond noise is a verdict of its own, with an interval', () => {
    const c = compareReports(batch(1, 30), batch(0, 30), { a: 'a.json', b: 'b.json' });
    const t = c.decisions.find((d) => d.key === 'e/d')!.structures.mini!.truth!;
    expect(t.falseAlarms.verdict).toBe('lower');
    expect(t.falseAlarms.ci95![1]).toBeLessThan(0);
    expect(t.timelyCorrect.verdict).toBe('higher');
    // Both on time in every run: the on-time rate alone would have seen no difference.
    expect(c.decisions.find((d) => d.key === 'e/d')!.structures.mini!.onTimeVerdict).toBe('no difference beyond noise');
  });
});

describe('right or wrong: the summary merges exactly', () => {
  it('three shards merged give the bytes of one run, correctness counts included', () => {
    const dir = scratchDir();
    const args = ['run', 'nk-lofted-alert', '--seed', '4', '--runs', '30'];
    const parts = [1, 2, 3].map((i) => join(dir, `p${i}.json`));
    parts.forEach((p, i) => expect(cli([...args, '--shard', `${i + 1}/3`, '--out', p]).code).toBe(0));
    const merged = cli(['merge', parts[2]!, parts[0]!, parts[1]!, '--json']);
    const single = cli([...args, '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    expect(single.stdout).toMatch(/"falseAlarms"/);
  });
});
