/**
 * What a sensitivity study moves: every ranged number (ranges.ts) and every delegation that is an
 * assumption, switched off and on — with an input that is the same in several structures, and
 * outside any reform, moved in all of them at once.
 *
 * Why together: "what if the Joint Staff is slower" means slower whichever structure it serves
 * in. Moving legacy's Joint Staff alone would credit the change to the difference between the
 * structures, which the reform does not touch. An input a reform changes (or adds) is the
 * reform's own and moves in the one structure that has it.
 *
 * Why delegations: whether a delegation exists at all is among the least certain assumptions
 * (the JFHQ's authorities are not public), and no factor moves it. Present at base, it is
 * absent at the low end of its "range" and present at the high end; there is nothing in between,
 * so a verdict it flips is flipped by the switch itself (no bisection).
 */
import type { Confidence } from './fields.js';
import type { Override } from './override.js';
import { confidenceOf, setValue, structureRanges, scenarioRanges, valueAtFactor, type InputKind, type RangedInput } from './ranges.js';
import type { Scenario } from './scenario.js';
import type { Structure } from './structure.js';

export type StudyInputKind = InputKind | 'presence';

export interface StudyInput {
  /** Where it is set, all at once: `scenario`, one structure id, or several that hold it alike. */
  targets: string[];
  /** As `--set` names it under each target (a delegation: its place in its track's list). */
  path: string;
  kind: StudyInputKind;
  confidence: Confidence;
  from: 'stated' | 'rule';
  /** Low and high factors; a delegation's are [0, 1]: absent, present. */
  factors: readonly [number, number];
  /** A number: its range (the same in every target). */
  ranged?: RangedInput;
  /** A delegation: its track's list path, and each target's list without it. */
  delegation?: { listPath: string; present: Record<string, unknown[]>; absent: Record<string, unknown[]> };
}

/** `legacy+jfhq.nodes[csjs].capacity`: how reports name an input. */
export const studyLabel = (i: Pick<StudyInput, 'targets' | 'path'>) => `${i.targets.join('+')}.${i.path}`;

/** The input's value at a factor, as `--set` writes it (a delegation: `absent` or `present`). */
export function studyValue(i: StudyInput, factor: number): string {
  if (i.delegation) return factor < 1 ? 'absent' : 'present';
  return setValue(valueAtFactor(i.ranged!, factor));
}

/** The `--set` arguments that put the input at a factor: one per target. */
export function studySets(i: StudyInput, factor: number): string[] {
  if (i.delegation) {
    const lists = factor < 1 ? i.delegation.absent : i.delegation.present;
    return i.targets.map((t) => `${t}.${i.delegation!.listPath}=${setValue(lists[t] as never)}`);
  }
  const v = studyValue(i, factor);
  return i.targets.map((t) => `${t}.${i.path}=${v}`);
}

/** The overrides that put the input at a factor (the values themselves, not re-parsed text). */
export function studyOverrides(i: StudyInput, factor: number): Override[] {
  if (i.delegation) {
    const lists = factor < 1 ? i.delegation.absent : i.delegation.present;
    return i.targets.map((t) => ({ target: t, path: i.delegation!.listPath, value: structuredClone(lists[t]), from: '--set' }));
  }
  const v = valueAtFactor(i.ranged!, factor);
  return i.targets.map((t) => ({ target: t, path: i.path, value: structuredClone(v), from: '--set' }));
}

function nationOf(s: Structure, chain: string[]): string {
  return s.nodes.find((n) => n.id === chain[chain.length - 1])?.nation ?? '';
}

/**
 * The delegations of a structure a study switches off: every one that is an assumption
 * (confidence M, L or U). One a source establishes (H) is a fact of the structure, not a guess.
 */
export function delegationSwitches(s: Structure): StudyInput[] {
  const out: StudyInput[] = [];
  for (const [kind, tracks] of Object.entries(s.authority)) {
    for (const t of tracks ?? []) {
      const listPath = `authority.${kind}[${nationOf(s, t.chain)}].delegations`;
      t.delegations.forEach((d, i) => {
        const confidence = confidenceOf(d);
        if (confidence === 'H') return;
        out.push({
          targets: [s.id], path: `${listPath}[${i}]`, kind: 'presence', confidence, from: 'rule', factors: [0, 1],
          delegation: { listPath, present: { [s.id]: t.delegations }, absent: { [s.id]: t.delegations.filter((_, j) => j !== i) } },
        });
      });
    }
  }
  return out;
}

/** Links are named by their ends, either way round: one name for both orders. */
const normalise = (path: string) => path.replace(/(links|routes)\[([^\]]+)--([^\]]+)\]/g, (_, w: string, x: string, y: string) => `${w}[${[x, y].sort().join('--')}]`);
const covers = (marked: string, p: string) => p === marked || p.startsWith(`${marked}.`) || p.startsWith(`${marked}[`) || marked.startsWith(`${p}.`) || marked.startsWith(`${p}[`);

/** What identifies an input across structures: its place, its value and its range. */
function identity(i: StudyInput): string {
  const value = i.delegation ? i.delegation.present[i.targets[0]!] : i.ranged!.base;
  return JSON.stringify([normalise(i.path), i.kind, i.factors, value]);
}

/**
 * Every input a study of the scenario on these structures moves, in order: the scenario's,
 * then each structure's numbers and delegation switches — an input found alike in several
 * structures (the same place, value and range) and outside every reform among them listed once,
 * where it first appears, with all of them as its targets.
 */
export function studyInputs(scenario: Scenario, structures: Structure[]): StudyInput[] {
  const fromRanged = (r: RangedInput): StudyInput => ({ targets: [r.target], path: r.path, kind: r.kind, confidence: r.confidence, from: r.from, factors: r.factors, ranged: r });
  const out: StudyInput[] = scenarioRanges(scenario).map(fromRanged);
  // Everything a reform among these structures changes is its own, in whichever structure.
  const reformed = structures.flatMap((s) => (s.reform?.changes ?? []).map((c) => normalise(c.path)));
  const shared = new Map<string, StudyInput>();
  for (const s of structures) {
    for (const i of [...structureRanges(s).map(fromRanged), ...delegationSwitches(s)]) {
      const key = identity(i);
      const inReform = reformed.some((m) => covers(m, normalise(i.path)));
      const first = inReform ? undefined : shared.get(key);
      if (first && !first.targets.includes(s.id)) {
        first.targets.push(s.id);
        if (first.delegation && i.delegation) {
          first.delegation.present[s.id] = i.delegation.present[s.id]!;
          first.delegation.absent[s.id] = i.delegation.absent[s.id]!;
        }
        continue;
      }
      if (!inReform) shared.set(key, i);
      out.push(i);
    }
  }
  return out;
}
