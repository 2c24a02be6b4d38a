import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { INIT_ADAPTERS } from '../../init/project-skeleton.js';
import { initProject } from '../../init/init-project.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

interface InitFlags {
  adapter: string;
  skipProfileSetup?: boolean;
}

/** `strata init <name>`: write a new project skeleton that builds as it is. */
export function registerInitCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description('create a new project folder with an example model, its tests and a profile')
    .argument('[name]', 'project name, also the name of the folder created')
    .option('--adapter <type>', `warehouse of the profile: ${INIT_ADAPTERS.join(', ')}`, 'duckdb')
    .option('--skip-profile-setup', 'write no profiles.yml')
    .action(async (name: string | undefined, flags: InitFlags) => {
      const { folder } = await initProject(process.cwd(), name, flags);
      const reporter = new Reporter();
      reporter.info(`Your new Strata project "${name}" was created in ${folder}`);
      reporter.info(`Next: cd ${name} && strata debug && strata build`);
      setExitCode(EXIT_SUCCESS);
    });
}
