import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { findProfilesFile } from '../../config/profiles-dir.js';
import { debugProject } from '../../execution/debug-task.js';
import { Reporter } from '../../execution/reporter.js';
import { sessionOptions, withProjectOptions, type ProjectOptions } from '../common-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from '../exit-codes.js';

interface DebugFlags extends ProjectOptions {
  configDir?: boolean;
}

/** `strata debug`: versions, project and profile files, the target (secrets masked) and a connection test. */
export function registerDebugCommand(program: Command, setExitCode: (code: number) => void): void {
  withProjectOptions(
    program.command('debug').description('check the project, the profile and the connection to the target'),
  )
    .option('--config-dir', 'print the folder of profiles.yml and stop')
    .action(async (flags: DebugFlags) => {
      if (flags.configDir) {
        const { found, searched } = findProfilesFile({
          projectRoot: resolve(flags.projectDir),
          profilesDir: flags.profilesDir,
        });
        const reporter = new Reporter();
        reporter.info('To view your profiles.yml file, run:');
        reporter.blank();
        process.stdout.write(`xdg-open ${dirname(found ?? searched[0]!)}\n`);
        setExitCode(EXIT_SUCCESS);
        return;
      }
      const failed = await debugProject(sessionOptions(flags), (line) => process.stdout.write(`${line}\n`));
      setExitCode(failed === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
