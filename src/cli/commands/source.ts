import { withStateEnv } from '../state-env.js';
import type { Command } from 'commander';
import { freshnessFailed, runFreshnessTask } from '../../execution/freshness-task.js';
import { Reporter } from '../../execution/reporter.js';
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

interface FreshnessFlags extends ProjectOptions, SelectionOptions {
  output?: string;
}

/**
 * `strata source freshness`, dbt's spelling: exit 1 when a source is stale past
 * `error_after`, its check failed, or a project hook failed; a warning alone exits 0.
 */
export function registerSourceCommand(program: Command, setExitCode: (code: number) => void): void {
  const source = program.command('source').description('commands about sources');
  withThreadsOption(
    withSelectionOptions(
      withProjectOptions(
        source
          .command('freshness')
          .description("check how recent each source's newest rows are against its warn_after and error_after"),
      ),
    ),
  )
    .option('-o, --output <path>', 'where to write the results (default: <target-path>/sources.json)')
    .action(async (cliFlags: FreshnessFlags) => {
      const flags = withStateEnv(cliFlags);
      const session = loadSession(sessionOptions(flags));
      const outcome = await interruptible(
        async (signal) => ({
          signal,
          measured: await runFreshnessTask(
            session,
            {
              select: flags.select,
              exclude: flags.exclude,
              selector: flags.selector,
              state: flags.state,
              output: flags.output,
              signal,
            },
            new Reporter(),
          ),
        }),
        ['SIGINT'],
      );
      if (outcome.signal.aborted) return setExitCode(EXIT_INTERRUPTED);
      setExitCode(freshnessFailed(outcome.measured) ? EXIT_FAILURE : EXIT_SUCCESS);
    });
}
