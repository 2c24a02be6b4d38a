import type { Command } from 'commander';
import { compileProject } from '../../execution/compile-task.js';
import { withStateEnv } from '../state-env.js';
import { Reporter } from '../../execution/reporter.js';
import { loadSession } from '../../execution/session.js';
import {
  sessionOptions,
  withDeferOptions,
  withProjectOptions,
  withSelectionOptions,
  type ProjectOptions,
  type SelectionOptions,
} from '../common-options.js';
import type { ReadFlags } from '../../execution/defer-setup.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

/** `strata compile`: render the selected models and tests to target/compiled, write manifest.json. */
export function registerCompileCommand(program: Command, setExitCode: (code: number) => void): void {
  withDeferOptions(
    withSelectionOptions(
      withProjectOptions(
        program
          .command('compile')
          .description('render selected models, tests and analyses to SQL under target/compiled'),
      ),
    ),
  )
    .option('--empty', 'render every ref() and source() as a read of zero rows')
    .action(async (cliFlags: ProjectOptions & SelectionOptions & ReadFlags) => {
      const flags = withStateEnv(cliFlags);
      const reporter = new Reporter();
      const session = loadSession(sessionOptions(flags));
      for (const warning of session.parsed.warnings) reporter.warning(warning);
      const { compiled, seconds } = await compileProject(session, flags, reporter);
      reporter.info(
        `Compiled ${compiled} nodes in ${seconds.toFixed(2)}s; SQL is under ${session.project.targetPath}/compiled/`,
      );
      setExitCode(EXIT_SUCCESS);
    });
}
