/** `c2sim attribute`: split each decision's change between two structures across the reform's elements. */
import { runAttribution } from '../analysis/attribution.js';
import { DEFAULT_RUNS } from '../analysis/batch.js';
import { defaultWorkers } from '../analysis/parallel.js';
import { attributionText } from '../report/attributionText.js';
import { attributionHtml } from '../report/attributionHtml.js';
import { Progress } from './output.js';
import { emitResult } from './resultFiles.js';

export interface AttributeFlags {
  structures?: string[];
  runs?: number;
  seed?: number;
  choose?: Record<string, string>;
  json?: boolean;
  html?: string;
  out?: string;
  workers?: number;
}

export async function attributeCommand(scenario: string, flags: AttributeFlags): Promise<void> {
  const progress = new Progress(`attribute ${scenario}`);
  const a = await runAttribution({
    workers: flags.workers ?? defaultWorkers(),
    scenario,
    structures: flags.structures ?? ['legacy', 'jfhq'],
    runs: flags.runs ?? DEFAULT_RUNS,
    seed: flags.seed ?? 1,
    choices: flags.choose ?? {},
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();
  const json = `${JSON.stringify(a, null, 2)}\n`;
  emitResult([
    { flag: '--out', to: flags.out, what: 'attribution', text: () => json },
    { flag: '--html', to: flags.html, what: 'attribution page', text: () => attributionHtml(a) },
  ], flags.json ? json : attributionText(a));
}
