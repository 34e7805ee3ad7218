/**
 * Whether a variant changes anything in the inputs it is applied to. One that changes nothing
 * (it speaks only of structures the run leaves out, or sets every value to what it already is)
 * gives the base's results under its own name: worth a note, since the run itself is valid.
 */
import { withOverrides, type LoadedScenario, type LoadedStructure, type LoadedVariant } from './load.js';
import { dirname } from 'node:path';
import { variantsDir } from './catalogue.js';
import { variantOverrides } from './variant.js';

/** Why the variant changes nothing in these inputs, in one line; undefined when it changes something. */
export function idleVariantNote(variant: LoadedVariant, scenario: LoadedScenario, structures: LoadedStructure[], where = 'this run'): string | undefined {
  const overrides = variantOverrides(variant.value, variant);
  const docs: (LoadedScenario | LoadedStructure)[] = [scenario, ...structures];
  const targetOf = (d: LoadedScenario | LoadedStructure) => (d === scenario ? 'scenario' : d.value.id);
  // A bundled variant is known by its name; the user's own by its file too.
  const file = dirname(variant.file) === variantsDir() ? '' : ` (${variant.file})`;
  const name = `variant ${variant.value.id}${file} changes nothing in ${where}`;
  const landed = overrides.filter((o) => docs.some((d) => targetOf(d) === o.target));
  if (landed.length === 0) {
    const named = [...new Set(overrides.map((o) => o.target))];
    return `${name}: it sets only ${named.join(' and ')}, which the run does not compare (it compares ${structures.map((s) => s.value.id).join(', ')}); add ${named.length > 1 ? 'them' : 'it'} to --structures, or leave the variant out`;
  }
  for (const d of docs) {
    const own = landed.filter((o) => o.target === targetOf(d));
    if (own.length === 0) continue;
    try {
      if (JSON.stringify(withOverrides(d, own).value) !== JSON.stringify(d.value)) return undefined;
    } catch {
      // Invalid alone (it may need the run's other changes): it changes something.
      return undefined;
    }
  }
  const first = `${landed[0]!.target}.${landed[0]!.path}`;
  const more = landed.length > 1 ? ` and ${landed.length - 1} more` : '';
  return `${name}: each value it sets is one the inputs already hold (${first}${more}); change a value, or leave the variant out`;
}
