import { Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { StrataError } from '../errors/strata-error.js';
import type { SessionOptions } from '../execution/session.js';
import { parseWholeNumber } from './flags.js';

/** Options every project command accepts. */
export interface ProjectOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  threads?: string;
  targetPath?: string;
}

/** Options of commands that pick nodes. */
export interface SelectionOptions {
  select?: string[];
  exclude?: string[];
  selector?: string;
  state?: string;
}

export function withProjectOptions(command: Command): Command {
  return command
    .option(
      '--project-dir <dir>',
      'folder holding project.yml (or dbt_project.yml)',
      process.env.STRATA_PROJECT_DIR ?? '.',
    )
    .option(
      '--profiles-dir <dir>',
      'folder holding profiles.yml (default: $STRATA_PROFILES_DIR, $DBT_PROFILES_DIR, the project, ~/.strata, ~/.dbt)',
    )
    .option('-t, --target <name>', "target in the profile (default: the profile's target)")
    .option('--vars <yaml>', "variables as YAML, e.g. '{start_date: 2026-01-01}'")
    .option(
      '--target-path <dir>',
      'folder for artifacts and compiled and run SQL (default: target-path in project.yml, else target)',
    );
}

export function withSelectionOptions(command: Command): Command {
  return command
    .option('-s, --select <selector...>', 'nodes to include (dbt selection syntax)')
    .option('--exclude <selector...>', 'nodes to leave out')
    .option('--selector <name>', 'a named selector of selectors.yml')
    .option(
      '--state <dir>',
      'folder of a previous run (manifest.json, run_results.json, sources.json) for state:, result:',
    );
}

/** `--defer` and its companions (run, build, test, compile, show), as dbt's. */
export function withDeferOptions(command: Command): Command {
  return (
    command
      .option('--defer', 'read refs to unselected nodes not built in this target from the --state manifest')
      .option('--defer-state <dir>', 'folder of the manifest.json to defer to, when it differs from --state')
      .option('--favor-state', 'with --defer, read unselected nodes from the state even where this target has them')
      // to switch off what DBT_DEFER / DBT_FAVOR_STATE switched on
      .option('--no-defer', 'do not defer, whatever the environment says')
      .option('--no-favor-state', 'do not favor the state, whatever the environment says')
  );
}

export function withThreadsOption(command: Command): Command {
  return command.addOption(new Option('--threads <n>', 'number of concurrent workers (default: from the target)'));
}

/** CLI flags -> session options, validating what commander cannot. */
export function sessionOptions(options: ProjectOptions): SessionOptions {
  const session: SessionOptions = {
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    targetPath: options.targetPath,
  };
  if (options.vars !== undefined) session.vars = parseVars(options.vars);
  if (options.threads !== undefined)
    session.threads = parseWholeNumber(options.threads, '--threads', 1, 'For example: --threads 4');
  return session;
}

function parseVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').replace(/:\s*$/, '');
    throw new StrataError(`--vars is not valid YAML: ${reason}`, {
      hint: "Write it as a YAML map in quotes, e.g. --vars '{key: value, days: [1, 2]}'",
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StrataError('--vars must be a YAML map', { hint: "For example: --vars '{start_date: 2026-01-01}'" });
  }
  return value as Record<string, unknown>;
}
