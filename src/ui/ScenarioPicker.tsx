/** Pick a bundled scenario: ↑↓ to move, Enter to open its briefing. */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { wrapLine } from '../report/lineWrap.js';
import { useKeys } from './keys.js';

export interface ScenarioChoice { id: string; title: string; summary: string }

/** Rows of one scenario: its title, and under the highlighted one its summary. */
function rowsOf(s: ScenarioChoice, selected: boolean, width: number): { text: string; summary: boolean }[] {
  const title = wrapLine(`${s.title} (${s.id})`, width, '  ', selected ? '❯ ' : '  ').map((text) => ({ text, summary: false }));
  return selected && s.summary ? [...title, ...wrapLine(s.summary, width, '    ', '    ').map((text) => ({ text, summary: true }))] : title;
}

/**
 * The scenarios that fit `room` rows, the highlighted one among them: as many before it as fit
 * with it, then after it; a row says how many more there are above or below.
 */
export function visibleScenarios(rows: number[], sel: number, room: number): { start: number; end: number } {
  const fits = (start: number, end: number) =>
    rows.slice(start, end).reduce((a, b) => a + b, 0) + (start > 0 ? 1 : 0) + (end < rows.length ? 1 : 0) <= room;
  let start = sel;
  while (start > 0 && fits(start - 1, sel + 1)) start--;
  let end = sel + 1;
  while (end < rows.length && fits(start, end + 1)) end++;
  return { start, end };
}

export function ScenarioPicker({ scenarios, width, height, onPick, onQuit, error }: {
  scenarios: ScenarioChoice[]; width: number; height: number; onPick: (id: string) => void; onQuit: () => void; error?: string;
}) {
  // The highlighted row lives in a ref: Down then Enter typed at once must open the row the Down
  // moved to, before React has drawn it (the bug: it opened the row highlighted before).
  const selRef = useRef(0);
  const [sel, setSelState] = useState(0);
  const setSel = (n: number) => { selRef.current = n; setSelState(n); };
  useKeys((input, key) => {
    const n = scenarios.length;
    if (key.upArrow) setSel((selRef.current + n - 1) % n);
    else if (key.downArrow) setSel((selRef.current + 1) % n);
    else if (key.return) onPick(scenarios[selRef.current]!.id);
    else if (input === 'q' || key.escape) onQuit();
  });
  // Within the terminal's rows: only the highlighted scenario shows its summary, and a list
  // longer than the screen scrolls with the highlight.
  const errorLines = error ? wrapLine(error, width, '  ') : [];
  const room = Math.max(1, height - 4 - errorLines.length);
  const markers = (sel > 0 ? 1 : 0) + (sel < scenarios.length - 1 ? 1 : 0);
  // A summary too long for the screen is cut: the title stays.
  const blocks = scenarios.map((s, i) => (i === sel ? rowsOf(s, true, width).slice(0, Math.max(1, room - markers)) : rowsOf(s, false, width)));
  const { start, end } = visibleScenarios(blocks.map((b) => b.length), sel, room);
  return (
    <Box flexDirection="column">
      <Text color="cyan" bold>c2sim — pick a scenario</Text>
      <Text> </Text>
      {start > 0 && <Text dimColor>{`  ↑ ${start} more`}</Text>}
      {blocks.slice(start, end).map((rows, k) => {
        const i = start + k;
        return (
          <Box key={scenarios[i]!.id} flexDirection="column">
            {rows.map((r, j) => (r.summary
              ? <Text key={j} dimColor>{r.text}</Text>
              : <Text key={j} color={i === sel ? 'green' : undefined} bold={i === sel}>{r.text}</Text>))}
          </Box>
        );
      })}
      {end < scenarios.length && <Text dimColor>{`  ↓ ${scenarios.length - end} more`}</Text>}
      <Text> </Text>
      {errorLines.map((l, k) => <Text key={`e${k}`} color="red">{l}</Text>)}
      <Text dimColor>↑↓ choose · Enter open · q quit</Text>
    </Box>
  );
}
