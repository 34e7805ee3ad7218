/** The play UI: pick → briefing → play → debrief. All simulation is the PlaySession's. */
import { Static, Text, useApp, useStdout } from 'ink';
import { useMemo, useState } from 'react';
import { formatDuration } from '../model/duration.js';
import type { FeedItem, PlaySession } from '../analysis/playSession.js';
import { debriefText } from '../report/debrief.js';
import { Briefing } from './Briefing.js';
import { DebriefScreen } from './DebriefScreen.js';
import { PlayScreen } from './PlayScreen.js';
import { ScenarioPicker, type ScenarioChoice } from './ScenarioPicker.js';
import { safeLine } from './panelText.js';

export interface AppProps {
  scenarios: ScenarioChoice[];
  /** Skip the picker: the session for the scenario named on the command line. */
  initial?: PlaySession;
  open: (scenarioId: string) => PlaySession;
  /** Real milliseconds between clock ticks; 0 leaves the clock to the keys (tests). */
  tickMs?: number;
  reportPath: string;
  writeReport: (session: PlaySession) => string;
  /** Called once the crisis is over (to save the recording); returns a line to show, if any. */
  onComplete?: (session: PlaySession) => string | undefined;
}

type Screen =
  | { kind: 'pick' }
  | { kind: 'brief'; session: PlaySession }
  | { kind: 'play'; session: PlaySession }
  | { kind: 'debrief'; session: PlaySession; note?: string | undefined };

interface StaticLine { key: string; text: string; bold?: boolean }

export function App({ scenarios, initial, open, tickMs = 100, reportPath, writeReport, onComplete }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  // Never wider or taller than the terminal: a live area that overflows is redrawn whole (flicker).
  const width = Math.max(20, (stdout?.columns ?? 80) - 1);
  const height = Math.max(8, stdout?.rows ?? 24);
  const [screen, setScreen] = useState<Screen>(initial ? { kind: 'brief', session: initial } : { kind: 'pick' });
  const [, setFeedVersion] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const pick = (id: string) => {
    try {
      setScreen({ kind: 'brief', session: open(id) });
    } catch (err) {
      // A scenario that does not fit the chosen structures: say so, and stay on the picker.
      setError((err as Error).message);
    }
  };

  const session = screen.kind === 'pick' ? undefined : screen.session;
  const feed: readonly FeedItem[] = screen.kind === 'play' || screen.kind === 'debrief' ? session!.feed() : [];
  const debrief = useMemo(() => (screen.kind === 'debrief' ? debriefText(screen.session.report()).split('\n') : []), [screen]);
  const lines: StaticLine[] = [
    ...feed.map((f) => ({ key: `f${f.id}`, text: `T+${formatDuration(f.t).padEnd(8)} ${session!.clock(f.t)[0]!.text} Tokyo  ${f.text}` })),
    ...debrief.map((text, i) => ({ key: `d${i}`, text, bold: i === 0 })),
  ];

  return (
    <>
      <Static items={lines}>{(l) => <Text key={l.key} bold={l.bold ?? false}>{safeLine(l.text)}</Text>}</Static>
      {screen.kind === 'pick' && (
        <ScenarioPicker scenarios={scenarios} width={width} onPick={pick} onQuit={exit} {...(error ? { error } : {})} />
      )}
      {screen.kind === 'brief' && (
        <Briefing session={screen.session} width={width} height={height} onStart={() => setScreen({ kind: 'play', session: screen.session })} onQuit={exit} />
      )}
      {screen.kind === 'play' && (
        <PlayScreen
          session={screen.session} width={width} height={height} tickMs={tickMs} onQuit={exit}
          onChange={() => setFeedVersion(screen.session.feed().length)}
          onFinished={() => setScreen({ kind: 'debrief', session: screen.session, note: onComplete?.(screen.session) })}
        />
      )}
      {screen.kind === 'debrief' && (
        <DebriefScreen width={width} reportPath={reportPath} note={screen.note} writeReport={() => writeReport(screen.session)} onQuit={exit} />
      )}
    </>
  );
}
