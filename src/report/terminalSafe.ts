/**
 * Text bound for a terminal, made inert. Titles, names, ids, values and messages can come from
 * input files, and a control character in them is an instruction to the terminal: ESC starts
 * sequences that set the window title, clear the screen or move the cursor; BEL, CR, backspace
 * and the C1 controls (0x80–0x9f, where 0x9b is a one-byte CSI) do the same on some terminals.
 * Every such character is shown instead as a visible `\uXXXX` escape — the JSON spelling, so
 * JSON printed through here stays valid and means the same. Bidirectional overrides are escaped
 * too: they make text display in another order than it reads.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_ONE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Keeps newlines and tabs (layout of our own output); every other control character is escaped. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** For one-line messages (errors, status lines): a newline from an input is escaped as well. */
export function terminalSafeLine(text: string): string {
  return text.replace(UNSAFE_ONE_LINE, visible);
}
