/**
 * The source's import graph: no circles, and data flows one way
 * (model → engine → analysis → report → ui and cli). Reads the TypeScript sources themselves, so a
 * type-only import counts too: it is still a dependency of one file on another.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of one file (static, re-exports and dynamic), resolved to source files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => {
    const base = resolve(dirname(file), s).replace(/\.js$/, '');
    const hit = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => { try { return statSync(p).isFile(); } catch { return false; } });
    if (!hit) throw new Error(`${relative(ROOT, file)} imports ${s}, which is not a source file`);
    return hit;
  });
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f: string) => relative(SRC, f);

/** Every import circle, each once, as the list of files around it. */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g].map(name));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

const LAYER: Record<string, number> = { model: 0, engine: 1, analysis: 2, report: 3, ui: 4, cli: 4 };

describe('the src import graph', () => {
  it('reads every source file and finds their imports', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(graph.get(join(SRC, 'analysis', 'recording.ts'))!.map(name)).toContain('model/recording.ts');
  });

  it('has no import circles (the playSession ↔ recording circle is gone)', () => {
    expect(cycles().map((c) => c.join(' → '))).toEqual([]);
  });

  it('imports only downstream: model → engine → analysis → report → ui and cli', () => {
    const against: string[] = [];
    for (const [f, deps] of graph) {
      const from = name(f).split('/')[0]!;
      for (const d of deps) {
        const to = name(d).split('/')[0]!;
        if (from in LAYER && to in LAYER && LAYER[to]! > LAYER[from]! ) against.push(`${name(f)} → ${name(d)}`);
      }
    }
    expect(against).toEqual([]);
  });

  it('keeps ink and react out of everything below src/ui', () => {
    const offenders = files.filter((f) => !name(f).startsWith('ui/') && /from\s*['"](ink|react)(\/[^'"]*)?['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map(name)).toEqual([]);
  });
});
