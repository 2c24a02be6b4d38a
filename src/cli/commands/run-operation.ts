import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { StrataError } from '../../errors/strata-error.js';
import { Reporter } from '../../execution/reporter.js';
import { loadSession } from '../../execution/session.js';
import { runOperation } from '../../hooks/run-operation.js';
import { STRATA_VERSION } from '../../artifacts/strata-version.js';
import { sessionOptions, withProjectOptions, type ProjectOptions } from '../common-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from '../exit-codes.js';

interface RunOperationFlags extends ProjectOptions {
  args?: string;
}

/** `strata run-operation <macro> --args '{...}'`: run a macro against the warehouse, as dbt does. */
export function registerRunOperationCommand(program: Command, setExitCode: (code: number) => void): void {
  withProjectOptions(
    program
      .command('run-operation')
      .description('run a macro of the project or a package against the warehouse')
      .argument('<macro>', 'the macro to run, e.g. grant_select or my_package.vacuum_tables')
      .option('--args <yaml>', "the macro's keyword arguments as YAML, e.g. '{table_name: orders, days: 7}'"),
  ).action(async (macro: string, flags: RunOperationFlags) => {
    const reporter = new Reporter();
    const args = flags.args === undefined ? {} : parseArgs(flags.args);
    const session = loadSession(sessionOptions(flags));
    reporter.info(`Running with strata=${STRATA_VERSION}`);
    for (const warning of session.parsed.warnings) reporter.warning(warning);
    const { failure } = await runOperation(session, macro, args);
    if (failure !== undefined) {
      reporter.colored('red', `Encountered an error while running operation: ${failure}`);
      setExitCode(EXIT_FAILURE);
      return;
    }
    setExitCode(EXIT_SUCCESS);
  });
}

function parseArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').replace(/:\s*$/, '');
    throw new StrataError(`--args is not valid YAML: ${reason}`, {
      hint: "Write it as a YAML map in quotes, e.g. --args '{table_name: orders, days: 7}'",
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StrataError('--args must be a YAML map of argument: value', {
      hint: "For example: --args '{table_name: orders, days: 7}'",
    });
  }
  return value as Record<string, unknown>;
}
