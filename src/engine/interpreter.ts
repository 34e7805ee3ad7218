/**
 * How statecharts run: `compiled` (default) steps through xstate's memoised transitions;
 * `xstate` runs each decision as an xstate actor — the reference the compiled form is tested against.
 */
export type Interpreter = 'compiled' | 'xstate';
export const INTERPRETERS: readonly Interpreter[] = ['compiled', 'xstate'];
