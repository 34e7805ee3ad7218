/** Starts the Ink UI. Imported dynamically by the CLI, so batch commands never load Ink or React. */
import { render } from 'ink';
import { App, type AppProps } from './App.js';

export async function runPlayUi(props: AppProps): Promise<void> {
  const app = render(<App {...props} />, { exitOnCtrlC: true, patchConsole: true });
  await app.waitUntilExit();
}
