/**
 * Results per branch drawn by chance (issue 8, item 2): the report gives, within each branch,
 * every structure's figures over the runs that drew it and the paired differences over them,
 * folded into the mergeable summary like everything else. The bundled nk-lofted-alert draws per
 * run whether the lofted track is lost (its cases, with the probabilities the file cites).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadScenario, loadStructure, parseSet, runBatch, runBatchParallel, type Report, type RunResult } from '../src/index.js';
import { emptySummary, prepareBatch, simulateRuns } from '../src/analysis/batch.js';
import { BatchSummary } from '../src/analysis/summary.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { debriefText } from '../src/report/debrief.js';
import { cli, scratchDir } from './helpers.js';

const SCENARIO = 'nk-lofted-alert';
const ELEMENT = 'injects[lofted-launch].cases';
const branchOf = (r: Report, branch: string) => r.branches!.find((b) => b.element === ELEMENT && b.branch === branch)!;
const inBranch = (r: Report, branch: string, key: string) => branchOf(r, branch).decisions!.find((d) => `${d.inject}/${d.decision}` === key);

describe('calibration: nk-lofted-alert draws a lost track with the probability its file states', () => {
  const runs = 400;
  const collected: RunResult[] = [];
  const report = runBatch({ scenario: SCENARIO, runs, seed: 2023, onRun: (r) => { if (r.structure === 'legacy') collected.push(r); } });

  it('the share of runs in each case is near its stated probability (within binomial error)', () => {
    const cases = loadScenario(SCENARIO).value.injects.find((i) => i.id === 'lofted-launch')!.cases!;
    expect(cases.map((c) => c.id)).toEqual(['tracked', 'lost']);
    for (const c of cases) {
      const b = branchOf(report, c.id);
      // 4 standard errors of a binomial(400, p): the test fails about once in 15,000 seeds.
      expect(Math.abs(b.runs - c.probability * runs)).toBeLessThan(4 * Math.sqrt(runs * c.probability * (1 - c.probability)));
      expect(b.ci95![0]).toBeLessThan(c.probability);
      expect(b.ci95![1]).toBeGreaterThan(c.probability);
    }
    expect(branchOf(report, 'tracked').runs + branchOf(report, 'lost').runs).toBe(runs);
  });

  it('gives results per case that add up to the report\'s, and show what the lost track costs', () => {
    for (const key of ['lofted-launch/warn-public', 'lofted-launch/engage-or-hold']) {
      const whole = report.decisions.find((d) => `${d.inject}/${d.decision}` === key)!.structures.legacy!;
      const [lost, tracked] = ['lost', 'tracked'].map((b) => inBranch(report, b, key)!.structures.legacy!);
      expect(lost!.instances + tracked!.instances).toBe(whole.instances);
      expect(lost!.runs).toBe(branchOf(report, 'lost').runs);
      expect(lost!.onTime!.count + tracked!.onTime!.count).toBe(whole.outcomes!.onTime.count);
      expect(lost!.truth!.timelyCorrect.count + tracked!.truth!.timelyCorrect.count).toBe(whole.truth!.timelyCorrect.count);
      // A held track: every warning on time; a lost one: the alert comes about half an hour late.
      expect(tracked!.onTime!.rate).toBeGreaterThan(0.95);
      expect(lost!.onTime!.ci95![1]).toBeLessThan(tracked!.onTime!.ci95![0]);
    }
  });

  it('each branch\'s figures are those of its own runs, computed one by one', () => {
    for (const branch of ['lost', 'tracked']) {
      const mine = collected.filter((r) => r.branches[ELEMENT] === branch);
      const warn = mine.map((r) => r.decisions.find((d) => d.decision === 'warn-public')!);
      const executed = warn.filter((d) => d.latency !== undefined);
      const mean = executed.reduce((a, d) => a + d.latency!, 0) / executed.length;
      const cell = inBranch(report, branch, 'lofted-launch/warn-public')!.structures.legacy!;
      expect(cell.instances).toBe(warn.length);
      expect(cell.mean_s).toBeCloseTo(mean, 2);
      expect(cell.onTime!.count).toBe(warn.filter((d) => d.outcome === 'on-time').length);
      expect(cell.truth!.falseAlarms.count).toBe(warn.filter((d) => d.truth !== undefined && d.executedAt !== undefined).length);
    }
  });

  it('pairs within a branch: both structures drew it in the same runs', () => {
    const p = inBranch(report, 'lost', 'lofted-launch/warn-public')!.paired[0]!;
    expect([p.baseline, p.candidate]).toEqual(['legacy', 'jfhq']);
    expect(p.pairs).toBe(branchOf(report, 'lost').runs);
    expect(p.onlyBaseline + p.onlyCandidate).toBe(0);
  });
});

describe('results per branch, paired: a decision point drawn per run', () => {
  it('gives jfhq − legacy within each option, over that option\'s runs', () => {
    const report = runBatch({
      scenario: 'nk-irbm-overflight', runs: 120, seed: 3,
      overrides: [parseSet('scenario.decisionPoints[allied-response].chance={bilateral-flight: 0.5, statement-only: 0.5}'), parseSet('scenario.decisionPoints[allied-response].assumption=fixture')],
    });
    const branches = report.branches!.filter((b) => b.element === 'decisionPoints[allied-response]');
    expect(branches.map((b) => b.branch)).toEqual(['bilateral-flight', 'statement-only']);
    const flight = branches[0]!.decisions!.find((d) => d.inject === 'show-of-force-order')!;
    expect(flight.paired[0]!.pairs).toBe(branches[0]!.runs);
    expect(flight.paired[0]!.verdict).toBe('faster');
    // Not demanded where the allies only make a statement: left out of that branch.
    expect(branches[1]!.decisions!.some((d) => d.inject === 'show-of-force-order')).toBe(false);
  });
});

describe('results per branch merge exactly', () => {
  it('summaries with branches (and an arm that draws its own) merge to the same bytes however split', () => {
    const batch = prepareBatch({
      scenario: SCENARIO, runs: 40, seed: 4,
      arms: [{ id: 'often', overrides: [parseSet('scenario.injects[lofted-launch].cases[0].probability=0.1'), parseSet('scenario.injects[lofted-launch].cases[1].probability=0.9')] }],
    });
    const whole = JSON.stringify(simulateRuns(batch, 0, 40, emptySummary(batch)).toJSON());
    expect(whole).toContain('"byBranch"');
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 39 }), { maxLength: 5 }), fc.boolean(), (cuts, reverse) => {
      const edges = [0, ...cuts.sort((x, y) => x - y), 40];
      const parts = edges.slice(1).map((to, i) => simulateRuns(batch, edges[i]!, to, emptySummary(batch)));
      if (reverse) parts.reverse();
      const merged = emptySummary(batch);
      for (const p of parts) merged.merge(BatchSummary.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))));
      expect(JSON.stringify(merged.toJSON())).toBe(whole);
    }), { numRuns: 5, seed: 3 });
  });

  it('an arm that changes a chance is counted in its own branches, and paired only where both drew alike', () => {
    const batch = prepareBatch({
      scenario: SCENARIO, runs: 60, seed: 4,
      arms: [{ id: 'often', overrides: [parseSet('scenario.injects[lofted-launch].cases[0].probability=0.1'), parseSet('scenario.injects[lofted-launch].cases[1].probability=0.9')] }],
    });
    const s = simulateRuns(batch, 0, 60, emptySummary(batch));
    const col = (id: string) => s.structures.indexOf(id);
    const k = s.keys.indexOf('lofted-launch/warn-public');
    const lost = s.byBranch.get(`${ELEMENT}=lost`)!;
    expect(lost.tallies[col('legacy')]![k]!.runsDemanded).toBe(s.branches.get(`${ELEMENT}=lost`));
    expect(lost.tallies[col('legacy@often')]![k]!.runsDemanded).toBeGreaterThan(lost.tallies[col('legacy')]![k]!.runsDemanded);
    const armPair = s.pairList.findIndex(([a, b]) => a === col('legacy') && b === col('legacy@often'));
    expect(lost.pairs[armPair]![k]!.pairs).toBeLessThanOrEqual(lost.tallies[col('legacy')]![k]!.runsDemanded);
  });

  it('workers and shards give the bytes of one thread, results per branch included (CLI)', async () => {
    const opts = { scenario: SCENARIO, runs: 90, seed: 6 } as const;
    const one = JSON.stringify(runBatch(opts));
    expect(one).toContain('"decisions":[{"inject":"lofted-launch"');
    expect(JSON.stringify(await runBatchParallel({ ...opts, workers: 2, thisThreadWorks: false }))).toBe(one);
    const dir = scratchDir();
    const base = ['run', SCENARIO, '--runs', '90', '--seed', '6'];
    for (const i of [1, 2, 3]) expect(cli([...base, '--shard', `${i}/3`, '--out', join(dir, `p${i}.json`)]).code).toBe(0);
    const merged = cli(['merge', join(dir, 'p3.json'), join(dir, 'p1.json'), join(dir, 'p2.json'), '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(cli([...base, '--json']).stdout);
  });
});

describe('results per branch, as a user sees them', () => {
  const dir = scratchDir();
  const file = join(dir, 'report.json');
  const run = cli(['run', SCENARIO, '--runs', '60', '--seed', '5', '--out', file]);

  it('the table shows a decision × branch block within 80 columns', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/By branch: injects\[lofted-launch\]\.cases \(mean, on time\)\n\s+RUNS\s+legacy\s+jfhq\s+jfhq − legacy\nlofted-launch\/warn-public\n {2}lost \d+%\s+\d+\s+\S+ \d+%/);
    expect(run.stdout).toMatch(/right and on time \d+% \/ \d+%/);
    expect(run.stdout).toMatch(/Alike in every branch \(intervals overlap\): \d+ decisions\./);
    for (const line of run.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('the after-action report and the HTML page give the shares and the table', () => {
    const md = cli(['report', file, '--markdown', '--html', join(dir, 'r.html')]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/## Branches drawn per run/);
    expect(md.stdout).toMatch(/- `injects\[lofted-launch\]\.cases`: `lost` in \d+ runs, \d+% \(95% interval/);
    expect(md.stdout).toMatch(/\| `lost` \(\d+ runs\) \| \S+, \d+%; right and on time/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/<h2>Branches drawn per run<\/h2>/);
    expect(html).toMatch(/<table class="branches">/);
  });

  it('compare reads reports with results per branch and gives the shares a → b', () => {
    const other = join(dir, 'b.json');
    expect(cli(['run', SCENARIO, '--runs', '60', '--seed', '5', '--set', 'scenario.injects[lofted-launch].cases[0].probability=0.1',
      '--set', 'scenario.injects[lofted-launch].cases[1].probability=0.9', '--out', other]).code).toBe(0);
    const c = cli(['compare', file, other]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/Drawn per run \(share of runs, a → b\):\n {2}injects\[lofted-launch\]\.cases=lost \d+% → \d+% \(\+\d+ pts \[\+\d+, \+\d+\]\): higher/);
    const json = JSON.parse(cli(['compare', file, other, '--json']).stdout) as { branches: { branch: string; verdict: string }[] };
    expect(json.branches.find((b) => b.branch === 'tracked')!.verdict).toBe('lower');
  });

  it('a report whose branch results name a structure it does not have is refused, with the field', () => {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
    const d = r.branches![0]!.decisions![0]!;
    d.structures.ghost = d.structures.legacy!;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(r));
    const out = cli(['report', bad]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/bad\.json: branches\[0\]\.decisions\[0\]\.structures\.ghost: is not a consistent report: structure "ghost" is not in the report/);
  });

  it('--events names each run\'s branch on every line, so events group by branch', () => {
    const events = join(dir, 'e.jsonl');
    expect(cli(['run', SCENARIO, '--runs', '12', '--seed', '5', '--events', events]).code).toBe(0);
    const lines = readFileSync(events, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { run: number; branches: Record<string, string> });
    const byRun = new Map<number, string>();
    for (const l of lines) {
      expect(['lost', 'tracked']).toContain(l.branches[ELEMENT]);
      expect(byRun.get(l.run) ?? l.branches[ELEMENT]).toBe(l.branches[ELEMENT]);
      byRun.set(l.run, l.branches[ELEMENT]!);
    }
    expect(byRun.size).toBe(12);
  });

  it('the report schema describes them', () => {
    const schema = cli(['schema', 'report']);
    expect(schema.stdout).toMatch(/Results within this branch/);
  });

  it('a played run\'s debrief says what chance drew', () => {
    const session = new PlaySession(loadScenario(SCENARIO), [loadStructure('legacy'), loadStructure('jfhq')], 5, 3);
    while (!session.finished) session.advanceTo(session.now + 600);
    const report = session.report();
    expect(report.branches!.map((b) => b.element)).toEqual([ELEMENT]);
    expect(report.branches![0]!.decisions).toBeUndefined();
    expect(debriefText(report)).toMatch(/^drawn by chance: injects\[lofted-launch\]\.cases=(lost|tracked)$/m);
  });
});
