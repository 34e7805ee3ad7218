#!/usr/bin/env node
/**
 * The c2sim command line. Exit codes: 0 ok, 1 failure, 2 bad usage or invalid input. Every input
 * error is one line on stderr naming the file or flag, the place, and what is expected.
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../model/inputError.js';
import { oneOf } from '../model/issue.js';
import { toolVersion } from '../model/catalogue.js';
import { INTERPRETERS } from '../engine/interpreter.js';
import { armFlag, collect, list, parseShard, setFlag, wholeNumber } from './args.js';
import {
  chooseOption, outOption, runsOption, SCENARIO_ARGUMENT, seedOption, structuresOption, variantOption, workersOption,
} from './sharedOptions.js';
import { printMessage, writeStderr } from './output.js';
import { tuneHeapForBatches } from './heap.js';

/**
 * The commands, loaded when one runs: `--version`, `--help` and `list` start without the
 * schemas, the engine or the renderers (issue 7: start-up within 3× a bare node).
 */
const commands = () => import('./commands.js');

const DEFAULT_SCENARIO = 'nk-irbm-overflight';
/** Sweep and sensitivity: every point is a batch of its own with the same seed and runs. */
const SEED_PER_POINT = 'seed, the same at every point';
const RUNS_PER_POINT = 'runs per point';

