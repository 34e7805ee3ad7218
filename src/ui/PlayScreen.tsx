/**
 * The crisis as it runs: the clock in Tokyo, Hawaii and Washington; one panel per structure;
 * the decision prompt when the scenario asks. The feed of injects is printed above, once
 * (Ink's <Static>, in App), so this live area stays within the screen and does not flicker.
 */
import { Box, Text, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../model/duration.js';
import type { PlaySession } from '../analysis/playSession.js';
import { wrapLine } from '../report/lineWrap.js';
import { NodeNamer, nodeNameMap } from '../report/nodeNames.js';
import { feedLines } from './feedText.js';
import { useKeys } from './keys.js';
import { DEFAULT_SPEED_INDEX, fit, panelLines, SPEEDS, speedLabel } from './panelText.js';
import { LineText } from './tone.js';

export const HELP = [
  'Keys',
  '  Enter      run to the next inject (stops at each one), or choose the option',
  '  f          fast-forward to the next decision point (injects go to the feed)',
  '  ↑ ↓        move between options at a decision point',
  '  space      pause / resume the clock',
  '  + / -      faster / slower (simulated seconds per real second)',
  '  n          step to the next event (pauses the clock)',
  '  ?          this help',
  '  q          quit (asks first while the crisis is running)',
  '  After the crisis: PgDn/PgUp page through the debrief, w writes the report.',
  '',
  'Panels: each open decision, who holds it now, why it waits (queue, after hours, link down or degraded, waiting for the ally), the hops done with their durations, and the time left before its deadline.',
  '',
  'Staff (structures with endurance): the most tired nodes — staff time as a multiple of rested time, hours the watch has been on, "low" in the circadian low (02:00–06:00 local) — handovers under way, and augmentees (+N in how long, or on).',
  '',
  'Press any key to go back.',
];

export function clockLine(session: PlaySession): string {
  const t = session.now;
  const zones = session.clock().map((c) => `${c.label} ${c.text}`).join(' · ');
  return `T+${formatDuration(t)} · ${zones}`;
}

/**
 * Runs until something new reaches the feed (an inject, a link effect), a decision point, or
 * the end: Enter never carries the player past an inject unseen.
 */
export function runToNextInject(session: PlaySession): void {
  const before = session.feed().length;
  let still = 0;
  while (!session.finished && !session.pending && session.feed().length === before) {
    const t = session.now;
    session.stepEvent();
    // Nothing left that could move the clock: stop rather than spin.
    still = session.now === t ? still + 1 : 0;
    if (still > 100_000) break;
  }
}

/** The key legend, cut at whole entries into as many lines as it takes at this width. */
export function legendLines(parts: string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const p of parts) {
    const next = line ? `${line} · ${p}` : p;
    if (line && next.length > width) { out.push(line); line = p; }
    else line = next;
  }
  if (line) out.push(line);
  return out.map((l) => fit(l, width));
}

