import { withStateEnv } from '../state-env.js';
import type { Command } from 'commander';
import { loadSession } from '../../execution/session.js';
import {
  sessionOptions,
  withProjectOptions,
  withSelectionOptions,
  withThreadsOption,
  type ProjectOptions,
  type SelectionOptions,
} from '../common-options.js';
import { runTaskCommand } from './build-commands.js';

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
    .action(async (cliFlags: CloneFlags) => {
      const flags = withStateEnv(cliFlags);
      const session = loadSession(sessionOptions(flags));
      setExitCode(
        await runTaskCommand(session, {
          kind: 'clone',
          select: flags.select,
          exclude: flags.exclude,
          selector: flags.selector,
          state: flags.state,
          fullRefresh: flags.fullRefresh,
        }),
      );
    });
}
