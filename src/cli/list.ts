/**
 * `c2sim list`: the bundled scenarios, structures and variants, one entry each. It reads only the
 * few fields it shows (the head of each YAML file, no schema), so it starts nearly as fast as
 * `--version`; the files are the
 * package's own, validated by its tests and by `c2sim validate`. A file whose fields are not
 * plain text is handed to the full loader, which says what is wrong with it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bundledScenarios, bundledStructures, bundledVariants, scenariosDir, structuresDir, variantsDir } from '../model/catalogue.js';
import { wrapLine } from '../report/textWidth.js';
import { print } from './output.js';

type Entry = Record<string, unknown>;

async function read(dir: string, id: string, fields: string[], kind: 'scenario' | 'structure' | 'variant'): Promise<Entry> {
  const file = join(dir, `${id}.yaml`);
  // The fields shown come first in each file; parsing the rest (thousands of lines) would
  // cost most of the command's time. So only the head, up to the first of the long sections.
  const text = readFileSync(file, 'utf8');
  const cut = text.search(/^(sources|nodes|links|authority|injects|objectives|decisionPoints|set|reform):/m);
  let doc: unknown;
  try {
    doc = parse(cut > 0 ? text.slice(0, cut) : text);
  } catch {
    doc = undefined;
  }
  const entry = doc as Entry | undefined;
  if (!entry || fields.some((f) => typeof entry[f] !== 'string') || entry.id !== id) {
    const load = await import('../model/load.js');
    const loaded = kind === 'scenario' ? load.loadScenario(file) : kind === 'structure' ? load.loadStructure(file) : load.loadVariant(file);
    return loaded.value as unknown as Entry;
  }
  return entry;
}

export async function listCommand(flags: { json?: boolean }): Promise<void> {
  const scenarios = await Promise.all(bundledScenarios().map((id) => read(scenariosDir(), id, ['id', 'title', 'summary'], 'scenario')));
  const structures = await Promise.all(bundledStructures().map((id) => read(structuresDir(), id, ['id', 'name', 'description'], 'structure')));
  const variants = await Promise.all(bundledVariants().map((id) => read(variantsDir(), id, ['id', 'name', 'description'], 'variant')));
  const s = (x: unknown) => String(x);
  if (flags.json) {
    print(JSON.stringify({
      scenarios: scenarios.map((x) => ({ id: x.id, title: x.title, summary: x.summary, structures: x.structures })),
      structures: structures.map((x) => ({ id: x.id, name: x.name, description: x.description })),
      variants: variants.map((x) => ({ id: x.id, name: x.name, description: x.description })),
    }, null, 2) + '\n');
    return;
  }
  const w = Math.max(...[...scenarios, ...structures, ...variants].map((x) => s(x.id).length)) + 2;
  // Descriptions wrap in their own column, so every line fits 80 columns.
  const item = (id: unknown, text: string) => wrapLine(`  ${s(id).padEnd(w)}${text}`, ' '.repeat(w + 2));
  const lines = ['Scenarios (c2sim run <id>, c2sim play <id>):'];
  for (const x of scenarios) lines.push(...item(x.id, s(x.summary)));
  lines.push('', 'Structures (--structures <id>,<id>):');
  for (const x of structures) lines.push(...item(x.id, `${s(x.name)}: ${s(x.description)}`));
  lines.push('', 'Variants (c2sim run <scenario> --variant <id>):');
  for (const x of variants) lines.push(...item(x.id, `${s(x.name)}: ${s(x.description)}`));
  print(lines.join('\n') + '\n');
}
