import { withStateEnv } from '../state-env.js';
import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { runTask, type TaskKind, type TaskOptions } from '../../execution/run-task.js';
import { loadSession, type Session } from '../../execution/session.js';
import type { ReadFlags } from '../../execution/defer-setup.js';
import {
  sessionOptions,
  withDeferOptions,
  withProjectOptions,
  withSelectionOptions,
  withThreadsOption,
  type ProjectOptions,
  type SelectionOptions,
} from '../common-options.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_SUCCESS } from '../exit-codes.js';
import { interruptible } from '../interrupt.js';
import { eventTimeWindow, withEventTimeOptions, type EventTimeFlags } from '../event-time-options.js';
import { runWatchCommand, type WatchFlags } from './watch.js';

interface RunFlags extends ProjectOptions, SelectionOptions, ReadFlags, EventTimeFlags, WatchFlags {
  watch?: boolean;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  junit?: string;
  unitTarget?: string;
}

const EMPTY_DESCRIPTION = 'read every ref() and source() as zero rows: checks the SQL and builds empty relations';

const DESCRIPTIONS: Record<Exclude<TaskKind, 'clone'>, string> = {
  run: 'build the selected models in dependency order',
  test: 'run the data tests of the selected nodes',
  seed: 'load CSV files from the seed paths into the warehouse',
  snapshot: 'record the changes of the selected snapshots in their history tables',
  build: 'seed, run, snapshot and test the selected nodes in dependency order',
};

/** `run`, `test`, `seed`, `snapshot` and `build`: one task runner, five resource filters. */
export function registerBuildCommands(program: Command, setExitCode: (code: number) => void): void {
  for (const kind of ['run', 'test', 'seed', 'snapshot', 'build'] as const) {
    let command = withThreadsOption(
      withSelectionOptions(withProjectOptions(program.command(kind).description(DESCRIPTIONS[kind]))),
    );
    if (kind !== 'test' && kind !== 'snapshot')
      command = command.option('--full-refresh', 'rebuild incremental models and reload seeds from scratch');
    command = command.option('-x, --fail-fast', 'stop at the first failure');
    if (kind !== 'seed') command = withDeferOptions(command);
    if (kind === 'run' || kind === 'build')
      command = withWatchOptions(withEventTimeOptions(command.option('--empty', EMPTY_DESCRIPTION)));
    if (kind === 'test' || kind === 'build') {
      command = command
        .option('--store-failures', 'keep the failing rows of every test in an audit table')
        .option('--junit <file>', 'also write test results as JUnit XML')
        .option(
          '--unit-target <target>',
          "run unit tests on 'duckdb' (in memory, the default) or a target of the profile",
        );
    }
    command.action(async (flags: RunFlags) => {
      setExitCode(await runCommand(kind, flags));
    });
  }
}

async function runCommand(kind: TaskKind, cliFlags: RunFlags): Promise<number> {
  const flags = withStateEnv(cliFlags);
  const options = sessionOptions(flags);
  const window = eventTimeWindow(flags);
  const task = {
    microbatch: window && { window },
    kind,
    select: flags.select,
    exclude: flags.exclude,
    selector: flags.selector,
    state: flags.state,
    defer: flags.defer,
    deferState: flags.deferState,
    favorState: flags.favorState,
    empty: flags.empty,
    fullRefresh: flags.fullRefresh,
    failFast: flags.failFast,
    storeFailures: flags.storeFailures,
    junit: flags.junit,
    unitTarget: flags.unitTarget,
    vars: options.vars,
  };
  if (flags.watch && (kind === 'run' || kind === 'build'))
    return runWatchCommand(loadSession(options), { ...task, kind }, flags);
  return runTaskCommand(loadSession(options), task);
}

function withWatchOptions(command: Command): Command {
  return command
    .option('--watch', "keep running: run the selection's part downstream of each new commit of the ingester")
    .option('--feed-url <url...>', "with --watch: each ingester's /commits stream, for a push on each commit")
    .option('--poll-interval <seconds>', 'with --watch: how often to read the commit feed without a push', '1')
    .option('--metrics-port <port>', "with --watch: serve each model's freshness and runs on /metrics (Prometheus)")
    .option('--metrics-host <host>', 'with --watch: the address of --metrics-port', '127.0.0.1');
}

/** Runs a task with Ctrl-C handling; the exit code: 1 when a node failed or errored. */
export async function runTaskCommand(session: Session, options: Omit<TaskOptions, 'signal'>): Promise<number> {
  const run = (signal: AbortSignal) => runTask(session, { ...options, signal }, new Reporter());
  // only Ctrl-C cancels a run cleanly; SIGTERM keeps its default (exit at once)
  const outcome = await interruptible(run, ['SIGINT']);
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  const failed = (r: { status: string }) => ['error', 'fail', 'partial success'].includes(r.status);
  return outcome.results.some(failed) ? EXIT_FAILURE : EXIT_SUCCESS;
}
