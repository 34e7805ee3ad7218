/** After the crisis: the debrief, a page at a time (PgUp/PgDn), and the offer to write the report. */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { fit } from './panelText.js';
import { useKeys } from './keys.js';
import { scrollKey, scrollPosition } from './scroll.js';

export function DebriefScreen({ lines, width, height, reportPath, writeReport, note, onQuit }: {
  lines: string[]; width: number; height: number; reportPath: string; writeReport: () => string; note?: string | undefined; onQuit: () => void;
}) {
  const [message, setMessage] = useState<string | undefined>(undefined);
  const offsetRef = useRef(0);
  const [offset, setOffsetState] = useState(0);
  // Footer lines: the keys, and the note and message when there are any; one line stays free for Ink.
  const room = Math.max(1, height - 2 - (note ? 1 : 0) - (message ? 1 : 0));
  useKeys((input, key) => {
    const next = scrollKey(input, key, offsetRef.current, lines.length, room);
    if (next !== undefined) { offsetRef.current = next; setOffsetState(next); return; }
    if (input === 'w') {
      try {
        setMessage(`Report written to ${writeReport()}`);
      } catch (err) {
        setMessage(`Could not write the report: ${(err as Error).message}`);
      }
    } else if (input === 'q' || key.escape) onQuit();
  });
  const top = Math.min(offset, Math.max(0, lines.length - room));
  const shown = lines.slice(top, top + room);
  const where = scrollPosition(top, shown.length, lines.length);
  const keys = [
    `Debrief · PgDn/PgUp scroll${where ? ` (${where})` : ''} · w write the report to ${reportPath} · q quit`,
    `Debrief · PgDn/PgUp${where ? ` ${where}` : ''} · w write report · q quit`,
    'Debrief · PgDn/PgUp · w · q quit',
  ].find((k) => k.length <= width) ?? fit('Debrief · q quit', width);
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => <Text key={i} bold={top + i === 0}>{l || ' '}</Text>)}
      {note && <Text dimColor>{fit(note, width)}</Text>}
      {message && <Text color="green">{fit(message, width)}</Text>}
      <Text bold>{keys}</Text>
    </Box>
  );
}
