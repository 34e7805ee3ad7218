/** Every bad input: exit 2, one line naming the file or flag, the place and what is expected; no stack trace. */
import { describe, expect, it } from 'vitest';
import { bundled, cli, replaceOnce, scratchFile } from './helpers.js';

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, ...parts: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^c2sim: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of parts) expect(lines[0]).toMatch(p);
}

const legacy = bundled('structures/legacy.yaml');
const nk = bundled('nk-irbm-overflight.yaml');

describe('bad structure files', () => {
  it('malformed YAML names line and column', () => {
    const f = scratchFile('broken.yaml', 'id: x\nnodes: [a: b\n');
    expectOneLineError(cli(['validate', f]), `${f}:3:1`, /malformed YAML/);
  });

  it('a wrong type names the field path and line', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, 'capacity: 1\n    dutyHours: { start: "07:00", end: "22:00"', 'capacity: lots\n    dutyHours: { start: "07:00", end: "22:00"'));
    expectOneLineError(cli(['validate', f]), /s\.yaml:\d+:\d+: nodes\[0\]\.capacity: expected number/);
  });

  it('an unknown node in a link suggests the right one', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '{ from: cas, to: fdma,', '{ from: cas, to: fdmaa,'));
    // validate lists every problem: the link's, and the route it no longer provides.
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/links\[\d+\]\.to: unknown node "fdmaa"; did you mean "fdma"\?/);
    expect(r.stderr).toMatch(/taskVia: no route for a tasking from "cas" to "fdma" over links that carry it .*; add a link, let a node on the way relay, or name a route/);
  });

  it('an unknown node in an authority entry', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '      executor: fdma\n', '      executor: jalert\n'));
    expectOneLineError(cli(['validate', f]), /authority\.public-warning\[0\]\.executor: unknown node "jalert"/);
  });

  it('an unknown decision kind lists the kinds', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '  public-warning:\n', '  public-warnings:\n'));
    expectOneLineError(cli(['validate', f]), /authority\.public-warnings: unknown field|"public-warnings" is not allowed|expected one of/);
  });

  it('a misspelt field is reported with the intended name', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '    capacity: 1\n    dutyHours: { start: "07:00", end: "22:00"', '    capacty: 1\n    dutyHours: { start: "07:00", end: "22:00"'));
    expectOneLineError(cli(['validate', f]), /nodes\[0\]\.capacty: unknown field "capacty"; did you mean "capacity"\?/);
  });

  it('a number with no source or assumption is refused', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '    source: [pm-night, pm-directives]\n    assumption: "Reach-back at night calibrated to the ~1 h night briefing (9 Oct 2022); processing times elicited."\n', ''));
    expectOneLineError(cli(['validate', f]), /nodes\[0\]: cites nothing; add source:/);
  });
});