function program(): Command {
  const p = new Command('c2sim')
    .description('Tabletop crisis-coordination simulator: the old and new US–Japan command structures, side by side.\nWith no command: on a terminal, play; piped, run the default comparison and print the summary table.')
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError(false)
    // Help fits 80 columns whatever the terminal's width (and when piped); subcommands inherit it.
    .configureHelp({ helpWidth: 80, minWidthToWrap: 30 })
    .configureOutput({
      writeErr: writeStderr,
      outputError: (str) => printMessage(str.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')),
    })
    .usage('[options] [command]')
    .argument('[command...]')
    .action(async (words: string[]) => {
      const command = words[0];
      if (command !== undefined) {
        const names = p.commands.map((c) => c.name());
        throw new InputError(`unknown command "${command}"; ${oneOf(command, names)} (c2sim --help lists them)`);
      }
      if (process.stdin.isTTY && process.stdout.isTTY) await (await commands()).playCommand(undefined, {});
      else await (await commands()).runCommand(DEFAULT_SCENARIO, {});
    });

  p.command('list')
    .description('list the bundled scenarios, structures and variants')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => (await import('./list.js')).listCommand(flags));

  p.command('validate')
    .description('check scenario, structure and variant files and list every problem (a scenario also against each structure it names)')
    .argument('<file...>', 'YAML files or bundled names')
    .action(async (files: string[]) => {
      if ((await commands()).validateCommand(files) > 0) process.exitCode = 2;
    });

  p.command('run')
    .description('run a seeded Monte Carlo batch and print the outcome summary (or the report)')
    .argument('<scenario>', SCENARIO_ARGUMENT)
    .addOption(structuresOption())
    .addOption(seedOption('seed: the same seed and inputs give the same report'))
    .addOption(runsOption('number of runs'))
    .option('--first-run <n>', 'index of the first run (reproduce run N alone: --first-run N --runs 1)', wholeNumber('--first-run', 0, 1e15), 0)
    .addOption(chooseOption('answer a decision point (repeatable); others take their default'))
    .addOption(variantOption('apply a what-if variant (repeatable; c2sim list shows the bundled ones)'))
    .option('--set <target.path=value>', 'override one input, e.g. jfhq.nodes[jjoc].capacity=3 (repeatable)', setFlag)
    .option('--arm <name=spec>', 'a what-if arm on the same runs, paired with the base: spec is variant:NAME or set:PATH=VALUE, several joined by ";" (repeatable)', armFlag)
    .option('--json', 'print the JSON report instead of the table')
    .addOption(outOption('also write the JSON report to this file (atomically)'))
    .option('--csv <file>', 'also write the summary table as CSV: a row per decision and structure (atomically)')
    .option('--events <file>', 'also write every event of every run as JSON Lines (atomically); runs in one thread, as every run\'s detail is needed')
    .addOption(workersOption('; the report is the same for any number'))
    .option('--shard <I/N>', 'run only shard I of N (a block of the runs) and write a partial result for c2sim merge', parseShard)
    .addOption(new Option('--interpreter <name>', 'statechart interpreter: compiled (default) or the xstate reference').choices([...INTERPRETERS]).hideHelp())
    .action(async (scenario: string, flags) => (await commands()).runCommand(scenario, flags));

  p.command('sweep')
    .description('run the same batch at each value of one or two inputs, or each variant (each point with the same seed), and tabulate and chart latency and on-time rate')
    .argument('<scenario>', SCENARIO_ARGUMENT)
    .option('--set <target.path=v1,v2,…>', 'the input to sweep and its values, e.g. jfhq.nodes[jjoc].capacity=2,4,6 (once, or twice for a grid)', collect)
    .option('--variants <names>', 'sweep over variants: names or files, "none" for the inputs as they are, e.g. none,stalled-transition (with at most one --set)', list)
    .addOption(structuresOption())
    .addOption(seedOption(SEED_PER_POINT))
    .addOption(runsOption(RUNS_PER_POINT))
    .addOption(chooseOption())
    .addOption(variantOption('apply a what-if variant at every point (repeatable)'))
    .option('--json', 'print the sweep as JSON instead of the table')
    .addOption(outOption())
    .option('--csv <file>', 'also write a CSV: a row per point, decision and structure (atomically)')
    .option('--html <file>', 'also write a self-contained HTML page with a chart per decision (atomically)')
    .addOption(workersOption())
    .action(async (scenario: string, flags) => (await commands()).sweepCommand(scenario, flags));

  p.command('attribute')
    .description('split each decision\'s change between a structure and the one it reforms across the reform\'s elements (Shapley values over paired runs)')
    .argument('<scenario>', SCENARIO_ARGUMENT)
    .addOption(structuresOption('the baseline and the structure that reforms it (default: legacy,jfhq)'))
    .addOption(seedOption())
    .addOption(runsOption('runs', '; each simulates 2^elements subsets'))
    .addOption(chooseOption())
    .option('--json', 'print the attribution as JSON (c2sim schema attribution)')
    .addOption(outOption())
    .option('--html <file>', 'also write a self-contained HTML page with the charts (atomically)')
    .addOption(workersOption('; the same result for any number'))
    .action(async (scenario: string, flags) => (await import('./attributeCommand.js')).attributeCommand(scenario, flags));

  p.command('merge')
    .description('merge the partial results of a sharded run into its report (the same bytes as one run)')
    .argument('<part...>', 'files written by c2sim run … --shard I/N, in any order')
    .option('--json', 'print the JSON report instead of the table')
    .addOption(outOption('also write the JSON report to this file (atomically)'))
    .option('--csv <file>', 'also write the summary table as CSV (atomically)')
    .action(async (parts: string[], flags) => (await commands()).mergeCommand(parts, flags));

  p.command('play')
    .description('play a scenario in the terminal: both structures side by side, you decide at each decision point')
    .argument('[scenario]', 'a bundled scenario id or a path (default: pick from a list)')
    .addOption(structuresOption('the one or two structures to show (default: the scenario\'s)'))
    .addOption(seedOption())
    .option('--run <n>', 'which run of the seed to play (as --first-run in c2sim run)', wholeNumber('--run', 0, 1e15), 0)
    .option('--record <file>', 'write the session (inputs\' sha256, seed, choices) for c2sim replay')
    .option('--report <file>', 'where the debrief writes the run\'s report (default: c2sim-<scenario>-seed<N>-run<N>.json)')
    .action(async (scenario: string | undefined, flags) => (await commands()).playCommand(scenario, flags));

  p.command('replay')
    .description('reproduce a recorded play session without a terminal: prints its debrief (or report)')
    .argument('<recording>', 'a file written by c2sim play --record')
    .option('--json', 'print the run\'s report (as c2sim run --json) instead of the debrief')
    .option('--out <file>', 'also write the report to this file (atomically)')
    .action(async (file: string, flags) => (await commands()).replayCommand(file, flags));

  p.command('compare')
    .description('compare two reports: what differs in their inputs, and which changes are larger than noise')
    .argument('<a.json>').argument('<b.json>')
    .option('--json', 'print the comparison as JSON (c2sim schema comparison)')
    .option('--markdown', 'print an after-action comparison in Markdown')
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .option('--csv <file>', 'also write the comparison table as CSV: a row per decision and structure (atomically)')
    .action(async (a: string, b: string, flags) => (await commands()).compareCommand(a, b, flags));

  p.command('report')
    .description('render a report again: the summary table, an after-action report, or an HTML page')
    .argument('<report.json>')
    .option('--markdown', 'print an after-action report in Markdown (HSEEP ratings)')
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .action(async (file: string, flags) => (await commands()).reportCommand(file, flags));

  p.command('graph')
    .description('print a structure, or a scenario decision\'s statechart, as Mermaid or DOT')
    .argument('<structure|scenario>', 'a bundled id or a path')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
    .option('--decision <kind|id>', 'with a scenario: the decision whose statechart to print')
    .option('--structure <id>', 'with a scenario: the structure the statechart runs on (default: the scenario\'s first)')
    .action(async (ref: string, flags) => (await commands()).graphCommand(ref, flags));

  p.command('ranges')
    .description('list every ranged input of a scenario and its structures (--set paths, low and high values): what a sensitivity study moves')
    .argument('<scenario>', SCENARIO_ARGUMENT)
    .addOption(structuresOption('structures to include (default: the scenario\'s)'))
    .option('--json', 'print as JSON, with the --set argument of each low and high value')
    .action(async (scenario: string, flags) => (await commands()).rangesCommand(scenario, flags));

  p.command('sensitivity')
    .description('one at a time over every ranged input (c2sim ranges): a tornado per decision of each input\'s effect on the structures\' latency and their difference, and the inputs whose range flips a verdict (smallest change found by bisection)')
    .argument('<scenario>', SCENARIO_ARGUMENT)
    .addOption(structuresOption())
    .addOption(runsOption(RUNS_PER_POINT, '', 200))
    .addOption(seedOption(SEED_PER_POINT))
    .addOption(chooseOption())
    .addOption(variantOption('apply a what-if variant at every point, base included (repeatable)'))
    .option('--json', 'print the study as JSON (c2sim schema sensitivity) instead of the tornado')
    .addOption(outOption())
    .option('--html <file>', 'also write a self-contained HTML page with tornado charts (atomically)')
    .option('--csv <file>', 'also write the tornado tables as CSV: a row per decision, input, end and structure or difference (atomically)')
    .addOption(workersOption('; the result is the same for any number'))
    .action(async (scenario: string, flags) => (await commands()).sensitivityCommand(scenario, flags));

  p.command('schema')
    .description('print the JSON Schema of a scenario, a structure, a variant, a report, a comparison, an attribution or a sensitivity study')
    .argument('<kind>', 'scenario, structure, variant, report, comparison, attribution or sensitivity')
    .action(async (name: string) => (await commands()).schemaCommand(name));

  return p;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return handle(err);
  }
}

function handle(err: unknown): number {
  if (err instanceof InputError) {
    printMessage(err.message);
    return 2;
  }
  if (err instanceof CommanderError) {
    // Help and version exit 0; every usage error is bad input.
    return err.exitCode === 0 ? 0 : 2;
  }
  const e = err as Error;
  printMessage(`internal error: ${e?.message ?? String(err)}`);
  if (process.env.C2SIM_DEBUG) writeStderr(`${e?.stack}\n`);
  else printMessage('this is a bug; run again with C2SIM_DEBUG=1 for the stack trace and report it');
  return 1;
}

tuneHeapForBatches();
process.exitCode = await main(process.argv.slice(2));
