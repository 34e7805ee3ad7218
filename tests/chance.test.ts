/**
 * Chance per run (issue 8, item 2): an inject, a case of an inject and a decision point's option
 * can be drawn per run with stated probabilities, each from a stream of its own, so both
 * structures see the same branch in each run (common random numbers); `--choose` still fixes a
 * point. The report gives the share of runs in each branch.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, loadScenario, loadStructure, simulate } from '../src/index.js';
import { bundled, cli, replaceOnce, scratchFile } from './helpers.js';

const SCENARIO = 'nk-irbm-overflight';
const PASSED_30 = ['--set', 'scenario.injects[passed].chance=0.3'];
const RESPONSE = [
  '--set', 'scenario.decisionPoints[allied-response].chance={bilateral-flight: 0.25, delegated-flight: 0.25, statement-only: 0.5}',
  '--set', 'scenario.decisionPoints[allied-response].assumption=fixture',
];

interface Branch { element: string; branch: string; runs: number; share: number; ci95: [number, number] | null }
interface JsonReport {
  runs: number;
  branches?: Branch[];
  decisions: { inject: string; decision: string; structures: Record<string, { instances: number }> }[];
}

function run(args: string[]): JsonReport {
  const r = cli(['run', SCENARIO, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

const instances = (r: JsonReport, key: string, structure: string) =>
  r.decisions.find((d) => `${d.inject}/${d.decision}` === key)!.structures[structure]!.instances;

describe('an inject drawn per run', () => {
  it('a chance of 0.3 gives ~30% of runs (within binomial error), and both structures see the same runs', () => {
    const n = 400;
    const r = run(['--runs', String(n), ...PASSED_30]);
    const happens = r.branches!.find((b) => b.element === 'injects[passed]' && b.branch === 'happens')!;
    const not = r.branches!.find((b) => b.element === 'injects[passed]' && b.branch === 'does-not-happen')!;
    expect(happens.runs + not.runs).toBe(n);
    // 4 standard errors of a binomial(400, 0.3): ±37 runs.
    expect(Math.abs(happens.runs - 0.3 * n)).toBeLessThan(4 * Math.sqrt(n * 0.3 * 0.7));
    expect(happens.share).toBeCloseTo(happens.runs / n, 6);
    expect(happens.ci95![0]).toBeLessThan(0.3);
    expect(happens.ci95![1]).toBeGreaterThan(0.3);
    // The inject's decision is demanded in exactly those runs, in each structure.
    expect(instances(r, 'passed/all-clear', 'legacy')).toBe(happens.runs);
    expect(instances(r, 'passed/all-clear', 'jfhq')).toBe(happens.runs);
  });

  it('--choose fixes an inject\'s branch, for its results alone; a branch it does not have is refused', () => {
    const r = run(['--runs', '20', '--structures', 'legacy', ...PASSED_30, '--choose', 'passed=happens']);
    expect(r.branches).toBeUndefined();
    expect(instances(r, 'passed/all-clear', 'legacy')).toBe(20);
    const bad = cli(['run', SCENARIO, '--runs', '2', ...PASSED_30, '--choose', 'passed=happen']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^c2sim: --choose: inject "passed" has no branch "happen"; did you mean "happens"\?\n$/);
  });

  it('each run draws the same branch in both structures, run by run (library)', () => {
    const scenario = loadScenario(scratchFile('nk.yaml', replaceOnce(bundled(`${SCENARIO}.yaml`), '  - id: passed\n', '  - id: passed\n    chance: 0.3\n')));
    const plans = ['legacy', 'jfhq'].map((s) => compilePlan(scenario, loadStructure(s)));
    let happened = 0;
    for (let run = 0; run < 60; run++) {
      const [a, b] = plans.map((p) => simulate(p, { seed: '9', runIndex: run }));
      expect(b!.branches).toEqual(a!.branches);
      const demanded = a!.decisions.some((d) => d.inject === 'passed');
      expect(b!.decisions.some((d) => d.inject === 'passed')).toBe(demanded);
      expect(demanded).toBe(a!.branches['injects[passed]'] === 'happens');
      if (demanded) happened++;
    }
    expect(happened).toBeGreaterThan(0);
    expect(happened).toBeLessThan(60);
  });
});

describe('a decision point drawn per run, unless --choose fixes it', () => {
  it('draws each option with its probability; the flight is demanded only where an option fires it', () => {
    const n = 400;
    const r = run(['--runs', String(n), '--structures', 'legacy', ...RESPONSE]);
    const share = (o: string) => r.branches!.find((b) => b.element === 'decisionPoints[allied-response]' && b.branch === o)?.runs ?? 0;
    const [flight, delegated, statement] = ['bilateral-flight', 'delegated-flight', 'statement-only'].map(share) as [number, number, number];
    expect(flight + delegated + statement).toBe(n);
    expect(Math.abs(statement - 0.5 * n)).toBeLessThan(4 * Math.sqrt(n * 0.25));
    expect(Math.abs(flight - 0.25 * n)).toBeLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
    expect(instances(r, 'show-of-force-order/bilateral-flight', 'legacy')).toBe(flight + delegated);
  });

  it('--choose fixes the option: nothing is drawn and the report lists no branch', () => {
    const r = run(['--runs', '20', ...RESPONSE, '--choose', 'allied-response=statement-only']);
    expect(r.branches).toBeUndefined();
    expect(instances(r, 'show-of-force-order/bilateral-flight', 'legacy')).toBe(0);
  });

  it('the table gives the share of runs in each branch', () => {
    const r = cli(['run', SCENARIO, '--runs', '40', ...RESPONSE, ...PASSED_30]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n\s+/g, ' ')).toMatch(/drawn per run: decisionPoints\[allied-response\]: bilateral-flight \d+% · delegated-flight \d+% · statement-only \d+%/);
    expect(r.stdout).toMatch(/drawn per run: injects\[passed\]: does-not-happen \d+% · happens \d+%/);
  });
});

describe('inject cases drawn per run', () => {
  const withCases = (cases: string) => scratchFile('nk.yaml', replaceOnce(bundled(`${SCENARIO}.yaml`),
    '  - id: launch\n',
    `  - id: launch\n    cases:\n${cases}`));
  const lostTrack = '      - { id: tracked, probability: 0.75, assumption: fixture }\n'
    + '      - { id: lost, probability: 0.25, detection: [{ node: ado, delay: 6m }, { node: c7f, delay: 6m }], assumption: fixture }\n';

  it('a case replaces the inject\'s fields in the runs it is drawn, the same runs in both structures', () => {
    const file = withCases(lostTrack);
    const scenario = loadScenario(file);
    const plans = ['legacy', 'jfhq'].map((s) => compilePlan(scenario, loadStructure(s)));
    let lost = 0;
    for (let run = 0; run < 40; run++) {
      const [a, b] = plans.map((p) => simulate(p, { seed: '1', runIndex: run }));
      expect(b!.branches).toEqual(a!.branches);
      const launch = a!.decisions.find((d) => d.decision === 'warn-public')!;
      const late = launch.detectedAt - launch.occurredAt === 360;
      expect(late).toBe(a!.branches['injects[launch].cases'] === 'lost');
      if (late) lost++;
    }
    expect(lost).toBeGreaterThan(0);
    const r = cli(['run', file, '--runs', '40', '--json']);
    const branches = (JSON.parse(r.stdout) as JsonReport).branches!;
    expect(branches.find((b) => b.branch === 'lost')!.runs).toBe(lost);
  });

  it('validate refuses cases whose probabilities do not add up to 1, with line:col and the fix', () => {
    const r = cli(['validate', withCases(lostTrack.replace('probability: 0.25', 'probability: 0.2'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nk\.yaml:\d+:\d+: injects\[0\]\.cases: the cases' probabilities add up to 0\.95; expected exactly 1 \(list every branch\)/);
  });
});

describe('validate refuses a bad chance', () => {
  const text = bundled(`${SCENARIO}.yaml`);
  const point = (chance: string, cite = '    assumption: fixture\n') => scratchFile('nk.yaml', replaceOnce(text, '    default: bilateral-flight\n', `    default: bilateral-flight\n    chance: ${chance}\n${cite}`));

  it('an unknown option, probabilities that do not add up, and a chance that cites nothing', () => {
    const r = cli(['validate', point('{ bilateral-flight: 0.5, statment-only: 0.4 }', '')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/decisionPoints\[0\]\.chance\.statment-only: unknown option "statment-only"; did you mean "statement-only"\?/);
    expect(r.stderr).toMatch(/decisionPoints\[0\]\.chance: the options' chances add up to 0\.9; expected exactly 1/);
    expect(r.stderr).toMatch(/decisionPoints\[0\]: cites nothing/);
  });

  it('an inject chance of 0 or above 1', () => {
    for (const p of ['0', '1.5']) {
      const r = cli(['validate', scratchFile('nk.yaml', replaceOnce(text, '  - id: passed\n', `  - id: passed\n    chance: ${p}\n`))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/nk\.yaml:\d+:\d+: injects\[1\]\.chance: expected a probability/);
    }
  });
});

describe('branches fold into the summary exactly', () => {
  it('one worker or two, the same bytes', () => {
    const args = ['run', SCENARIO, '--runs', '30', '--json', ...PASSED_30, ...RESPONSE];
    const one = cli([...args, '--workers', '1']);
    const two = cli([...args, '--workers', '2']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('"branches"');
  });
});