describe('bad scenario files', () => {
  it('a negative time', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '    at: 20m\n', '    at: -5m\n'));
    expectOneLineError(cli(['validate', f]), /injects\[1\]\.at: .*(negative|expected)/);
  });

  it('an inject before the scenario start', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '    at: 20m\n', '    at: "2022-10-03T20:00:00Z"\n'));
    expectOneLineError(cli(['validate', f]), /injects\[1\]\.at: is 2h22m00s before the scenario start/);
  });

  it('inverted times: expiry before deadline', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '        expires: 14m\n', '        expires: 3m\n'));
    expectOneLineError(cli(['validate', f]), /injects\[0\]\.decisions\[0\]\.expires: expires \(3m00s\) before the deadline \(6m00s\)/);
  });

  it('a deadline before its inject', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '        deadline: 8m\n', '        deadline: "2022-10-03T22:30:00Z"\n'));
    expectOneLineError(cli(['validate', f]), /injects\[1\]\.decisions\[0\]\.deadline: 2022-10-03T22:30:00Z is before its inject/);
  });

  it('a node the structure does not have names the structure', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '      - node: c7f\n', '      - node: jjoc\n'));
    expectOneLineError(cli(['validate', f]), /injects\[0\]\.detection\[1\]\.node: unknown node "jjoc".*\(structure "legacy"\)/);
  });

  it('a detector with no path of links to where its track starts', () => {
    const island = bundled('structures/legacy.yaml').replace('nodes:\n', `nodes:
  - { id: island, name: Island radar, nation: JP, location: Yonaguni, timeZone: Asia/Tokyo, capacity: 1, processing: { assess: 30s }, assumption: "fixture" }
`);
    const structure = scratchFile('island.yaml', island);
    const scenario = scratchFile('n.yaml', replaceOnce(nk, '      - node: ado\n        delay: { dist: triangular, min: 30s, mode: 55s, max: 100s }', '      - node: island\n        delay: 30s')
    );
    expectOneLineError(cli(['run', scenario, '--runs', '1', '--structures', structure]), /injects\[0\]\.detection\[0\]\.node: detector "island" cannot report to "mod", where the JP track of "public-warning" starts: no route for a report from "island" to "mod"/);
  });

  it('a decision kind that does not exist', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '        kind: intercept\n', '        kind: intercpt\n'));
    expectOneLineError(cli(['validate', f]), /decisions\[1\]\.kind: "intercpt" is not allowed; did you mean "intercept"\?/);
  });

  it('a contingency reference to nothing', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, 'onLate: [late-warning]', 'onLate: [late-warnings]'));
    expectOneLineError(cli(['validate', f]), /onLate\[0\]: unknown inject "late-warnings"; did you mean "late-warning"\?/);
  });

  it('a file that does not exist', () => {
    expectOneLineError(cli(['run', 'no/such/scenario.yaml']), /no\/such\/scenario\.yaml: no such file/);
  });

  it('a file that is not a mapping', () => {
    const f = scratchFile('list.yaml', '- a\n- b\n');
    expectOneLineError(cli(['run', f]), /list\.yaml:1:1: expected a YAML mapping/);
  });
});

describe('bad flags and names', () => {
  it.each([
    [['--runs', '0'], /--runs: expected a whole number from 1 to 1,000,000, got "0"/],
    [['--runs', 'abc'], /--runs: expected a whole number from 1 to 1,000,000, got "abc"/],
    [['--runs', '5000000'], /--runs: expected a whole number/],
    [['--runs', '-3'], /--runs/],
    [['--seed', 'x1'], /--seed: expected a whole number/],
    [['--structures', 'legacy,jfhqq'], /unknown structure "jfhqq"; did you mean "jfhq"\?/],
    [['--choose', 'allied-response=nope'], /decision point "allied-response" has no option "nope"/],
    [['--choose', 'garbage'], /--choose: expected point=option/],
  ])('run %j', (flags, message) => {
    expectOneLineError(cli(['run', 'nk-irbm-overflight', '--runs', '2', ...(flags as string[])]), message);
  });

  it('regression: a bad --choose found in a worker thread was an internal error (exit 1), not a one-line input error', () => {
    expectOneLineError(cli(['run', 'nk-irbm-overflight', '--runs', '200', '--workers', '2', '--choose', 'allied-response=nope']),
      /decision point "allied-response" has no option "nope"/);
  });

  it('an unknown scenario name', () => {
    expectOneLineError(cli(['run', 'nk-irbm-overflite']), /unknown scenario "nk-irbm-overflite"; did you mean "nk-irbm-overflight"\?/);
  });

  it('an unknown option', () => {
    expectOneLineError(cli(['run', 'nk-irbm-overflight', '--rusn', '3']), /unknown option '--rusn' \(Did you mean --runs\?\)/);
  });

  it('an unknown schema', () => {
    expectOneLineError(cli(['schema', 'scenarios']), /unknown schema "scenarios"; did you mean "scenario"\?/);
  });

  it('--out into a directory that does not exist, and nothing is half-written', () => {
    expectOneLineError(cli(['run', 'nk-irbm-overflight', '--runs', '2', '--out', '/nonexistent-dir/r.json']), /--out: cannot write .*its directory does not exist/);
  });
});

