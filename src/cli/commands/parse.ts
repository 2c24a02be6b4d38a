import type { Command } from 'commander';
import { parseTask } from '../../execution/parse-task.js';
import { Reporter } from '../../execution/reporter.js';
import { sessionOptions, withProjectOptions, type ProjectOptions } from '../common-options.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

/** `strata parse`: check the whole project and write manifest.json, without connecting to the warehouse. */
export function registerParseCommand(program: Command, setExitCode: (code: number) => void): void {
  withProjectOptions(
    program.command('parse').description('parse the project and write target/manifest.json (no warehouse)'),
  ).action(async (flags: ProjectOptions) => {
    const reporter = new Reporter();
    const { session, manifestPath, summary, seconds } = await parseTask(sessionOptions(flags));
    for (const warning of session.parsed.warnings) reporter.warning(warning);
    reporter.info(`${summary}; parsed in ${seconds.toFixed(2)}s, manifest written to ${manifestPath}`);
    setExitCode(EXIT_SUCCESS);
  });
}
