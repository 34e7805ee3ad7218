/** Tones to Ink colours (colour is dropped entirely under NO_COLOR / FORCE_COLOR=0). */
import { Text } from 'ink';
import type { Line, Tone } from './panelText.js';

const STYLE: Record<Tone, { color?: string; dimColor?: boolean; bold?: boolean }> = {
  normal: {},
  dim: { dimColor: true },
  good: { color: 'green' },
  warn: { color: 'yellow' },
  bad: { color: 'red' },
  title: { color: 'cyan', bold: true },
};

export function LineText({ line }: { line: Line }) {
  return <Text {...STYLE[line.tone]} wrap="truncate-end">{line.text}</Text>;
}
