/**
 * The bundled legacy and jfhq structures differ only where the reform does
 * (structures-differ-beyond-the-reform): every difference, field by field, is named in jfhq's
 * `reform.changes` with a source, and `c2sim validate` refuses any other.
 */
import { describe, expect, it } from 'vitest';
import { describeDifference, loadScenario, loadStructure, markedDifferences, structureDifferences } from '../src/index.js';
import { bundled, cli, replaceOnce, scratchFile } from './helpers.js';

const legacy = loadStructure('legacy').value;
const jfhq = loadStructure('jfhq').value;

describe('legacy and jfhq differ only where the reform differs', () => {
  it('jfhq names legacy as the structure it reforms', () => {
    expect(jfhq.reform?.baseline).toBe('legacy');
  });

  it('lists every difference (nodes, links, authority, field by field), and each is marked with its source', () => {
    const all = markedDifferences(legacy, jfhq);
    // The reform touches all three kinds of element.
    expect(all.some((d) => d.path.startsWith('nodes['))).toBe(true);
    expect(all.some((d) => d.path.startsWith('links['))).toBe(true);
    expect(all.some((d) => d.path.startsWith('authority.'))).toBe(true);
    const unmarked = all.filter((d) => d.change === undefined).map(describeDifference);
    expect(unmarked).toEqual([]);
    for (const d of all) {
      const change = jfhq.reform!.changes[d.change!]!;
      expect(change.source ?? change.assumption, d.path).toBeDefined();
    }
  });

  it('each reform change marks a real difference (no stale entries)', () => {
    const used = new Set(markedDifferences(legacy, jfhq).map((d) => d.change));
    const stale = jfhq.reform!.changes.filter((_, i) => !used.has(i)).map((c) => c.path);
    expect(stale).toEqual([]);
  });

  it('the Joint Staff is the same headquarters in both: only its name (its role) changes', () => {
    const csjs = structureDifferences(legacy, jfhq).filter((d) => d.path.startsWith('nodes[csjs]')).map((d) => d.path);
    expect(csjs).toEqual(['nodes[csjs].name']);
    expect(jfhq.nodes.find((n) => n.id === 'csjs')!.capacity).toBe(legacy.nodes.find((n) => n.id === 'csjs')!.capacity);
  });

  it('the Taiwan cyber attack degrades each structure\'s bilateral links alike, JJOC–USFJ included', () => {
    const taiwan = loadScenario('taiwan-quarantine').value;
    const attack = taiwan.injects.find((i) => i.id === 'cyber-attack')!;
    const effect = attack.effects.find((e) => 'degradeLinks' in e)!;
    const touching = 'degradeLinks' in effect ? effect.degradeLinks.touching ?? [] : [];
    const hit = (s: typeof legacy) => s.links
      .filter((l) => l.cyberDegradable && (touching.includes(l.from) || touching.includes(l.to)))
      .map((l) => [l.from, l.to].sort().join('--')).sort();
    // Since #9 the ACM coordination center is a node (bocc), and the ROK JCS reaches INDOPACOM:
    // both structures gained the same two links here.
    expect(hit(legacy)).toEqual(['bocc--indopacom', 'c7f--indopacom', 'csjs--usfj', 'fifth-af--indopacom', 'indopacom--rok-jcs', 'indopacom--secdef', 'indopacom--usfj']);
    expect(hit(jfhq)).toEqual(['bocc--indopacom', 'c7f--indopacom', 'c7f--usfj', 'fifth-af--indopacom', 'indopacom--rok-jcs', 'indopacom--secdef', 'indopacom--usfj', 'jjoc--usfj']);
  });
});

describe('c2sim validate checks a reformed structure against its baseline', () => {
  const jfhqText = bundled('structures/jfhq.yaml');

  it('accepts the bundled jfhq, saying how many reform changes it has', () => {
    const r = cli(['validate', 'jfhq']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/structure jfhq: .*differs from legacy only in its \d+ reform changes/);
  });

  it('refuses a difference the reform does not name, with line:col and the fix (joint-staff-capacity)', () => {
    const f = scratchFile('jfhq.yaml', replaceOnce(jfhqText, '    capacity: 2\n    dutyHours: { start: "08:00", end: "19:00"', '    capacity: 3\n    dutyHours: { start: "08:00", end: "19:00"'));
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/jfhq\.yaml:\d+:\d+: nodes\[\d+\]\.capacity: nodes\[csjs\]\.capacity differs from legacy \(3 here, 2 in legacy\) but is not marked as the reform's; make it the same, or add \{ path: "nodes\[csjs\]\.capacity", source: <id> \} to reform\.changes/);
  });

  it('refuses a reform change that marks no difference, and one that cites nothing', () => {
    const f = scratchFile('jfhq.yaml', replaceOnce(jfhqText, '  changes:\n', '  changes:\n    - { path: "nodes[mod].capacity", source: jjoc-2025 }\n    - { path: "nodes[kantei].name" }\n'));
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reform\.changes\[1\]: cites nothing/);
    const g = scratchFile('jfhq.yaml', replaceOnce(jfhqText, '  changes:\n', '  changes:\n    - { path: "nodes[mod].capacity", source: jjoc-2025 }\n'));
    expect(cli(['validate', g]).stderr).toMatch(/jfhq\.yaml:\d+:\d+: reform\.changes\[0\]\.path: nodes\[mod\]\.capacity is the same in legacy .*remove it, or fix the path/);
  });

  it('publishes reform in the structure schema', () => {
    const schema = JSON.parse(cli(['schema', 'structure']).stdout);
    expect(Object.keys(schema.properties.reform.properties)).toEqual(['baseline', 'changes']);
  });
});
