import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { runTask, type TaskKind } from '../../execution/run-task.js';
import { loadSession } from '../../execution/session.js';
import {
  sessionOptions,
  withProjectOptions,
  withSelectionOptions,
  withThreadsOption,
  type ProjectOptions,
  type SelectionOptions,
} from '../common-options.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_SUCCESS } from '../exit-codes.js';
import { interruptible } from '../interrupt.js';

interface RunFlags extends ProjectOptions, SelectionOptions {
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  junit?: string;
  unitTarget?: string;
}

const DESCRIPTIONS: Record<TaskKind, string> = {
  run: 'build the selected models in dependency order',
  test: 'run the data tests of the selected nodes',
  seed: 'load CSV files from the seed paths into the warehouse',
  build: 'seed, run and test the selected nodes in dependency order',
};

/** `run`, `test`, `seed` and `build`: one task runner, four resource filters. */
export function registerBuildCommands(program: Command, setExitCode: (code: number) => void): void {
  for (const kind of ['run', 'test', 'seed', 'build'] as const) {
    let command = withThreadsOption(
      withSelectionOptions(withProjectOptions(program.command(kind).description(DESCRIPTIONS[kind]))),
    );
    if (kind !== 'test')
      command = command.option('--full-refresh', 'rebuild incremental models and reload seeds from scratch');
    command = command.option('-x, --fail-fast', 'stop at the first failure');
    if (kind === 'test' || kind === 'build') {
      command = command
        .option('--store-failures', 'keep the failing rows of every test in an audit table')
        .option('--junit <file>', 'also write test results as JUnit XML')
        .option('--unit-target <target>', "run unit tests on 'duckdb' (in memory, the default) or on the run's target");
    }
    command.action(async (flags: RunFlags) => {
      setExitCode(await runCommand(kind, flags));
    });
  }
}

async function runCommand(kind: TaskKind, flags: RunFlags): Promise<number> {
  const session = loadSession(sessionOptions(flags));
  const run = (signal: AbortSignal) =>
    runTask(
      session,
      {
        kind,
        select: flags.select,
        exclude: flags.exclude,
        selector: flags.selector,
        state: flags.state,
        fullRefresh: flags.fullRefresh,
        failFast: flags.failFast,
        storeFailures: flags.storeFailures,
        junit: flags.junit,
        unitTarget: flags.unitTarget,
        signal,
      },
      new Reporter(),
    );
  // only Ctrl-C cancels a run cleanly; SIGTERM keeps its default (exit at once)
  const outcome = await interruptible(run, ['SIGINT']);
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  return outcome.results.some((r) => r.status === 'error' || r.status === 'fail') ? EXIT_FAILURE : EXIT_SUCCESS;
}
