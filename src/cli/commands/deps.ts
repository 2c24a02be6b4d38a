import type { Command } from 'commander';
import { installPackages } from '../../deps/install-packages.js';
import { Reporter } from '../../execution/reporter.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

interface DepsFlags {
  projectDir: string;
  upgrade?: boolean;
  lock?: boolean;
}

/** `strata deps`: install the packages of packages.yml / dependencies.yml into packages-install-path. */
export function registerDepsCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('deps')
    .description(
      'install the packages of packages.yml into packages-install-path (dbt_packages/), write package-lock.yml',
    )
    .option(
      '--project-dir <dir>',
      'folder holding project.yml (or dbt_project.yml)',
      process.env.STRATA_PROJECT_DIR ?? '.',
    )
    .option('--upgrade', 'resolve the versions again, ignoring package-lock.yml')
    .option('--lock', 'write package-lock.yml without installing anything')
    .action(async (flags: DepsFlags) => {
      const reporter = new Reporter();
      const result = await installPackages({
        projectDir: flags.projectDir,
        upgrade: flags.upgrade,
        lockOnly: flags.lock,
        report: (line) => reporter.info(line),
      });
      for (const warning of result.warnings) reporter.warning(warning);
      if (result.packages.length === 0) {
        reporter.info(
          result.packagesFile === undefined
            ? 'No packages.yml or dependencies.yml: no packages to install'
            : `No packages listed in ${result.packagesFile}`,
        );
      } else if (result.fromLock) {
        reporter.info(`Installed the versions pinned in package-lock.yml (--upgrade resolves them again)`);
      }
      setExitCode(EXIT_SUCCESS);
    });
}
