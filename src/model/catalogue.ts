/**
 * Where the package is and what it bundles: the root, the version, and the ids of the bundled
 * scenarios, structures and variants. Light on purpose (node built-ins only): `c2sim --version`
 * and `c2sim list` start from here without loading the schemas or the engine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;
/** The package root (holds scenarios/): found by walking up from this file, so src and dist both work. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'scenarios'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('c2sim: cannot find the package root (scenarios/ beside package.json)');
    dir = up;
  }
}

let version: string | undefined;
export function toolVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}

export const scenariosDir = () => join(packageRoot(), 'scenarios');
export const structuresDir = () => join(packageRoot(), 'scenarios', 'structures');
export const variantsDir = () => join(packageRoot(), 'scenarios', 'variants');

function yamlNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}
export const bundledScenarios = () => yamlNames(scenariosDir());
export const bundledStructures = () => yamlNames(structuresDir());
export const bundledVariants = () => yamlNames(variantsDir());
