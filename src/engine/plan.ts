/**
 * A plan: one scenario compiled against one structure, once per batch. Times resolved to seconds
 * after the start, duty hours turned into intervals, cross-references checked (a scenario naming
 * a node this structure lacks is an input error), and each demanded decision given its flow —
 * the steps of its statechart, from detection to execution, through this structure's nodes.
 */
import { InputError } from '../model/inputError.js';
import { overrideNote } from '../model/override.js';
import type { DocIssue } from '../model/issue.js';
import { oneOf } from '../model/issue.js';
import type { LoadedScenario, LoadedStructure } from '../model/load.js';
import type { DecisionKind, MessageKind, Nation, WorkKind } from '../model/fields.js';
import type { DecisionPoint, Effect, Inject, Scenario, ScenarioDecision } from '../model/scenario.js';
import type { Asset } from '../model/assets.js';
import type { Distribution } from '../model/distribution.js';
import { offsetOf } from '../model/scenarioChecks.js';
import type { AuthorityTrack, Delegation, Structure, StructureLink, StructureNode, StructureRoute } from '../model/structure.js';
import { linkId } from '../model/structure.js';
import { noRouteMessage, routable } from '../model/routing.js';
import { dutyIntervals } from './dutyHours.js';
import { WORK_KINDS } from '../model/fields.js';
import { compileEndurance, enduranceOf, type EnduranceModel } from './endurance.js';
import { FNV_START, fnvText, hash32 } from './rng.js';

/** Why time passes in a step: the phase of the decision flow it belongs to. */
export type Phase = 'detection' | 'assess' | 'report' | 'escalation' | 'coordination' | 'decide' | 'task' | 'execute';

/**
 * A state of a track's statechart. `salt` names the step in its random streams (a hash of
 * `<nation>:<key>`, see rng.ts); a work step's `at` is its node's place in the structure's list
 * of nodes (the engine keeps its staff by it). Both are found here, once per plan.
 */
export type StepDef =
  | { key: string; op: 'detect'; node: string; phase: Phase; salt: number }
  /** `dist`: the staff time at its node for the decision's kind (processingFor, else processing). */
  | { key: string; op: 'work'; node: string; at: number; work: WorkKind; phase: Phase; salt: number; dist: Distribution | undefined }
  | { key: string; op: 'send'; from: string; to: string; phase: Phase; message: MessageKind; salt: number } & RouteMemo;

/**
 * A sender's route over the plan's links while none is degraded: the same in every run, so the
 * network finds it on first use and keeps it here (undefined until then; null: no route).
 */
