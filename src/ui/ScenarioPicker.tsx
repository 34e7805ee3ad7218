/** Pick a bundled scenario: ↑↓ to move, Enter to open its briefing. */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { wrapLine } from '../report/lineWrap.js';
import { useKeys } from './keys.js';
import { safeLine } from './panelText.js';

export interface ScenarioChoice { id: string; title: string; summary: string }

export function ScenarioPicker({ scenarios, width, onPick, onQuit, error }: {
  scenarios: ScenarioChoice[]; width: number; onPick: (id: string) => void; onQuit: () => void; error?: string;
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
  return (
    <Box flexDirection="column">
      <Text color="cyan" bold>c2sim — pick a scenario</Text>
      <Text> </Text>
      {scenarios.map((s, i) => (
        <Box key={s.id} flexDirection="column">
          {wrapLine(`${s.title} (${s.id})`, width, '  ', i === sel ? '❯ ' : '  ').map((l, k) => (
            <Text key={`t${k}`} color={i === sel ? 'green' : undefined} bold={i === sel}>{l}</Text>
          ))}
          {wrapLine(s.summary, width, '    ', '    ').map((l, k) => <Text key={`s${k}`} dimColor>{l}</Text>)}
        </Box>
      ))}
      <Text> </Text>
      {error && <Text color="red" wrap="wrap">{safeLine(error)}</Text>}
      <Text dimColor>↑↓ choose · Enter open · q quit</Text>
    </Box>
  );
}
