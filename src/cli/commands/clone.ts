import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { runTask } from '../../execution/run-task.js';
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

interface CloneFlags extends ProjectOptions, SelectionOptions {
  fullRefresh?: boolean;
}

/** `strata clone --state DIR`: the selected models and seeds made in this target from the state's relations. */
export function registerCloneCommand(program: Command, setExitCode: (code: number) => void): void {
  withThreadsOption(
    withSelectionOptions(
      withProjectOptions(
        program
          .command('clone')
          .description("create the selected models and seeds from the --state manifest's relations (clone or view)"),
      ),
    ),
  )
    .option('--full-refresh', 'replace relations that already exist in this target')
    .action(async (flags: CloneFlags) => {
      const session = loadSession(sessionOptions(flags));
      const outcome = await interruptible(
        (signal) =>
          runTask(
            session,
            {
              kind: 'clone',
              select: flags.select,
              exclude: flags.exclude,
              selector: flags.selector,
              state: flags.state,
              fullRefresh: flags.fullRefresh,
              signal,
            },
            new Reporter(),
          ),
        ['SIGINT'],
      );
      if (outcome.interrupted) return setExitCode(EXIT_INTERRUPTED);
      setExitCode(outcome.results.some((r) => r.status === 'error') ? EXIT_FAILURE : EXIT_SUCCESS);
    });
}
