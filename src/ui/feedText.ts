/**
 * The feed of injects, link effects and choices as terminal lines: in time order, wrapped to the
 * width under a hanging indent, node ids spelled out at first use, spans as durations ("6h").
 */
import { readableDuration, SHORT_DURATION_WIDTH, shortDuration } from '../model/duration.js';
import type { FeedItem, PlaySession } from '../analysis/playSession.js';
import { wrapLine } from '../report/lineWrap.js';
import { NodeNamer } from '../report/nodeNames.js';

/** "degraded ×4 for 21600s" → "degraded ×4 for 6h". */
export function readableSpans(text: string): string {
  return text.replace(/\bfor (\d+(?:\.\d+)?)s\b/g, (_, s: string) => `for ${readableDuration(Number(s))}`);
}

export function feedPrefix(session: PlaySession, t: number): string {
  // A fixed column: past ten hours the seconds go (the clock beside it tells the minute).
  return `T+${shortDuration(t).padEnd(SHORT_DURATION_WIDTH + 1)}${session.clock(t)[0]!.text} Tokyo  `;
}

/** Every feed item's lines, keyed for Ink's <Static> (which prints each key once). */
export function feedLines(session: PlaySession, names: ReadonlyMap<string, string>, width: number): { key: string; text: string }[] {
  const namer = new NodeNamer(names);
  return session.feed().flatMap((f: FeedItem) => {
    const prefix = feedPrefix(session, f.t);
    // The text hangs under itself when there is room for it, else under a short indent.
    const indent = width - prefix.length >= 30 ? ' '.repeat(prefix.length) : '    ';
    return wrapLine(spelled(namer, readableSpans(f.text)), width, indent, prefix).map((text, k) => ({ key: `f${f.id}.${k}`, text }));
  });
}

/** Link effects list link ids (`csjs--indopacom`): their nodes are named in a gloss after the list. */
function spelled(namer: NodeNamer, text: string): string {
  if (!/\S--\S/.test(text)) return namer.expand(text);
  const gloss = namer.gloss(text);
  return gloss ? `${text} (${gloss})` : text;
}
