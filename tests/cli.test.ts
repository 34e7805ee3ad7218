/** The subcommands, through the real binary. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, cli, ROOT, scratchDir, scratchFile } from './helpers.js';

describe('c2sim list', () => {
  it('lists every bundled scenario and structure, one line each', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    for (const id of ['nk-irbm-overflight', 'taiwan-quarantine', 'legacy', 'jfhq']) {
      expect(r.stdout.split('\n').filter((l) => l.trim().startsWith(id + ' '))).toHaveLength(1);
    }
  });

  it('--json gives the same catalogue as data', () => {
    const r = JSON.parse(cli(['list', '--json']).stdout);
    expect(r.scenarios.map((s: { id: string }) => s.id)).toEqual(['korea-peninsula', 'nk-irbm-overflight', 'nk-lofted-alert', 'taiwan-contingency', 'taiwan-quarantine']);
    expect(r.structures.map((s: { id: string }) => s.id)).toEqual(['jfhq', 'legacy']);
    expect(r.variants.map((s: { id: string }) => s.id)).toEqual(['coproduction-doubled', 'degraded-pacific', 'lapsed-trilateral-link', 'stalled-transition']);
  });

  it('the help says it lists variants too', () => {
    expect(cli(['--help']).stdout).toMatch(/list \[options\] +list the bundled scenarios, structures\s+and variants/);
  });
});

describe('c2sim validate', () => {
  it('accepts every bundled file, checking scenarios against their structures', () => {
    const files = [
      ...readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f)),
      ...readdirSync(join(ROOT, 'scenarios', 'structures')).map((f) => join('scenarios', 'structures', f)),
      ...readdirSync(join(ROOT, 'scenarios', 'variants')).map((f) => join('scenarios', 'variants', f)),
    ];
    const r = cli(['validate', ...files]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // One ok per file (a long line puts its details on the lines below the path).
    expect(r.stdout.match(/^ok {2}/gm)).toHaveLength(files.length);
    expect(r.stdout).toMatch(/scenario nk-irbm-overflight: [^\n]*checked against\s+legacy, jfhq/);
    // A variant is applied to the first scenario given: korea-peninsula sorts first since #9.
    expect(r.stdout).toMatch(/variant stalled-transition: 3 overrides, applied to korea-peninsula/);
    expect(r.stdout).toMatch(/variant lapsed-trilateral-link: 2 overrides, applied to korea-peninsula/);
  });

  it('refuses a variant whose overrides do not apply', () => {
    const bad = scratchFile('v.yaml', bundled('variants/stalled-transition.yaml').replace('jfhq.authority.isr-retask[US]', 'jfhq.authority.isr-retask[XX]'));
    const r = cli(['validate', bad]);
    expect(r.code).toBe(2);
    // At the key in the variant's file, saying what in which structure did not match.
    expect(r.stderr).toMatch(/v\.yaml:\d+:\d+: jfhq\.authority\.isr-retask\[XX\]\.delegations: does not fit structure jfhq, which has no item "XX" in authority\.isr-retask; did you mean "JP" or "US"\?/);
  });

  it('reports every bad file and exits 2, still confirming the good ones', () => {
    const bad = scratchFile('bad.yaml', bundled('structures/legacy.yaml').replace('timeZone: Pacific/Honolulu', 'timeZone: Hawaii'));
    const r = cli(['validate', 'scenarios/structures/jfhq.yaml', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ok {2}scenarios\/structures\/jfhq\.yaml/);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: nodes\[\d+\]\.timeZone: expected an IANA time zone/);
  });
});

describe('counts', () => {
  it('take the noun in the number the count needs ("1 decision point", not "1 decision points")', () => {
    const v = cli(['validate', 'nk-irbm-overflight', 'coproduction-doubled']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/scenario nk-irbm-overflight: 6 injects, 1 decision point,/);
    expect(v.stdout).toMatch(/variant coproduction-doubled: 1 override,/);
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '1', '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ · 1 run · /);
    expect(r.stdout + v.stdout).not.toMatch(/\b1 (runs|decision points|overrides|injects)\b/);
  });
});

describe('c2sim graph', () => {
  it('prints a structure as Mermaid, nodes grouped by nation', () => {
    const r = cli(['graph', 'jfhq']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^---\ntitle: JFHQ–JJOC/);
    expect(r.stdout).toContain('flowchart LR');
    expect(r.stdout).toMatch(/subgraph JP \[Japan\][\s\S]*jjoc\["Japan Joint Operations Command/);
    expect(r.stdout).toMatch(/jjoc ---\|"liaison ~\d/);
  });

  it('prints a structure as DOT', () => {
    const r = cli(['graph', 'scenarios/structures/legacy.yaml', '--format', 'dot']);
    expect(r.stdout).toMatch(/^graph "legacy" \{/);
    // Since #9 the ACM coordination center is a node between the Joint Staff and INDOPACOM.
    expect(r.stdout).toContain('"csjs" -- "bocc"');
    expect(r.stdout).toContain('"bocc" -- "indopacom"');
    expect(r.stdout).toMatch(/subgraph cluster_KR \{\n\s+label="Republic of Korea";/);
  });

  it('prints a decision statechart, different in each structure', () => {
    const legacy = cli(['graph', 'nk-irbm-overflight', '--decision', 'show-of-force', '--structure', 'legacy']);
    const jfhq = cli(['graph', 'nk-irbm-overflight', '--decision', 'show-of-force', '--structure', 'jfhq']);
    expect(legacy.stdout).toContain('stateDiagram-v2');
    expect(legacy.stdout).toContain('state "consult@mod>indopacom"');
    expect(jfhq.stdout).toContain('state "consult@mod>usfj"');
    expect(jfhq.stdout).toMatch(/US\.done \[delegated\]/);
    expect(jfhq.stdout).toMatch(/after deadline/);
    const dot = cli(['graph', 'nk-irbm-overflight', '--decision', 'warn-public', '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph /);
    expect(dot.stdout).toContain('label="decide@cas"');
  });

  it('asks for --decision with a scenario, and names close matches', () => {
    expect(cli(['graph', 'nk-irbm-overflight']).stderr).toMatch(/add --decision <kind or id>/);
    const r = cli(['graph', 'nk-irbm-overflight', '--decision', 'intercep']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean "intercept"\?/);
  });
});

describe('c2sim schema', () => {
  it.each(['scenario', 'structure', 'report'])('prints the %s JSON Schema', (name) => {
    const r = cli(['schema', name]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.title).toContain(name === 'report' ? 'report' : name);
  });

  it('describes durations as written in files', () => {
    const schema = JSON.parse(cli(['schema', 'scenario']).stdout);
    expect(JSON.stringify(schema.properties.duration)).toMatch(/"type":"string"/);
  });
});

describe('c2sim run', () => {
  it('prints the summary table when piped, with the paired comparison', () => {
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^North Korean IRBM over northern Japan\nnk-irbm-overflight · seed 1 · 20 runs · legacy \(baseline\), jfhq\n/);
    expect(r.stdout).toMatch(/launch\/warn-public · public-warning · deadline 6m00s\n {2}legacy/);
    expect(r.stdout).toMatch(/jfhq − legacy [−+]?\S+ \[.*\], 20 runs: (faster|slower|no difference beyond noise)/);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(r.stderr).toBe('');
  });

  it('keeps the table\'s columns in line when a time is long (hours past ten, days)', () => {
    // INDOPACOM taking 10 hours (or 26) to decide: a median of 11h13m52s (or 1d03h…) in legacy.
    for (const decide of ['10h', '26h']) {
      const r = cli(['run', 'nk-irbm-overflight', '--runs', '5', '--workers', '1', '--set', `legacy.nodes[indopacom].processing.decide={dist: fixed, value: ${decide}}`]);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      const header = lines.find((l) => l.includes('P50'))!;
      const starts = ['P90', 'ON TIME', 'MOST TIME'].map((h) => header.indexOf(h));
      const rows = lines.filter((l) => /^ {2}(legacy|jfhq) {2,}\S/.test(l) && !l.includes('not demanded'));
      expect(rows.some((l) => /^ {2}legacy +(\d+h|\d+d)/.test(l))).toBe(true);
      for (const row of rows) {
        for (const at of starts) expect(`${row[at - 1]}${row[at]}`, `column at ${at} of "${row}"`).toMatch(/^ \S$/);
        expect([...row].length).toBeLessThanOrEqual(80);
      }
    }
  });

  it('runs one structure alone, or a user structure file', () => {
    const dir = scratchDir();
    const copy = scratchFile('my-structure.yaml', bundled('structures/jfhq.yaml').replace('id: jfhq', 'id: my-jfhq'), dir);
    const r = cli(['run', 'nk-irbm-overflight', '--runs', '3', '--structures', `legacy,${copy}`, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.structures.map((s: { id: string; file: string }) => [s.id, s.file])).toEqual([['legacy', 'scenarios/structures/legacy.yaml'], ['my-jfhq', copy]]);
    expect(Object.keys(report.decisions[0].structures)).toEqual(['legacy', 'my-jfhq']);
  });

  it('--choose answers a decision point, and the report records it', () => {
    const r = JSON.parse(cli(['run', 'nk-irbm-overflight', '--runs', '5', '--choose', 'allied-response=statement-only', '--json']).stdout);
    expect(r.options.choices).toEqual({ 'allied-response': 'statement-only' });
    expect(r.decisions.find((d: { decision: string }) => d.decision === 'bilateral-flight').structures.legacy.instances).toBe(0);
  });

  it('with no command, runs the default comparison and prints the table', () => {
    const r = cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^North Korean IRBM over northern Japan\nnk-irbm-overflight · seed 1 · 200 runs · legacy \(baseline\), jfhq/);
  });
});

describe('layering', () => {
  it('batch commands never import Ink or React', () => {
    // Follow static imports from the CLI entry: Ink costs ~0.4 s and belongs to play only.
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else external.add(spec.split('/')[0]!);
      }
      // Commands load lazily (start-up): follow those dynamic imports too, except the play UI's.
      for (const m of text.matchAll(/import\('(\.[^']+)'\)/g)) {
        if (!m[1]!.includes('/ui/')) visit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      }
    };
    visit(join(ROOT, 'src', 'cli', 'main.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect([...external].filter((e) => /^(ink|react)/.test(e))).toEqual([]);
  });
});