export interface RouteMemo {
  intact: number[] | null | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** After a step: the next step, a branch on delegated authority, or the end of the track. */
export type Next = { to: string } | { delegated: string; otherwise: string } | { done: true };

export interface TrackFlow {
  nation: Nation;
  detector: string;
  /** Standing delegations of this track (the guard after an assessment consults them). */
  delegations: Delegation[];
  initial: string;
  steps: Map<string, { def: StepDef; next: Next }>;
}

export interface DecisionFlow {
  key: string;
  kind: DecisionKind;
  tracks: TrackFlow[];
}

export interface DecisionPlan {
  def: ScenarioDecision;
  /** Seconds after the inject; undefined when the decision has none. */
  deadline?: number | undefined;
  /** Decisions (inject/decision) that must have been executed before this one is decided. */
  requires: string[];
  expires?: number | undefined;
  flow: DecisionFlow;
  /** Assets each execution draws, per track (nation): indices into Plan.assets (absent: none). */
  uses?: Map<Nation, AssetDraw[]>;
}

/** One asset a track draws as it comes to execute. */
export interface AssetDraw {
  asset: number;
  rounds: number;
  waitUntil: 'deadline' | 'expiry';
}

export interface InjectPlan {
  /** The inject as it happens (in a case: with the case's fields in place of its own). */
  def: Inject;
  /** Drawn per run (inject.cases): each case's probability and plan. */
  cases?: { id: string; probability: number; plan: InjectPlan }[];
  /** Seconds after the start (scheduled injects) or after being fired (contingency injects). */
  offset: number;
  decisions: DecisionPlan[];
  /** Its names in its random streams (see rng.ts), found with the plan rather than per occurrence. */
  salts: {
    /** Its repeat intervals' stream. */
    interval: string;
    /** hash32(`inject:<id>:detect`) and the FNV state of `<id>#`: an occurrence's detection and decisions. */
    detect: number;
    decisionPrefix: number;
  };
  /**
   * The nodes that can hold its track: its detectors, in order, then the far ends of the links
   * that share tracks with one of them; each node's hash32 (its detection draws), and a NaN per
   * node (an occurrence's picture starts as a copy of it).
   */
  picture: { nodes: string[]; salts: number[]; unseen: number[] };
}

export interface NodePlan {
  def: StructureNode;
  duty: [number, number][];
  /** Fatigue, shifts and augmentees at this node; absent when none apply (the staff's fast path). */
  endurance?: EnduranceModel;
}

/** A link that shares tracks in real time (both ways). */
export interface SharePlan {
  link: StructureLink;
}

export interface Plan {
  scenario: Scenario;
  structure: Structure;
  startEpochMs: number;
  nodes: Map<string, NodePlan>;
  links: StructureLink[];
  routes: StructureRoute[];
  injects: Map<string, InjectPlan>;
  /** Links that share tracks in real time (sharesTracks). */
  shares: StructureLink[];
  /** The nations that take part (the scenario's nations, else every nation the structure declares). */
  nations: Set<Nation>;
  decisionPoints: { def: DecisionPoint; offset: number }[];
  flows: Map<string, DecisionFlow>;
  /** The scenario's magazines and sortie pools (empty when it has none). */
  assets: Asset[];
}

/** Decisions may run past the scenario's end; duty hours are computed this far beyond it. */
const DUTY_MARGIN_S = 30 * 86400;

export function compilePlan(scn: LoadedScenario, str: LoadedStructure): Plan {
  const scenario = scn.value;
  const structure = str.value;
  const fail = (path: DocIssue['path'], message: string): never => {
    const note = overrideNote([...scn.overrides, ...str.overrides]);
    throw new InputError(`${message} (structure "${structure.id}")${note}`, scn.file, scn.locate(path), pathText(path));
  };
  const startEpochMs = Date.parse(scenario.start);
  const nodes = new Map<string, NodePlan>(structure.nodes.map((n) => {
    // A body that convenes is never on duty until it is called: its convening is a reach-back
    // that every kind of work waits for, after which it sits for staysFor.
    const def: StructureNode = n.convene ? { ...n, afterHours: { reachBack: n.convene.delay, staysFor: n.convene.staysFor, appliesTo: [...WORK_KINDS] } } : n;
    const duty = n.convene ? [] : dutyIntervals(n.dutyHours, n.timeZone, startEpochMs, scenario.duration + DUTY_MARGIN_S);
    const endurance = enduranceOf(n, structure.endurance);
    return [n.id, {
      def,
      duty,
      ...(endurance ? { endurance: compileEndurance(endurance, n.timeZone, duty, startEpochMs, scenario.duration + DUTY_MARGIN_S) } : {}),
    }];
  }));
  const declared = Object.keys(structure.nations);
  (scenario.nations ?? []).forEach((x, i) => {
    if (!(x in structure.nations)) fail(['nations', i], `nation "${x}" is not in the structure; ${oneOf(x, declared)}`);
  });
  const nations = new Set<Nation>(scenario.nations ?? declared);
  const taking = (t: AuthorityTrack) => nations.has(trackNation(structure, t));
  const links = structure.links.map((l) => ({ ...l, id: linkId(l) }));
  const shares = links.filter((l) => l.sharesTracks);
  const nodeIds = [...nodes.keys()];
  const needNode = (id: string, path: DocIssue['path']) => {
    if (!nodes.has(id)) fail(path, `unknown node "${id}"; ${oneOf(id, nodeIds)}`);
  };

  // Delegations granted at run time (decision-point effects) need their branch in the statechart.
  const runtimeDelegates = new Map<string, Set<string>>();
  const visitEffects = (effects: Effect[], path: DocIssue['path']) => effects.forEach((e, i) => {
    if ('delegate' in e) {
      const { kind, nation, to } = e.delegate;
      const track = (structure.authority[kind] ?? []).filter(taking).find((t) => trackNation(structure, t) === nation);
      if (!track) fail([...path, i, 'delegate'], `delegates "${kind}" for ${nation}, but the structure has no ${nation} track for it`);
      else if (!track.chain.includes(to)) fail([...path, i, 'delegate', 'to'], `"${to}" is not in the ${nation} chain for "${kind}" [${track.chain.join(', ')}]; delegate to a node in it`);
      else if (!('decide' in nodes.get(to)!.def.processing)) fail([...path, i, 'delegate', 'to'], `"${to}" would decide "${kind}" but has no processing.decide in the structure; add it there, or delegate elsewhere`);
      const key = `${kind}|${nation}`;
      if (!runtimeDelegates.has(key)) runtimeDelegates.set(key, new Set());
      runtimeDelegates.get(key)!.add(to);
    }
    if ('degradeLinks' in e) e.degradeLinks.touching?.forEach((n, ni) => needNode(n, [...path, i, 'degradeLinks', 'touching', ni]));
  });
  scenario.injects.forEach((inj, i) => {
    visitEffects(inj.effects, ['injects', i, 'effects']);
    inj.cases?.forEach((c, ci) => c.effects && visitEffects(c.effects, ['injects', i, 'cases', ci, 'effects']));
  });
  scenario.decisionPoints.forEach((p, pi) => p.options.forEach((o, oi) => visitEffects(o.effects, ['decisionPoints', pi, 'options', oi, 'effects'])));

  const assets = scenario.assets ?? [];
  assets.forEach((a, ai) => {
    needNode(a.node, ['assets', ai, 'node']);
    const held = nodes.get(a.node)?.def.nation;
    if (held !== undefined && held !== a.nation) fail(['assets', ai, 'nation'], `"${a.id}" is a ${a.nation} asset held at "${a.node}", a ${held} node; hold it at a ${a.nation} node, or say nation: ${held}`);
  });
  /** A decision's asset uses, by the track that draws each: the asset's nation must act on the decision. */
  const assetDraws = (d: ScenarioDecision, flow: DecisionFlow, bad: (k: number, message: string) => void): Map<Nation, AssetDraw[]> | undefined => {
    if (!d.uses || d.uses.length === 0) return undefined;
    const out = new Map<Nation, AssetDraw[]>();
    d.uses.forEach((u, k) => {
      const ai = assets.findIndex((a) => a.id === u.asset);
      const a = assets[ai]!;
      if (!flow.tracks.some((t) => t.nation === a.nation)) {
        bad(k, `"${u.asset}" is a ${a.nation} asset, but no ${a.nation} track acts on "${d.kind}" in this structure; use an asset of ${flow.tracks.map((t) => t.nation).join(' or ')}`);
      }
      let list = out.get(a.nation);
      if (!list) out.set(a.nation, (list = []));
      list.push({ asset: ai, rounds: u.rounds, waitUntil: u.waitUntil });
    });
    return out;
  };
  const flows = new Map<string, DecisionFlow>();
  const injects = new Map<string, InjectPlan>();
  /** An inject's plan; `at` is where its detection is written (the inject's own, or a case's). */
  const compileInject = (inj: Inject, i: number, at: DocIssue['path']): InjectPlan => {
    inj.detection.forEach((d, di) => {
      needNode(d.node, [...at, 'detection', di, 'node']);
      if (inj.decisions.length > 0 && !('assess' in nodes.get(d.node)!.def.processing)) {
        fail([...at, 'detection', di, 'node'], `detector "${d.node}" has no processing.assess in the structure; a detector assesses what it saw before reporting`);
      }
    });
    const offset = inj.contingency ? (inj.at as { offset: number }).offset : offsetOf(inj.at, scenario.start);
    const decisions = inj.decisions.map((d, di): DecisionPlan => {
      const all = structure.authority[d.kind];
      if (!all) fail(['injects', i, 'decisions', di, 'kind'], `demands "${d.kind}", but the structure has no authority for it; add authority.${d.kind}`);
      d.nations?.forEach((x, ni) => {
        if (!nations.has(x)) fail(['injects', i, 'decisions', di, 'nations', ni], `nation "${x}" does not take part in the scenario; ${oneOf(x, [...nations])}`);
      });
      const acting = d.nations ? new Set(d.nations) : nations;
      const tracks = all!.filter((t) => acting.has(trackNation(structure, t)));
      if (tracks.length === 0) fail(['injects', i, 'decisions', di, 'kind'], `demands "${d.kind}", but no nation acting on it (${[...acting].join(', ')}) has a track for it; add one, or name another nation`);
      const rel = (m: typeof d.deadline) => (m === undefined ? undefined : 'offset' in m ? m.offset : offsetOf(m, scenario.start) - offset);
      const detectors = tracks.map((t) => pickDetector(structure, detectorsOf(inj, shares), trackNation(structure, t)));
      tracks.forEach((t, ti) => {
        const from = detectors[ti]!;
        if (!t.chain.includes(from) && !routable(structure, from, t.chain[0]!, 'report')) {
          const di2 = inj.detection.findIndex((x) => x.node === from);
          fail(di2 < 0 ? [...at, 'detection'] : [...at, 'detection', di2, 'node'], `detector "${from}" cannot report to "${t.chain[0]}", where the ${trackNation(structure, t)} track of "${d.kind}" starts: ${noRouteMessage(from, t.chain[0]!, 'report')}; or detect at another node`);
        }
      });
      const key = `${d.kind}|${detectors.join(',')}|${tracks.map((t) => trackNation(structure, t)).join(',')}`;
      let flow = flows.get(key);
      if (!flow) {
        flow = {
          key,
          kind: d.kind,
          tracks: tracks.map((t, ti) => buildTrack(structure, d.kind, t, detectors[ti]!, runtimeDelegates.get(`${d.kind}|${trackNation(structure, t)}`), nations)),
        };
        flows.set(key, flow);
      }
      const uses = assetDraws(d, flow, (k, message) => fail([...at, 'decisions', di, 'uses', k, 'asset'], message));
      return { def: d, deadline: rel(d.deadline), expires: rel(d.expires), requires: d.requires, flow, ...(uses ? { uses } : {}) };
    });
    return { def: inj, offset, decisions, salts: injectSalts(inj.id), picture: pictureOf(inj, shares) };
  };
  scenario.injects.forEach((inj, i) => {
    const plan = compileInject(inj, i, ['injects', i]);
    plan.cases = inj.cases?.map((c, ci) => {
      const def: Inject = {
        ...inj,
        ...(c.detection ? { detection: c.detection } : {}),
        ...(c.effects ? { effects: c.effects } : {}),
        ...(c.repeat ? { repeat: c.repeat } : {}),
      };
      return { id: c.id, probability: c.probability, plan: compileInject(def, i, c.detection ? ['injects', i, 'cases', ci] : ['injects', i]) };
    });
    injects.set(inj.id, plan);
  });

  return {
    scenario,
    structure,
    startEpochMs,
    nodes,
    links,
    routes: structure.routes,
    injects,
    shares,
    nations,
    decisionPoints: scenario.decisionPoints.map((def) => ({ def, offset: offsetOf(def.at, scenario.start) })),
    flows,
    assets,
  };
}

function pathText(path: DocIssue['path']): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function trackNation(s: Structure, t: AuthorityTrack): Nation {
  return s.nodes.find((n) => n.id === t.chain[t.chain.length - 1])!.nation;
}

/**
 * Who holds an inject's track: its detectors, then the nodes that track-sharing links give it to
 * (one hop from a detector, in the order of the links), each once.
 */
export function detectorsOf(inj: Inject, shares: readonly StructureLink[]): string[] {
  const out = inj.detection.map((d) => d.node);
  const listed = [...out];
  for (const l of shares) {
    for (const [a, b] of [[l.from, l.to], [l.to, l.from]] as const) {
      if (listed.includes(a) && !out.includes(b)) out.push(b);
    }
  }
  return [...new Set(out)];
}

/** The first holder of the track of the track's own nation reports to it; failing that, the first detector. */
function pickDetector(s: Structure, holders: string[], nation: Nation): string {
  const own = holders.find((h) => s.nodes.find((n) => n.id === h)?.nation === nation);
  return own ?? holders[0]!;
}

function injectSalts(id: string): InjectPlan['salts'] {
  return { interval: `inject:${id}:interval`, detect: hash32(`inject:${id}:detect`), decisionPrefix: fnvText(FNV_START, `${id}#`) };
}

function pictureOf(inj: Inject, shares: readonly StructureLink[]): InjectPlan['picture'] {
  const nodes: string[] = [];
  for (const d of inj.detection) if (!nodes.includes(d.node)) nodes.push(d.node);
  const own = nodes.length;
  const isOwn = (n: string) => { const i = nodes.indexOf(n); return i >= 0 && i < own; };
  for (const l of shares) {
    if (isOwn(l.from) && !nodes.includes(l.to)) nodes.push(l.to);
    if (isOwn(l.to) && !nodes.includes(l.from)) nodes.push(l.from);
  }
  return { nodes, salts: nodes.map((n) => hash32(n)), unseen: nodes.map(() => NaN) };
}

/**
 * The steps of one nation's track: detect → assess at the detector → report to the first
 * holder → assess, and either decide there (when it holds authority or a delegation applies)
 * or escalate to the next → consult across the alliance → decide → task down → execute.
 */
export function buildTrack(s: Structure, kind: DecisionKind, t: AuthorityTrack, detector: string, runtimeDelegates?: Set<string>, nations?: ReadonlySet<Nation>): TrackFlow {
  // Only nations taking part are consulted: a Korean counterpart has no say in a Taiwan crisis.
  const nationOfNode = new Map(s.nodes.map((n) => [n.id, n.nation]));
  const takesPart = (c: string) => !nations || nations.has(nationOfNode.get(c) ?? '');
  const steps = new Map<string, { def: StepDef; next: Next }>();
  const nodeIndex = new Map(s.nodes.map((n, i) => [n.id, i]));
  const staffTime = (node: string, work: WorkKind): Distribution | undefined => {
    const n = s.nodes[nodeIndex.get(node)!]!;
    return n.processingFor[kind]?.[work] ?? n.processing[work];
  };
  // Steps with the same key and the same continuation are one state; the same key with another
  // continuation (orders from a delegate taking another way down) is a state of its own.
  const nation = trackNation(s, t);
  const add = (def: DistributiveOmit<StepDef, 'at' | 'salt' | 'intact' | 'dist'>, next: Next) => {
    let key = def.key;
    for (let n = 2; steps.has(key) && JSON.stringify(steps.get(key)!.next) !== JSON.stringify(next); n++) key = `${def.key}#${n}`;
    if (!steps.has(key)) {
      const salt = hash32(`${nation}:${key}`);
      steps.set(key, {
        def: def.op === 'work' ? { ...def, key, at: nodeIndex.get(def.node)!, salt, dist: staffTime(def.node, def.work) } : def.op === 'send' ? { ...def, key, salt, intact: undefined } : { ...def, key, salt },
        next,
      });
    }
    return key;
  };
  const chain = t.chain;
  const authority = chain[chain.length - 1]!;
  const delegates = new Set([...t.delegations.map((d) => d.to), ...(runtimeDelegates ?? [])]);

  const executeKey = add({ key: `execute@${t.executor}`, op: 'work', node: t.executor, work: 'task', phase: 'execute' }, { done: true });

  /** Orders from the decider down to the executor, through the taskVia nodes below it. */
  const taskDown = (decider: string): string => {
    if (decider === t.executor) return executeKey;
    const idx = t.taskVia.indexOf(decider);
    const below = idx >= 0
      ? t.taskVia.slice(idx + 1)
      // A delegate low in the chain does not send orders back up through its superiors.
      : t.taskVia.filter((v) => !(chain.includes(v) && chain.indexOf(v) > chain.indexOf(decider)));
    const path = [decider, ...below.filter((v) => v !== t.executor && v !== decider), t.executor];
    let next = executeKey;
    for (let i = path.length - 1; i >= 1; i--) {
      const from = path[i - 1]!;
      const to = path[i]!;
      if (to !== t.executor) next = add({ key: `relay@${to}`, op: 'work', node: to, work: 'task', phase: 'task' }, { to: next });
      next = add({ key: `task@${from}>${to}`, op: 'send', from, to, phase: 'task', message: 'tasking' }, { to: next });
    }
    return next;
  };

  /** Consult each counterpart (there and back, with their staff's coordination), then decide. */
  const decideAt = (node: string): string => {
    const delegation = t.delegations.find((d) => d.to === node);
    const consult = (node !== authority && delegation?.consult ? delegation.consult : t.consult).filter(takesPart);
    let next = add({ key: `decide@${node}`, op: 'work', node, work: 'decide', phase: 'decide' }, { to: taskDown(node) });
    for (let i = consult.length - 1; i >= 0; i--) {
      const c = consult[i]!;
      next = add({ key: `reply@${c}>${node}`, op: 'send', from: c, to: node, phase: 'coordination', message: 'consultation' }, { to: next });
      next = add({ key: `coordinate@${c}~${node}`, op: 'work', node: c, work: 'coordinate', phase: 'coordination' }, { to: next });
      next = add({ key: `consult@${node}>${c}`, op: 'send', from: node, to: c, phase: 'coordination', message: 'consultation' }, { to: next });
    }
    return next;
  };

  // Up the chain, built from the top so each step knows its successor.
  let up = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i]!;
    const phase: Phase = i === 0 ? 'assess' : 'escalation';
    let after: Next;
    if (i === chain.length - 1) after = { to: decideAt(node) };
    else if (delegates.has(node)) after = { delegated: decideAt(node), otherwise: up };
    else after = { to: up };
    const assess = add({ key: `assess@${node}`, op: 'work', node, work: 'assess', phase }, after);
    up = i === 0 ? assess : add({ key: `escalate@${chain[i - 1]}>${node}`, op: 'send', from: chain[i - 1]!, to: node, phase: 'escalation', message: 'escalation' }, { to: assess });
  }
  // A report enters the chain where the detector sits in it, else at the bottom.
  let first = chain.includes(detector) ? `assess@${detector}` : up;
  if (!chain.includes(detector)) {
    const report = add({ key: `report@${detector}>${chain[0]}`, op: 'send', from: detector, to: chain[0]!, phase: 'report', message: 'report' }, { to: first });
    first = add({ key: `assess@${detector}`, op: 'work', node: detector, work: 'assess', phase: 'assess' }, { to: report });
  }
  if (chain.includes(detector)) {
    const entry = steps.get(first)!;
    entry.def = { ...entry.def, phase: 'assess' };
  }
  const initial = add({ key: `detect@${detector}`, op: 'detect', node: detector, phase: 'detection' }, { to: first });
  return { nation, detector, delegations: t.delegations, initial, steps: reachableFrom(initial, steps) };
}

/** Keeps only the steps reachable from the first: a statechart has no dead states. */
function reachableFrom(initial: string, steps: Map<string, { def: StepDef; next: Next }>): Map<string, { def: StepDef; next: Next }> {
  const keep = new Map<string, { def: StepDef; next: Next }>();
  const todo = [initial];
  while (todo.length > 0) {
    const key = todo.pop()!;
    if (keep.has(key)) continue;
    const step = steps.get(key)!;
    keep.set(key, step);
    if ('to' in step.next) todo.push(step.next.to);
    else if ('delegated' in step.next) todo.push(step.next.delegated, step.next.otherwise);
  }
  return keep;
}
