/**
 * One keyboard listener for the whole play UI, routing each key to the screen that is showing.
 *
 * Why not `useInput` in every screen: Ink re-subscribes a component's handler only after React
 * commits, so keys that arrive faster than renders go to a stale closure (Down then Enter opened
 * the scenario that was highlighted before the Down), and keys typed while one screen hands over
 * to the next went to the screen that was leaving. Here every key is queued, and a key is handed
 * only to the handler registered by the screen the App has moved to; the queue drains as soon as
 * that screen has committed its handler. No key is dropped and none reaches the wrong screen.
 */
import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useLayoutEffect, useRef } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

interface Registration { owner: unknown; handler: KeyHandler }

export interface KeyRouter {
  /** The screen keys belong to from now on (set when the App decides to change screens). */
  setOwner(owner: unknown): void;
  register(owner: unknown, handler: KeyHandler): void;
}

const KeyContext = createContext<{ router: KeyRouter; owner: unknown } | undefined>(undefined);
export const KeyOwnerProvider = KeyContext.Provider;

/** In the App: the single listener. `initialOwner` is the first screen. */
export function useKeyRouter(initialOwner: unknown): KeyRouter {
  const owner = useRef(initialOwner);
  const current = useRef<Registration | undefined>(undefined);
  const queue = useRef<[string, Key][]>([]);
  const draining = useRef(false);
  const drain = () => {
    if (draining.current) return;
    draining.current = true;
    try {
      // A handler may move to another screen: the keys after it wait for that screen's handler.
      while (queue.current.length > 0 && current.current && current.current.owner === owner.current) {
        const [input, key] = queue.current.shift()!;
        current.current.handler(input, key);
      }
    } finally {
      draining.current = false;
    }
  };
  const router = useRef<KeyRouter>({
    setOwner: (o) => { owner.current = o; },
    register: (o, handler) => { current.current = { owner: o, handler }; drain(); },
  });
  // A stable handler: Ink subscribes it once, so no key ever meets a half-updated listener.
  useInput(useCallback((input: string, key: Key) => { queue.current.push([input, key]); drain(); }, []));
  return router.current;
}

/**
 * In a screen: this render's key handler. Registered in a layout effect, i.e. as the render is
 * committed, so it always sees the state it was rendered with; state a burst of keys must see at
 * once (a highlighted row) belongs in refs.
 */
export function useKeys(handler: KeyHandler): void {
  const ctx = useContext(KeyContext);
  if (!ctx) throw new Error('useKeys outside the play App');
  useLayoutEffect(() => { ctx.router.register(ctx.owner, handler); });
}
