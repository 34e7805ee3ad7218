/** The situation, the two structures, and what will be decided; Enter starts the clock. */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import type { PlaySession } from '../analysis/playSession.js';
import { fit, wrap } from './panelText.js';
import { useKeys } from './keys.js';
import { scrollKey, scrollPosition } from './scroll.js';

export function Briefing({ session, width, height, onStart, onQuit }: {
  session: PlaySession; width: number; height: number; onStart: () => void; onQuit: () => void;
}) {
  const s = session.scenario.value;
  const kinds = [...new Set(s.injects.flatMap((i) => i.decisions.map((d) => d.kind)))];
  const clock = session.clock(0).map((c) => `${c.label} ${c.text}`).join(' · ');
  const title = wrap(`Briefing — ${s.title}`, width);
  const body = [
    ...wrap(`Starts ${clock} · seed ${session.seed}`, width),
    '',
    ...wrap(s.briefing, width),
    '',
    'Side by side:',
    ...session.structures.flatMap((st) => wrap(`• ${st.value.name}: ${st.value.description}`, width)),
    '',
    ...wrap(`Decisions on ${kinds.join(', ')}. At each decision point you choose; the choice applies to both structures.`, width),
  ];
  // The live area must fit the screen (title, footer, one line free for Ink): what is longer pages.
  const room = Math.max(1, height - title.length - 2);
  const offsetRef = useRef(0);
  const [offset, setOffsetState] = useState(0);
  useKeys((input, key) => {
    const next = scrollKey(input, key, offsetRef.current, body.length, room);
    if (next !== undefined) { offsetRef.current = next; setOffsetState(next); return; }
    if (key.return) onStart();
    else if (input === 'q' || key.escape) onQuit();
  });
  const shown = body.slice(offset, offset + room);
  const where = scrollPosition(offset, shown.length, body.length);
  const footer = where ? `Enter start · PgDn/PgUp more (${where}) · q quit` : 'Enter start · q quit';
  return (
    <Box flexDirection="column" width={width}>
      {title.map((l, i) => <Text key={`t${i}`} color="cyan" bold>{l}</Text>)}
      {shown.map((l, i) => <Text key={i} dimColor={offset + i === 0}>{l || ' '}</Text>)}
      <Text dimColor>{fit(footer, width)}</Text>
    </Box>
  );
}
