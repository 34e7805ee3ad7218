/**
 * The crisis as it runs: the clock in Tokyo, Hawaii and Washington; one panel per structure;
 * the decision prompt when the scenario asks. The feed of injects is printed above, once
 * (Ink's <Static>, in App), so this live area stays within the screen and does not flicker.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../model/duration.js';
import type { PlaySession } from '../analysis/playSession.js';
import { DEFAULT_SPEED_INDEX, fit, panelLines, SPEEDS, speedLabel, wrap } from './panelText.js';
import { LineText } from './tone.js';

export const HELP = [
  'Keys',
  '  Enter      choose the highlighted option; otherwise run to the next decision point',
  '  ↑ ↓        move between options at a decision point',
  '  space      pause / resume the clock',
  '  + / -      faster / slower (simulated seconds per real second)',
  '  n          step to the next event (pauses the clock)',
  '  ?          this help',
  '  q          quit (asks first while the crisis is running)',
  '',
  'Panels: each open decision, who holds it now, why it waits (queue, after hours,',
  'link down or degraded, waiting for the ally), the hops done with their durations,',
  'and the time left before its deadline.',
  '',
  'Press any key to go back.',
];

export function clockLine(session: PlaySession): string {
  const t = session.now;
  const zones = session.clock().map((c) => `${c.label} ${c.text}`).join(' · ');
  return `T+${formatDuration(t)} · ${zones}`;
}

export function PlayScreen({ session, width, height, tickMs, onFinished, onQuit, onChange }: {
  session: PlaySession; width: number; height: number; tickMs: number;
  onFinished: () => void; onQuit: () => void;
  /** The session moved on: the feed printed above may have grown. */
  onChange: () => void;
}) {
  const [, setTick] = useState(0);
  const [paused, setPaused] = useState(false);
  const [speed, setSpeed] = useState(DEFAULT_SPEED_INDEX);
  // Keys can arrive faster than renders: what a key acts on lives in refs, updated at once,
  // and state only mirrors it for drawing (else ↓ then Enter would choose the old option).
  const selRef = useRef<number | undefined>(undefined);
  const helpRef = useRef(false);
  const quitRef = useRef(false);
  const [sel, setSelState] = useState<number | undefined>(undefined);
  const [help, setHelpState] = useState(false);
  const [confirmQuit, setQuitState] = useState(false);
  const setSel = (v: number | undefined) => { selRef.current = v; setSelState(v); };
  const setHelp = (v: boolean) => { helpRef.current = v; setHelpState(v); };
  const setConfirmQuit = (v: boolean) => { quitRef.current = v; setQuitState(v); };
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

  useEffect(() => {
    if (session.finished) onFinished();
  });

  useEffect(() => {
    if (tickMs <= 0 || paused || point || help || confirmQuit) return;
    const timer = setInterval(() => {
      session.advanceTo(session.now + (SPEEDS[speed]! * tickMs) / 1000);
      refresh();
    }, tickMs);
    return () => clearInterval(timer);
  }, [tickMs, paused, point, help, confirmQuit, speed, session]);

  useInput((input, key) => {
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
    if (key.return) { session.skipToDecision(); refresh(); }
    else if (input === ' ') setPaused((p) => !p);
    else if (input === 'n') { setPaused(true); session.stepEvent(); refresh(); }
    else if (input === '+' || input === '=') setSpeed((s) => Math.min(SPEEDS.length - 1, s + 1));
    else if (input === '-' || input === '_') setSpeed((s) => Math.max(0, s - 1));
  });

  const header = fit(session.scenario.value.title, width);
  const clock = fit(clockLine(session), width);
  const status = paused ? '‖ paused' : point ? '◆ decide' : `▶ ${speedLabel(SPEEDS[speed]!)}`;
  const enter = point ? 'Enter choose' : 'Enter next decision';
  // The longest key legend that fits; ? lists them all.
  const controls = [
    `${status} · ${enter} · space pause · +/- speed · n step · ? help · q quit`,
    `${status} · ${enter} · space pause · +/- speed · ? help · q quit`,
    `${status} · ${enter} · ? help · q quit`,
  ].find((c) => c.length <= width) ?? fit(`${status} · ? help`, width);

  if (help) {
    return (
      <Box flexDirection="column">
        <Text color="cyan" bold>{header}</Text>
        {HELP.slice(0, Math.max(1, height - 3)).map((l, i) => <Text key={i}>{fit(l, width)}</Text>)}
      </Box>
    );
  }

  // Header, clock and controls take 3 lines, one more stays free for Ink; panels need 3 at least.
  const room = height - 4 - 3 - (confirmQuit ? 1 : 0);
  const promptOf = (perOption: number, all: boolean) => (point ? point.options.map((o, i) => (all || i === selected ? wrap(o.consequence, width - 4).slice(0, perOption) : [])) : []);
  const size = (c: string[][]) => (point ? 2 + point.options.length + c.reduce((a, x) => a + x.length, 0) : 0);
  // The prompt gives way before the screen overflows: consequences to one line, then only the chosen one's.
  let consequences = promptOf(2, true);
  if (size(consequences) > room) consequences = promptOf(1, true);
  if (size(consequences) > room) consequences = promptOf(1, false);
  const promptLines = size(consequences);
  // Leave the newest lines of the inject feed (printed above, static) in view when there is room.
  const feedRows = Math.max(0, Math.min(8, Math.floor(height / 4), height - 7 - promptLines - (confirmQuit ? 1 : 0)));
  const panelHeight = Math.max(3, height - feedRows - 4 - promptLines - (confirmQuit ? 1 : 0));
  // Side by side when each panel gets 30 columns; stacked otherwise.
  const count = session.sims.length;
  const sideBySide = count === 1 || width >= count * 30 + (count - 1);
  const panelWidth = sideBySide ? Math.floor((width - (count - 1)) / count) : width;
  const linesEach = sideBySide ? panelHeight : Math.max(2, Math.floor(panelHeight / count));
  const panels = session.structures.map((s, i) => panelLines(`${s.value.id} — ${s.value.name}`, session.view(i), session.now, panelWidth, linesEach));

  return (
    <Box flexDirection="column">
      <Text color="cyan" bold>{header}</Text>
      <Text>{clock}</Text>
      <Box flexDirection={sideBySide ? 'row' : 'column'} height={sideBySide ? panelHeight : linesEach * count}>
        {panels.map((lines, i) => (
          <Box key={i} flexDirection="column" width={panelWidth} height={linesEach} marginRight={sideBySide && i < panels.length - 1 ? 1 : 0}>
            {lines.map((l, k) => <LineText key={k} line={l} />)}
          </Box>
        ))}
      </Box>
      {point && (
        <Box flexDirection="column">
          <Text color="yellow" bold>{fit(`DECISION — ${point.prompt}`, width)}</Text>
          {point.options.map((o, i) => (
            <Box key={o.id} flexDirection="column">
              <Text color={i === selected ? 'green' : undefined} bold={i === selected}>{fit(`${i === selected ? '❯' : ' '} ${o.label}`, width)}</Text>
              {consequences[i]!.map((c, k) => <Text key={k} dimColor>{`    ${c}`}</Text>)}
            </Box>
          ))}
          <Text dimColor>{fit('↑↓ choose · Enter confirm: the choice applies to both structures', width)}</Text>
        </Box>
      )}
      {confirmQuit && <Text color="red">{fit('Quit mid-scenario? y to quit, any other key to go on', width)}</Text>}
      <Text dimColor>{controls}</Text>
    </Box>
  );
}
