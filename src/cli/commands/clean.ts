import type { Command } from 'commander';
import { cleanProject } from '../../execution/clean-task.js';
import { Reporter } from '../../execution/reporter.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

interface CleanFlags {
  projectDir: string;
  targetPath?: string;
  cleanProjectFilesOnly: boolean;
}

/** `strata clean`: delete the folders of `clean-targets` (default: the target folder). */
export function registerCleanCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('clean')
    .description('delete the folders listed in clean-targets of the project file (default: the target folder)')
    .option(
      '--project-dir <dir>',
      'folder holding project.yml (or dbt_project.yml)',
      process.env.STRATA_PROJECT_DIR ?? '.',
    )
    .option('--target-path <dir>', 'the target folder, when clean-targets is not set')
    .option('--no-clean-project-files-only', 'also delete clean-targets outside the project folder')
    .action(async (flags: CleanFlags) => {
      await cleanProject(
        { projectDir: flags.projectDir, targetPath: flags.targetPath },
        !flags.cleanProjectFilesOnly,
        new Reporter(),
      );
      setExitCode(EXIT_SUCCESS);
    });
}
