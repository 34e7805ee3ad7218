/**
 * Regression: text from input files reached the terminal raw — a scenario title of
 * "X \u001b]0;pwned\u0007" renamed the terminal window, "\u001b[2J" cleared it — through the run
 * table, the play UI, the replay debrief and validate's errors; Markdown carried raw <script> and
 * <img onerror>. Table-driven: every text field of a scenario and a structure, through every
 * renderer that shows it; plus --set values, a report's fields, and the play UI.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadStructure } from '../src/index.js';
import { PlaySession } from '../src/analysis/playSession.js';
import { recordSession } from '../src/analysis/recording.js';
import { App } from '../src/ui/App.js';
import { terminalSafe, terminalSafeLine } from '../src/report/terminalSafe.js';
import { bundled, cli, scratchDir } from './helpers.js';

/** Any control character a terminal acts on (newline and tab are ours, for layout). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = ' \u001b]0;owned\u0007 \u001b[2J \u009b2J \r\b\u202e <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) a|b *b* `c`';
/** The hostile text as it must appear on a terminal: every control visible, nothing acted on. */
const visible = (tag: string) => terminalSafeLine(tag + HOSTILE).split(' <script>')[0]!;

function expectInert(out: string): void {
  expect(out).not.toMatch(CONTROL);
}

/** A copy of the bundled NK scenario and the legacy structure with every text field hostile. */
function hostileInputs(dir: string) {
  const sc = parse(bundled('nk-irbm-overflight.yaml'));
  const fields: [string, (t: string) => void][] = [
    ['SCTITLE', (t) => { sc.title = t; }],
    ['SCSUMMARY', (t) => { sc.summary = t; }],
    ['SCBRIEFING', (t) => { sc.briefing = t; }],
    ['INJECTTITLE', (t) => { sc.injects[0].title = t; }],
    ['SUCCESS', (t) => { sc.injects[0].decisions[0].success = t; }],
    ['OBJTITLE', (t) => { sc.objectives[0].title = t; }],
    ['OBJCAP', (t) => { sc.objectives[0].capability = t; }],
    ['PROMPT', (t) => { sc.decisionPoints[0].prompt = t; }],
    ['LABEL', (t) => { sc.decisionPoints[0].options[0].label = t; }],
    ['CONSEQUENCE', (t) => { sc.decisionPoints[0].options[0].consequence = t; }],
  ];
  for (const [tag, set] of fields) set(tag + HOSTILE);
  const st = parse(bundled('structures/legacy.yaml'));
  st.name = 'STNAME' + HOSTILE;
  st.description = 'STDESC' + HOSTILE;
  st.nodes[0].name = 'NODENAME' + HOSTILE;
  // JSON is YAML: the escapes are read as the characters themselves.
  const scenario = join(dir, 'hostile.yaml');
  const structure = join(dir, 'hostile-legacy.yaml');
  writeFileSync(scenario, JSON.stringify({ ...sc, structures: ['legacy', 'jfhq'] }));
  writeFileSync(structure, JSON.stringify(st));
  return { scenario, structure };
}

describe('the sanitiser', () => {
  it('escapes C0, DEL, C1 and bidi controls visibly, keeps newlines and tabs, and is idempotent', () => {
    expect(terminalSafe('a\u001b]0;x\u0007b\n\tc\u009bd\u007f\u202e')).toBe('a\\u001b]0;x\\u0007b\n\tc\\u009bd\\u007f\\u202e');
    expect(terminalSafeLine('a\nb\r')).toBe('a\\u000ab\\u000d');
    expect(terminalSafe(terminalSafe('\u001b'))).toBe('\\u001b');
    // In JSON the escape is the same string: JSON printed through it stays equal.
    expect(JSON.parse(terminalSafe(JSON.stringify({ t: 'x\u009by' })))).toEqual({ t: 'x\u009by' });
  });
});