export function PlayScreen({ session, width, height, tickMs, names, onFinished, onQuit, onChange }: {
  session: PlaySession; width: number; height: number; tickMs: number;
  names: ReadonlyMap<string, string>;
  onFinished: () => void; onQuit: () => void;
  /** The session moved on: the feed printed above may have grown. */
  onChange: () => void;
}) {
  const [, setTick] = useState(0);
  const [paused, setPausedState] = useState(false);
  const [speed, setSpeed] = useState(DEFAULT_SPEED_INDEX);
  // Keys can arrive faster than renders: what a key acts on lives in refs, updated at once,
  // and state only mirrors it for drawing (else ↓ then Enter would choose the old option).
  const selRef = useRef<number | undefined>(undefined);
  const helpRef = useRef(false);
  const quitRef = useRef(false);
  const pausedRef = useRef(false);
  const [sel, setSelState] = useState<number | undefined>(undefined);
  const [help, setHelpState] = useState(false);
  const [confirmQuit, setQuitState] = useState(false);
  const setSel = (v: number | undefined) => { selRef.current = v; setSelState(v); };
  const setHelp = (v: boolean) => { helpRef.current = v; setHelpState(v); };
  const setConfirmQuit = (v: boolean) => { quitRef.current = v; setQuitState(v); };
  const setPaused = (v: boolean) => { pausedRef.current = v; setPausedState(v); };
  const refresh = () => {
    setTick((n) => n + 1);
    onChange();
  };
  const point = session.pending;
  const selectedOf = (v: number | undefined) => {
    const p = session.pending;
    return p ? (v ?? Math.max(0, p.options.findIndex((o) => o.id === p.default))) : 0;
  };
  const selected = selectedOf(sel);

  // Once, from whichever comes first: the key that ended the crisis (so the keys typed after it
  // go to the debrief) or the render after the clock ran out.
  const finishedRef = useRef(false);
  const finishIfOver = () => {
    if (!session.finished || finishedRef.current) return;
    finishedRef.current = true;
    onFinished();
  };
  useEffect(finishIfOver);

  useEffect(() => {
    if (tickMs <= 0 || paused || point || help || confirmQuit) return;
    const timer = setInterval(() => {
      session.advanceTo(session.now + (SPEEDS[speed]! * tickMs) / 1000);
      refresh();
    }, tickMs);
    return () => clearInterval(timer);
  }, [tickMs, paused, point, help, confirmQuit, speed, session]);

  useKeys((input, key) => {
    handleKey(input, key);
    finishIfOver();
  });
  const handleKey = (input: string, key: Key) => {
    if (session.finished) return;
    if (quitRef.current) {
      if (input === 'y') onQuit();
      else setConfirmQuit(false);
      return;
    }
    if (helpRef.current) { setHelp(false); return; }
    if (input === 'q') { setConfirmQuit(true); return; }
    if (input === '?') { setHelp(true); return; }
    const p = session.pending;
    if (p) {
      const current = selectedOf(selRef.current);
      if (key.upArrow) setSel((current + p.options.length - 1) % p.options.length);
      else if (key.downArrow) setSel((current + 1) % p.options.length);
      else if (key.return) { session.choose(p.options[current]!.id); setSel(undefined); refresh(); }
      return;
    }
    // Enter stops at the inject it reaches and holds the clock there, so it can be read.
    if (key.return) { setPaused(true); runToNextInject(session); refresh(); }
    else if (input === 'f') { session.skipToDecision(); refresh(); }
    else if (input === ' ') setPaused(!pausedRef.current);
    else if (input === 'n') { setPaused(true); session.stepEvent(); refresh(); }
    else if (input === '+' || input === '=') setSpeed((s) => Math.min(SPEEDS.length - 1, s + 1));
    else if (input === '-' || input === '_') setSpeed((s) => Math.max(0, s - 1));
  };

  const header = fit(session.scenario.value.title, width);
  const clock = fit(clockLine(session), width);
  const status = paused ? '‖ paused' : point ? '◆ decide' : `▶ ${speedLabel(SPEEDS[speed]!)}`;
  const legend = legendLines(point
    ? [status, '↑↓ move', 'Enter choose', '? help', 'q quit']
    : [status, 'Enter next inject', 'f next decision', 'space pause', '+/- speed', 'n step', '? help', 'q quit'], width);

  if (help) {
    return (
      <Box flexDirection="column">
        <Text color="cyan" bold>{header}</Text>
        {HELP.flatMap((l) => (l ? wrapLine(l, width, /^ +/.test(l) ? ' '.repeat(13) : '') : [' ']))
          .slice(0, Math.max(1, height - 2)).map((l, i) => <Text key={i}>{l}</Text>)}
      </Box>
    );
  }

  // The newest feed item, in the live area: the feed printed above may have scrolled away.
  // All that happened at the latest instant (an inject and its link effects), the inject first.
  const feed = feedLines(session, names, width);
  const items = session.feed();
  const lastT = items.at(-1)?.t;
  const ids = new Set(items.filter((f) => f.t === lastT).map((f) => `f${f.id}.`));
  const newestAll = feed.filter((l) => ids.has(l.key.slice(0, l.key.indexOf('.') + 1))).map((l) => l.text);
  const newest = newestAll.slice(0, 3);
  const base = 2 + legend.length + (confirmQuit ? 1 : 0) + 1; // +1: a line free for Ink
  const fixed = base + newest.length;
  // The decision prompt is never cut: the question and the option labels wrap in full; the
  // consequences give way first (two lines each, then one, then only the highlighted one's).
  const question = point ? wrapLine(`DECISION — ${point.prompt}`, width, '  ') : [];
  const labels = point ? point.options.map((o, i) => wrapLine(o.label, width, '    ', i === selected ? '❯ ' : '  ')) : [];
  const promptOf = (perOption: number, all: boolean) => (point ? point.options.map((o, i) => (all || i === selected ? wrapLine(o.consequence, width, '    ', '    ').slice(0, perOption) : [])) : []);
  const size = (c: string[][]) => (point ? question.length + labels.flat().length + c.flat().length : 0);
  const minPanels = 3;
  let consequences = promptOf(2, true);
  if (size(consequences) > height - fixed - minPanels) consequences = promptOf(1, true);
  if (size(consequences) > height - fixed - minPanels) consequences = promptOf(1, false);
  if (size(consequences) > height - fixed - minPanels) consequences = promptOf(0, false);
  const promptLines = size(consequences);
  // Leave the newest lines of the feed (printed above) in view when there is room.
  const rowsFor = (spare: number) => Math.max(0, Math.min(6, Math.floor(height / 5), spare - 8));
  // The newest lines of the feed are the last lines printed above: when the rows left for the
  // feed show them, they are not repeated in the live area.
  const latest = rowsFor(height - base - promptLines) >= newestAll.length ? [] : newest;
  const spare = height - base - latest.length - promptLines;
  const feedRows = rowsFor(spare);
  const panelHeight = Math.max(minPanels, spare - feedRows);
  // Side by side when each panel gets 30 columns; stacked otherwise.
  const count = session.sims.length;
  const sideBySide = count === 1 || width >= count * 30 + (count - 1);
  const panelWidth = sideBySide ? Math.floor((width - (count - 1)) / count) : width;
  const linesEach = sideBySide ? panelHeight : Math.max(2, Math.floor(panelHeight / count));
  const panels = session.structures.map((s, i) => panelLines(
    `${s.value.id} — ${s.value.name}`, session.view(i), session.now, panelWidth, linesEach,
    new NodeNamer(nodeNamesOf(s.value.nodes)), session.inventories(i),
    session.staff(i),
  ));

  return (
    <Box flexDirection="column">
      <Text color="cyan" bold>{header}</Text>
      <Text>{clock}</Text>
      {latest.map((l, i) => <Text key={`l${i}`} color="yellow">{l}</Text>)}
      <Box flexDirection={sideBySide ? 'row' : 'column'} height={sideBySide ? panelHeight : linesEach * count}>
        {panels.map((lines, i) => (
          <Box key={i} flexDirection="column" width={panelWidth} height={linesEach} marginRight={sideBySide && i < panels.length - 1 ? 1 : 0}>
            {lines.map((l, k) => <LineText key={k} line={l} />)}
          </Box>
        ))}
      </Box>
      {point && (
        <Box flexDirection="column">
          {question.map((l, k) => <Text key={`q${k}`} color="yellow" bold>{l}</Text>)}
          {point.options.map((o, i) => (
            <Box key={o.id} flexDirection="column">
              {labels[i]!.map((l, k) => <Text key={`o${k}`} color={i === selected ? 'green' : undefined} bold={i === selected}>{l}</Text>)}
              {consequences[i]!.map((c, k) => <Text key={k} dimColor>{c}</Text>)}
            </Box>
          ))}
        </Box>
      )}
      {confirmQuit && <Text color="red">{fit('Quit mid-scenario? y to quit, any other key to go on', width)}</Text>}
      {legend.map((l, i) => <Text key={`k${i}`} dimColor>{l}</Text>)}
    </Box>
  );
}

function nodeNamesOf(nodes: readonly { id: string; name: string }[]): Map<string, string> {
  return nodeNameMap([{ nodes }]);
}
