import { Command, CommanderError } from 'commander';
import { STRATA_VERSION } from '../artifacts/strata-version.js';
import { asUserError } from '../errors/user-error.js';
import { Reporter } from '../execution/reporter.js';
import { registerBuildCommands } from './commands/build-commands.js';
import { registerCleanCommand } from './commands/clean.js';
import { registerCloneCommand } from './commands/clone.js';
import { registerCompileCommand } from './commands/compile.js';
import { registerDebugCommand } from './commands/debug.js';
import { registerDepsCommand } from './commands/deps.js';
import { registerDocsCommand } from './commands/docs.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerInitCommand } from './commands/init.js';
import { registerLakeCommand } from './commands/lake.js';
import { registerLsCommand } from './commands/ls.js';
import { registerParseCommand } from './commands/parse.js';
import { registerRetryCommand } from './commands/retry.js';
import { registerRunOperationCommand } from './commands/run-operation.js';
import { registerShowCommand } from './commands/show.js';
import { registerSourceCommand } from './commands/source.js';
import { EXIT_USAGE } from './exit-codes.js';
import { maskSecretsInOutput } from './mask-secret-output.js';

/**
 * The `strata` command line. Returns the process exit code: 0 success, 1 a node
 * failed, 2 a usage or project error (printed once, without a stack trace).
 */
export async function main(argv: string[]): Promise<number> {
  maskSecretsInOutput();
  let exitCode = 0;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error);
  }
}

/** Every command and option of the CLI; a command's action reports its exit code through `setExitCode`. */
export function createProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('strata')
    .description(
      'SQL modeling with streaming ingestion: compile, run and test models on DuckDB, Athena, Redshift and Snowflake',
    )
    .version(STRATA_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerBuildCommands(program, setExitCode);
  registerCompileCommand(program, setExitCode);
  registerParseCommand(program, setExitCode);
  registerDepsCommand(program, setExitCode);
  registerLsCommand(program, setExitCode);
  registerShowCommand(program, setExitCode);
  registerSourceCommand(program, setExitCode);
  registerRetryCommand(program, setExitCode);
  registerRunOperationCommand(program, setExitCode);
  registerDocsCommand(program, setExitCode);
  registerGenerateCommand(program, setExitCode);
  registerIngestCommand(program, setExitCode);
  registerLakeCommand(program, setExitCode);
  registerCleanCommand(program, setExitCode);
  registerDebugCommand(program, setExitCode);
  registerInitCommand(program, setExitCode);
  registerCloneCommand(program, setExitCode);
  return program;
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version exit 0; commander has already printed its message
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  const userError = asUserError(error);
  if (userError) {
    new Reporter((line) => process.stderr.write(`${line}\n`), Boolean(process.stderr.isTTY)).error(userError);
    return EXIT_USAGE;
  }
  // not a user mistake: a bug worth its stack trace
  process.stderr.write(`Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_USAGE;
}