describe('text from input files never reaches the terminal raw (regression: escape sequences in titles)', () => {
  const dir = scratchDir();
  const { scenario, structure } = hostileInputs(dir);
  const report = join(dir, 'r.json');
  const run = cli(['run', scenario, '--structures', `${structure},jfhq`, '--runs', '4', '--out', report]);

  it('run: the table on stdout, messages on stderr', () => {
    expect(run.code).toBe(0);
    expectInert(run.stdout + run.stderr);
    expect(run.stdout).toContain(visible('SCTITLE'));
  });

  it('run --json: valid JSON, no raw control characters, the same strings', () => {
    const r = cli(['run', scenario, '--structures', `${structure},jfhq`, '--runs', '2', '--json']);
    expect(r.code).toBe(0);
    expectInert(r.stdout);
    const json = JSON.parse(r.stdout);
    expect(json.scenario.name).toBe('SCTITLE' + HOSTILE);
    expect(json.structures[0].name).toBe('STNAME' + HOSTILE);
  });

  const renderers: [string, () => { out: string; code: number }, string[]][] = [
    ['report (table)', () => { const r = cli(['report', report]); return { out: r.stdout + r.stderr, code: r.code }; }, ['SCTITLE']],
    ['report --markdown', () => { const r = cli(['report', report, '--markdown']); return { out: r.stdout + r.stderr, code: r.code }; }, ['SCTITLE', 'STNAME', 'INJECTTITLE', 'OBJTITLE', 'OBJCAP']],
    ['compare (text)', () => { const r = cli(['compare', report, report]); return { out: r.stdout + r.stderr, code: r.code }; }, []],
    ['compare --markdown', () => { const r = cli(['compare', report, report, '--markdown']); return { out: r.stdout + r.stderr, code: r.code }; }, ['SCTITLE', 'OBJTITLE']],
    ['validate (ok lines)', () => { const r = cli(['validate', scenario, structure]); return { out: r.stdout + r.stderr, code: r.code }; }, []],
    ['graph', () => { const r = cli(['graph', structure]); return { out: r.stdout + r.stderr, code: r.code }; }, ['NODENAME']],
  ];
  for (const [name, go, tags] of renderers) {
    it(`${name}: inert${tags.length ? `, showing ${tags.join(', ')} visibly` : ''}`, () => {
      const { out, code } = go();
      expect(code).toBe(0);
      expectInert(out);
      for (const tag of tags) expect(out).toContain(tag);
    });
  }

  it('graph: a node name cannot break out of its DOT string or Mermaid label (regression: backslash before a quote)', () => {
    const st = parse(bundled('structures/legacy.yaml'));
    const evil = 'Evil \\" ]; x [URL="javascript:alert(1)"]; y [label="\nclick kantei href "javascript:alert(1)" <img src=x onerror=alert(1)>';
    st.name = evil;
    st.nodes[0].name = evil;
    const file = join(dir, 'evil-structure.yaml');
    writeFileSync(file, JSON.stringify(st));
    const dot = cli(['graph', file, '--format', 'dot']);
    expect(dot.code).toBe(0);
    // Read the DOT strings as DOT does: the label is the whole name, and no statement follows it.
    const strings = [...dot.stdout.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c)));
    expect(strings).toContain(evil);
    expect(strings.filter((x) => x.startsWith(evil + '\n'))).toHaveLength(1);
    expect(dot.stdout.replace(/"((?:[^"\\]|\\.)*)"/g, '""')).not.toMatch(/URL|javascript|click/);
    const mermaid = cli(['graph', file]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.split('\n').filter((l) => /^\s*click\b/.test(l))).toEqual([]);
    expect(mermaid.stdout.split('\n').slice(3).join('\n')).not.toMatch(/<img/);
    expect(mermaid.stdout).toContain('#quot;javascript:alert(1)#quot;');
    expect(mermaid.stdout.split('\n')[1]).toBe(`title: ${JSON.stringify(evil.replace(/\n/g, ' '))}`);
  });

  it('Markdown escapes HTML, links, emphasis and table pipes from inputs', () => {
    for (const args of [['report', report, '--markdown'], ['compare', report, report, '--markdown']]) {
      const md = cli(args).stdout;
      expect(md).not.toMatch(/<script|<img|(?<!\\)\]\(javascript:/i);
      expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(md).toContain('\\[click\\](javascript:alert(1))');
      expect(md).toContain('a\\|b \\*b\\* \\`c\\`');
      // A table row keeps its cells: an input's pipe does not add one.
      for (const row of md.split('\n').filter((l) => l.startsWith('| OBJTITLE'))) {
        expect(row.replace(/\\\|/g, '').split('|').length).toBe(md.split('\n').find((l) => l.startsWith('| Objective'))!.split('|').length);
      }
    }
  });

  it('HTML stays escaped', () => {
    for (const [args, file] of [[['report', report, '--html', join(dir, 'r.html')], join(dir, 'r.html')], [['compare', report, report, '--html', join(dir, 'c.html')], join(dir, 'c.html')]] as const) {
      expect(cli([...args]).code).toBe(0);
      const html = readFileSync(file, 'utf8');
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain('SCTITLE');
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it('validate: an unknown field named with escape sequences is reported inert', () => {
    const sc = parse(bundled('nk-irbm-overflight.yaml'));
    sc['titel\u001b]0;owned\u0007\u001b[2J'] = 1;
    const file = join(dir, 'unknown-field.yaml');
    writeFileSync(file, JSON.stringify(sc));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expectInert(r.stdout + r.stderr);
    expect(r.stderr).toContain('unknown field "titel\\u001b]0;owned\\u0007\\u001b[2J"');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--set: a value with escape sequences (in the table, and in the error for a bad one)', () => {
    const ok = cli(['run', 'nk-irbm-overflight', '--runs', '5', '--set', 'scenario.title="X \\u001b]0;owned\\u0007 Y"']);
    expect(ok.code).toBe(0);
    expectInert(ok.stdout + ok.stderr);
    expect(ok.stdout).toContain('X \\u001b]0;owned\\u0007 Y');
    const bad = cli(['run', 'nk-irbm-overflight', '--runs', '5', '--set', 'scenario.duration="\\u001b[2J\\u009b2J"']);
    expect(bad.code).toBe(2);
    expectInert(bad.stdout + bad.stderr);
    const badPath = cli(['run', 'nk-irbm-overflight', '--set', 'scenario.x\u001b[2J=1']);
    expect(badPath.code).toBe(2);
    expectInert(badPath.stdout + badPath.stderr);
  });

  it('a report\'s own fields (seed, names, ids) are inert in every rendering', () => {
    const doc = JSON.parse(readFileSync(report, 'utf8'));
    doc.seed = '\u001b[2J\u001b]0;owned\u0007';
    doc.tool.version = '\u009b2J<script>';
    doc.options.choices = { 'allied-response\u001b[2J': 'x\u0007' };
    const file = join(dir, 'hostile-report.json');
    writeFileSync(file, JSON.stringify(doc));
    for (const args of [['report', file], ['report', file, '--markdown'], ['compare', file, report], ['compare', file, report, '--markdown'], ['compare', file, report, '--json']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expectInert(r.stdout + r.stderr);
    }
    expect(cli(['report', file]).stdout).toContain('seed \\u001b[2J\\u001b]0;owned\\u0007');
  });

  it('replay: the debrief of a recorded session', () => {
    const session = new PlaySession(loadScenario(scenario), [loadStructure(structure), loadStructure('jfhq')], 1);
    while (!session.finished) {
      if (session.pending) session.choose(session.pending.options[0]!.id);
      else session.skipToDecision();
    }
    const rec = join(dir, 'rec.json');
    writeFileSync(rec, JSON.stringify(recordSession(session, rec)));
    const r = cli(['replay', rec]);
    expect(r.code).toBe(0);
    expectInert(r.stdout + r.stderr);
    expect(r.stdout).toContain(visible('SCTITLE'));
  });

  it('error messages quoting a file name or an input', () => {
    const weird = join(dir, 'we\u001b[2Jird');
    mkdirSync(weird, { recursive: true });
    for (const args of [['validate', join(weird, 'none.yaml')], ['report', join(weird, 'x.json')], ['run', 'nk-irbm-overflight\u001b]0;owned\u0007']]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expectInert(r.stdout + r.stderr);
    }
  });

  it('the play UI: picker, briefing, panels, decision prompt, feed and debrief', async () => {
    const settle = () => new Promise((r) => setTimeout(r, 30));
    const sc = loadScenario(scenario).value;
    const ui = render(
      <App
        scenarios={[{ id: sc.id, title: sc.title, summary: sc.summary }]}
        open={() => new PlaySession(loadScenario(scenario), [loadStructure(structure), loadStructure('jfhq')], 1)}
        tickMs={0}
        reportPath="r.json"
        writeReport={() => 'r.json'}
        onComplete={() => 'Session recorded'}
      />,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 10 && !(ui.lastFrame() ?? '').includes('Debrief ·'); i++) {
      ui.stdin.write('\r');
      await settle();
    }
    const all = ui.frames.join('\n');
    ui.unmount();
    // Ink's own colours may be there; the inputs' sequences may not.
    expect(all).not.toMatch(/\u001b\]|\u0007|\u001b\[2J|\u009b|\u202e|\r|\u0008/);
    for (const tag of ['SCTITLE', 'SCSUMMARY', 'SCBRIEFING', 'STNAME', 'STDESC', 'PROMPT', 'LABEL', 'INJECTTITLE']) {
      if (all.includes(tag)) seen.add(tag);
    }
    expect([...seen].sort()).toEqual(['INJECTTITLE', 'LABEL', 'PROMPT', 'SCBRIEFING', 'SCSUMMARY', 'SCTITLE', 'STDESC', 'STNAME']);
    expect(all).toContain('\\u001b]0;owned\\u0007');
  });
});
