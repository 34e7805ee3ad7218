/** The play UI: pick → briefing → play → debrief. All simulation is the PlaySession's. */
import { Static, Text, useApp, useStdout } from 'ink';
import { useMemo, useState } from 'react';
import type { PlaySession } from '../analysis/playSession.js';
import { debriefText } from '../report/debrief.js';
import { nodeNameMap } from '../report/nodeNames.js';
import { Briefing } from './Briefing.js';
import { DebriefScreen } from './DebriefScreen.js';
import { feedLines } from './feedText.js';
import { KeyOwnerProvider, useKeyRouter } from './keys.js';
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

interface StaticLine { key: string; text: string }

export function App({ scenarios, initial, open, tickMs = 100, reportPath, writeReport, onComplete }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  // Never wider or taller than the terminal: a live area that overflows is redrawn whole (flicker).
  const width = Math.max(20, (stdout?.columns ?? 80) - 1);
  const height = Math.max(8, stdout?.rows ?? 24);
  const [screen, setScreen] = useState<Screen>(() => (initial ? { kind: 'brief', session: initial } : { kind: 'pick' }));
  // Keys belong to the screen the App has moved to, from the moment it moves (see keys.ts).
  const keys = useKeyRouter(screen);
  const go = (next: Screen) => {
    keys.setOwner(next);
    setScreen(next);
  };
  const [, setFeedVersion] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const pick = (id: string) => {
    try {
      go({ kind: 'brief', session: open(id) });
    } catch (err) {
      // A scenario that does not fit the chosen structures: say so, and stay on the picker.
      setError((err as Error).message);
    }
  };

  const session = screen.kind === 'pick' ? undefined : screen.session;
  const names = useMemo(() => (session ? nodeNameMap(session.structures.map((s) => s.value)) : new Map<string, string>()), [session]);
  // The feed is printed once, above the live area, wrapped to the width (a line the terminal
  // wrapped itself would take rows the layout does not know about).
  const lines: StaticLine[] = screen.kind === 'play' || screen.kind === 'debrief' ? feedLines(session!, names, width) : [];
  const debrief = useMemo(
    () => (screen.kind === 'debrief' ? debriefText(screen.session.report(), { width, nodeNames: names }).split('\n') : []),
    [screen, width, names],
  );

  return (
    <>
      <Static items={lines}>{(l) => <Text key={l.key}>{safeLine(l.text)}</Text>}</Static>
      <KeyOwnerProvider value={{ router: keys, owner: screen }}>
        {screen.kind === 'pick' && (
          <ScenarioPicker scenarios={scenarios} width={width} height={height} onPick={pick} onQuit={exit} {...(error ? { error } : {})} />
        )}
        {screen.kind === 'brief' && (
          <Briefing session={screen.session} width={width} height={height} onStart={() => go({ kind: 'play', session: screen.session })} onQuit={exit} />
        )}
        {screen.kind === 'play' && (
          <PlayScreen
            session={screen.session} width={width} height={height} tickMs={tickMs} names={names} onQuit={exit}
            onChange={() => setFeedVersion(screen.session.feed().length)}
            onFinished={() => go({ kind: 'debrief', session: screen.session, note: onComplete?.(screen.session) })}
          />
        )}
        {screen.kind === 'debrief' && (
          <DebriefScreen
            lines={debrief} width={width} height={height} reportPath={reportPath} note={screen.note}
            writeReport={() => writeReport(screen.session)} onQuit={exit}
          />
        )}
      </KeyOwnerProvider>
    </>
  );
}