describe('regressions from review', () => {
  it('an empty string is not a duration (empty-duration-accepted)', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '    at: 20m\n', "    at: ''\n"));
    expectOneLineError(cli(['validate', f]), /injects\[1\]\.at: expected an offset such as 45s/);
    const g = scratchFile('n.yaml', replaceOnce(nk, '        delay: { dist: triangular, min: 30s, mode: 55s, max: 100s }', "        delay: ''"));
    expectOneLineError(cli(['validate', g]), /detection\[0\]\.delay: expected a duration \(e\.g\. 45s\) or a distribution/);
  });

  it('a contingency that fires itself is refused, naming the cycle (contingency-cycle-hangs)', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '    title: J-Alert is late; prefectures ask why\n', '    title: J-Alert is late; prefectures ask why\n    effects: [{ fire: late-warning }]\n'));
    expectOneLineError(cli(['validate', f]), /"late-warning" is fired again by its own consequences \(late-warning → late-warning\)/);
  });

  it('absurd durations are refused before any work (huge-duration-hangs)', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, 'duration: 8h', 'duration: 20000d'));
    expectOneLineError(cli(['validate', f]), /duration: expected a duration of at most 365 days|at most 60 days/);
  });

  it('a YAML alias bomb is an input error, not a crash', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expectOneLineError(cli(['validate', scratchFile('bomb.yaml', bomb + '\nid: x\n')]), /bomb\.yaml: (cannot be read as data|malformed YAML)/);
  });

  it('an unknown command, and a directory, get one line each', () => {
    expectOneLineError(cli(['rnu', 'nk-irbm-overflight']), /unknown command "rnu"; did you mean "run"\?/);
    expectOneLineError(cli(['validate', 'scenarios']), /scenarios: is a directory/);
  });
});

