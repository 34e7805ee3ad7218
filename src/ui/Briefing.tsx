/** The situation, the two structures, and what will be decided; Enter starts the clock. */
import { Box, Text, useInput } from 'ink';
import type { PlaySession } from '../analysis/playSession.js';
import { fit, wrap } from './panelText.js';

export function Briefing({ session, width, height, onStart, onQuit }: {
  session: PlaySession; width: number; height: number; onStart: () => void; onQuit: () => void;
}) {
  useInput((input, key) => {
    if (key.return) onStart();
    else if (input === 'q' || key.escape) onQuit();
  });
  const s = session.scenario.value;
  const kinds = [...new Set(s.injects.flatMap((i) => i.decisions.map((d) => d.kind)))];
  const clock = session.clock(0).map((c) => `${c.label} ${c.text}`).join(' · ');
  const body = [
    ...wrap(s.briefing, width),
    '',
    'Side by side:',
    ...session.structures.flatMap((st) => wrap(`• ${st.value.name}: ${st.value.description}`, width)),
    '',
    ...wrap(`Decisions on ${kinds.join(', ')}. At each decision point you choose; the choice applies to both structures.`, width),
  ];
  // The live area must fit the screen: cut the body rather than scroll it.
  const room = Math.max(1, height - 5);
  const shown = body.length > room ? [...body.slice(0, room - 1), '…'] : body;
  return (
    <Box flexDirection="column" width={width}>
      <Text color="cyan" bold>{fit(`Briefing — ${s.title}`, width)}</Text>
      <Text dimColor>{fit(`Starts ${clock} · seed ${session.seed}`, width)}</Text>
      {shown.map((l, i) => <Text key={i}>{l || ' '}</Text>)}
      <Text dimColor>Enter start · q quit</Text>
    </Box>
  );
}
