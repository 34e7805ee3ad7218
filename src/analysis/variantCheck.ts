/**
 * `validate` of a variant: valid when its overrides apply cleanly to a bundled scenario that
 * compares the structures they name (a variant of a scenario's assets fits only the scenarios
 * that have them), and worth a note when it changes nothing there.
 */
import { bundledScenarios, bundledStructures } from '../model/catalogue.js';
import { closest } from '../model/issue.js';
import { loadScenario, type LoadedVariant } from '../model/load.js';
import { overrideError } from '../model/override.js';
import { variantOverrides } from '../model/variant.js';
import { idleVariantNote } from '../model/variantEffect.js';
import { applyWhatIf, resolveStructures } from './batch.js';

export interface VariantCheck {
  /** The bundled scenario it was applied to, if one compares the structures it names. */
  appliedTo?: string;
  /** Something to say that is not an error (it changes nothing there, or could not be applied). */
  note?: string;
}

export function checkVariant(doc: LoadedVariant): VariantCheck {
  const overrides = variantOverrides(doc.value, doc);
  const bundled = bundledStructures();
  for (const o of overrides) {
    if (o.target === 'scenario' || bundled.includes(o.target)) continue;
    const near = closest(o.target, bundled);
    if (near.length > 0) throw overrideError(o, `no bundled structure "${o.target}"; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`);
    // One of the user's own structures: only a run that compares it can apply the variant.
    return { note: `variant ${doc.value.id} (${doc.file}) not applied: structure "${o.target}" is not bundled; c2sim run <scenario> --structures <its file> --variant ${doc.file} applies it` };
  }
  const scenarios = bundledScenarios().map((id) => loadScenario(id))
    .filter((sc) => overrides.every((o) => o.target === 'scenario' || sc.value.structures.includes(o.target)));
  let firstError: unknown;
  for (const sc of scenarios) {
    try {
      applyWhatIf(sc, undefined, overrides);
    } catch (err) {
      firstError ??= err;
      continue;
    }
    const note = idleVariantNote(doc, sc, resolveStructures(sc), sc.value.id);
    return { appliedTo: sc.value.id, ...(note ? { note } : {}) };
  }
  if (firstError !== undefined) throw firstError;
  return {};
}