describe('validate lists every problem in a file (validate-stops-at-first)', () => {
  it('every schema problem, each on its own line with file:line:col, in file order', () => {
    let text = replaceOnce(legacy, '    capacity: 1\n    dutyHours: { start: "07:00", end: "22:00", days: [mon, tue, wed, thu, fri, sat, sun] }', '    capacity: lots\n    dutyHours: { start: "07:00", end: "22:00", days: [mon, tue, wed, thu, fri, sat, sun] }');
    text = replaceOnce(text, '    capacity: 1\n    dutyHours: { start: "07:00", end: "19:00"', '    capacty: 1\n    dutyHours: { start: "07:00", end: "19:00"');
    text = replaceOnce(text, '      executor: fdma\n', '      executor: fdma\n      urgency: high\n');
    const f = scratchFile('s.yaml', text);
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(r.stderr).not.toMatch(/more\)/);
    expect(lines[0]).toMatch(/^c2sim: .*s\.yaml:\d+:\d+: nodes\[0\]\.capacity: expected number/);
    expect(lines[1]).toMatch(/^c2sim: .*s\.yaml:\d+:\d+: nodes\[\d+\]\.capacty: unknown field "capacty"; did you mean "capacity"\?/);
    expect(lines[2]).toMatch(/^c2sim: .*s\.yaml:\d+:\d+: authority\.public-warning\[0\]\.urgency: unknown field "urgency"/);
  });

  it('every cross-check problem', () => {
    let text = replaceOnce(legacy, '      executor: fdma\n', '      executor: jalert\n');
    text = replaceOnce(text, 'without asking Hawaii." }\n      consult: [csjs]\n      executor: c7f\n', 'without asking Hawaii." }\n      consult: [csjs]\n      executor: c7ff\n');
    const f = scratchFile('s.yaml', text);
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/authority\.public-warning\[0\]\.executor: unknown node "jalert"/);
    expect(r.stderr).toMatch(/authority\.intercept\[1\]\.executor: unknown node "c7ff"; did you mean "c7f"\?/);
    expect(r.stderr).not.toMatch(/more\)/);
  });

  it('elsewhere, one line: the first problem and where the rest are listed', () => {
    const text = replaceOnce(nk, 'structures: [legacy, jfhq]', 'structures: [legacy, jfhq]\ncolour: red\nflavour: sweet');
    const f = scratchFile('n.yaml', text);
    expectOneLineError(cli(['run', f, '--runs', '1']), /unknown field "colour".*\(and 1 more problem: c2sim validate .*n\.yaml lists them\)/);
    expect(cli(['validate', f]).stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('nonsense is refused with file:line:col and the fix (nonsense-accepted)', () => {
  const taiwan = bundled('taiwan-quarantine.yaml');

  it.each([
    ['2022-02-31', /start: 2022-02-31T22:22:00Z is not a real date: February 2022 has 28 days; expected a day from 01 to 28/],
    ['2023-04-31', /April 2023 has 30 days/],
    ['2022-13-03', /has month 13, which does not exist/],
  ])('an impossible date (%s)', (date, message) => {
    const f = scratchFile('n.yaml', replaceOnce(nk, 'start: 2022-10-03T22:22:00Z', `start: ${date}T22:22:00Z`));
    expectOneLineError(cli(['validate', f]), /n\.yaml:14:8: /, message);
  });

  it('a leap day is a real date', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, 'start: 2022-10-03T22:22:00Z', 'start: 2024-02-29T22:22:00Z'));
    expect(cli(['validate', f]).code).toBe(0);
  });

  it('an impossible time of day', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, 'start: 2022-10-03T22:22:00Z', 'start: 2022-10-03T24:30:00Z'));
    expectOneLineError(cli(['validate', f]), /n\.yaml:14:8: start: .*not a real time of day; expected hours 00–23/);
  });

  it('a zero deadline', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '        deadline: 6m\n', '        deadline: 0s\n'));
    expectOneLineError(cli(['validate', f]), /n\.yaml:\d+:\d+: injects\[0\]\.decisions\[0\]\.deadline: a deadline of zero leaves no time to decide; expected a deadline after the inject/);
  });

  it('a deadline given as the inject\'s own UTC instant', () => {
    const f = scratchFile('n.yaml', replaceOnce(nk, '        deadline: 6m\n', '        deadline: 2022-10-03T22:22:00Z\n'));
    expectOneLineError(cli(['validate', f]), /injects\[0\]\.decisions\[0\]\.deadline: a deadline of zero/);
  });

  it('staysFor: 0s', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, '      staysFor: 12h\n    processing:\n      assess: { dist: lognormal, median: 3m, p90: 8m }', '      staysFor: 0s\n    processing:\n      assess: { dist: lognormal, median: 3m, p90: 8m }'));
    expectOneLineError(cli(['validate', f]), /s\.yaml:\d+:\d+: nodes\[0\]\.afterHours\.staysFor: expected a time above zero/);
  });

  it('duty hours that start when they end', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, 'capacity: 1\n    dutyHours: { start: "07:00", end: "22:00"', 'capacity: 1\n    dutyHours: { start: "07:00", end: "07:00"'));
    expectOneLineError(cli(['validate', f]), /s\.yaml:\d+:\d+: nodes\[0\]\.dutyHours\.end: end is the same as start \(07:00\).*dutyHours: always/);
  });

  it('a capacity beyond the bound', () => {
    const f = scratchFile('s.yaml', replaceOnce(legacy, 'capacity: 1\n    dutyHours: { start: "07:00", end: "22:00"', 'capacity: 5000\n    dutyHours: { start: "07:00", end: "22:00"'));
    expectOneLineError(cli(['validate', f]), /s\.yaml:\d+:\d+: nodes\[0\]\.capacity: expected a staff capacity of at most 50/);
  });

  it('a degradation factor beyond the bound, also through --set', () => {
    const f = scratchFile('t.yaml', replaceOnce(taiwan, 'latencyFactor: 4,', 'latencyFactor: 4000,'));
    expectOneLineError(cli(['validate', f]), /t\.yaml:\d+:\d+: injects\[\d+\]\.effects\[0\]\.degradeLinks\.latencyFactor: expected a factor of at most 100; .*down: true/);
    expectOneLineError(cli(['run', 'nk-irbm-overflight', '--runs', '1', '--set', 'legacy.nodes[kantei].capacity=1000']), /capacity: expected a staff capacity of at most 50/);
  });
});

describe('flag errors', () => {
  it.each([
    [['run', 'nk-irbm-overflight', '--runs', '2', '--events', 'e.jsonl', '--workers', '2'], /^c2sim: --events: writes every run's detail .*; drop --workers$/],
    [['graph', 'jfhq', '--decision', 'show-of-force'], /^c2sim: --decision: needs a scenario .*; give a scenario, or drop --decision$/],
  ])('name the flag once: %j', (args, message) => {
    const r = cli(args as string[]);
    expectOneLineError(r, message);
    // Not "--events: --events writes…": the flag is the place, said once.
    expect(r.stderr).not.toMatch(/^c2sim: (--[a-z-]+): \1\b/);
  });
});
