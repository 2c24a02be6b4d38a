import { withStateEnv } from '../state-env.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readPreviousRun, type PreviousRun } from '../../execution/previous-run.js';
import { Reporter } from '../../execution/reporter.js';
import { loadProjectAndTarget, loadSession, type SessionOptions } from '../../execution/session.js';
import { sessionOptions, withProjectOptions, withThreadsOption, type ProjectOptions } from '../common-options.js';
import { EXIT_SUCCESS } from '../exit-codes.js';
import { runTaskCommand } from './build-commands.js';

interface RetryFlags extends ProjectOptions {
  state?: string;
}

/**
 * `strata retry`, dbt's: repeats the command of the last run_results.json (its selection,
 * target, vars and flags) on the nodes that failed, errored or were skipped in it.
 */
export function registerRetryCommand(program: Command, setExitCode: (code: number) => void): void {
  withThreadsOption(
    withProjectOptions(
      program
        .command('retry')
        .description('run again the nodes that failed, errored or were skipped in the last run_results.json'),
    ),
  )
    .option('--state <dir>', 'folder of the run_results.json to retry (default: the target path)')
    .action(async (flags: RetryFlags) => {
      setExitCode(await retry(withStateEnv(flags)));
    });
}

async function retry(flags: RetryFlags): Promise<number> {
  const options = sessionOptions(flags);
  const folder =
    flags.state !== undefined
      ? resolve(flags.state)
      : (() => {
          const { project } = loadProjectAndTarget(options);
          return resolve(project.rootDir, project.targetPath);
        })();
  const previous = readPreviousRun(folder);
  if (previous.retry.size === 0) {
    new Reporter().info(`Nothing to retry: every node of the previous \`strata ${previous.kind}\` succeeded.`);
    return EXIT_SUCCESS;
  }
  const session = loadSession(withPrevious(options, previous));
  const { args } = previous;
  const count = previous.retry.size;
  new Reporter().info(
    `Retrying \`strata ${previous.kind}\` on ${count} node${count === 1 ? '' : 's'} that did not succeed`,
  );
  return runTaskCommand(session, {
    kind: previous.kind,
    select: strings(args.select),
    exclude: strings(args.exclude),
    selector: typeof args.selector === 'string' ? args.selector : undefined,
    uniqueIds: previous.retry,
    fullRefresh: args.full_refresh === true,
    failFast: args.fail_fast === true,
    storeFailures: args.store_failures === true,
    vars: options.vars ?? record(args.vars),
    microbatch: previous.microbatch,
  });
}

/** As dbt's retry: the previous target and vars, unless given again; --threads may change. */
function withPrevious(options: SessionOptions, { args }: PreviousRun): SessionOptions {
  const threads = typeof args.threads === 'number' ? args.threads : undefined;
  return {
    ...options,
    target: options.target ?? (typeof args.target === 'string' ? args.target : undefined),
    vars: options.vars ?? record(args.vars),
    threads: options.threads ?? threads,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
