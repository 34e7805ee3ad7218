/** After the crisis: the debrief is printed above (static); here, the offer to write the report. */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { fit } from './panelText.js';

export function DebriefScreen({ width, reportPath, writeReport, note, onQuit }: {
  width: number; reportPath: string; writeReport: () => string; note?: string; onQuit: () => void;
}) {
  const [message, setMessage] = useState<string | undefined>(undefined);
  useInput((input, key) => {
    if (input === 'w') {
      try {
        setMessage(`Report written to ${writeReport()}`);
      } catch (err) {
        setMessage(`Could not write the report: ${(err as Error).message}`);
      }
    } else if (input === 'q' || key.return || key.escape) onQuit();
  });
  return (
    <Box flexDirection="column">
      {note && <Text dimColor>{fit(note, width)}</Text>}
      {message && <Text color="green">{fit(message, width)}</Text>}
      <Text bold>{fit(`Debrief · w write this run's report to ${reportPath} · Enter or q quit`, width)}</Text>
    </Box>
  );
}
