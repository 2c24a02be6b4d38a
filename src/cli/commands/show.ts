import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { formatTable, showModel } from '../../execution/show-task.js';
import { loadSession } from '../../execution/session.js';
import type { ReadFlags } from '../../execution/defer-setup.js';
import { withStateEnv } from '../state-env.js';
import { sessionOptions, withDeferOptions, withProjectOptions, type ProjectOptions } from '../common-options.js';
import { EXIT_SUCCESS } from '../exit-codes.js';
import { parseWholeNumber } from '../flags.js';

interface ShowFlags extends ProjectOptions, ReadFlags {
  select?: string[];
  selector?: string;
  limit: string;
}

/** `strata show -s model`: preview a model's rows. */
export function registerShowCommand(program: Command, setExitCode: (code: number) => void): void {
  withDeferOptions(withProjectOptions(program.command('show').description("preview the rows of a model's query")))
    .option('--state <dir>', 'folder of the manifest.json to defer to')
    .option('-s, --select <model...>', 'the model to preview')
    .option('--selector <name>', 'a named selector of selectors.yml that picks the model')
    .option('--limit <n>', 'rows to show', '10')
    .action(async (cliFlags: ShowFlags) => {
      const flags = withStateEnv(cliFlags);
      const limit = parseWholeNumber(flags.limit, '--limit', 1);
      const session = loadSession(sessionOptions(flags));
      const { model, columns, rows } = await showModel(session, flags, limit);
      new Reporter().info(`Previewing ${model.name} (${rows.length} row${rows.length === 1 ? '' : 's'}):`);
      process.stdout.write(`${formatTable(columns, rows)}\n`);
      setExitCode(EXIT_SUCCESS);
    });
}
