/** Pick a bundled scenario: ↑↓ to move, Enter to open its briefing. */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { fit, safeLine } from './panelText.js';

export interface ScenarioChoice { id: string; title: string; summary: string }

export function ScenarioPicker({ scenarios, width, onPick, onQuit, error }: {
  scenarios: ScenarioChoice[]; width: number; onPick: (id: string) => void; onQuit: () => void; error?: string;
}) {
  const [sel, setSel] = useState(0);
  useInput((input, key) => {
    if (key.upArrow) setSel((s) => (s + scenarios.length - 1) % scenarios.length);
    else if (key.downArrow) setSel((s) => (s + 1) % scenarios.length);
    else if (key.return) onPick(scenarios[sel]!.id);
    else if (input === 'q' || key.escape) onQuit();
  });
  return (
    <Box flexDirection="column">
      <Text color="cyan" bold>c2sim — pick a scenario</Text>
      <Text> </Text>
      {scenarios.map((s, i) => (
        <Box key={s.id} flexDirection="column">
          <Text color={i === sel ? 'green' : undefined} bold={i === sel}>{fit(`${i === sel ? '❯' : ' '} ${s.title} (${s.id})`, width)}</Text>
          <Text dimColor>{fit(`    ${s.summary}`, width)}</Text>
        </Box>
      ))}
      <Text> </Text>
      {error && <Text color="red" wrap="wrap">{safeLine(error)}</Text>}
      <Text dimColor>↑↓ choose · Enter open · q quit</Text>
    </Box>
  );
}
