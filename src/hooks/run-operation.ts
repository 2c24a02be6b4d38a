import { resolve } from 'node:path';
import { createAdapter } from '../adapters/registry.js';
import { runResultsToJson, type NodeResult } from '../artifacts/run-results-json.js';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import { ensureTargetFolder, writeRunResults } from '../artifacts/write-artifacts.js';
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import { failureText } from '../errors/user-error.js';
import { introspectionOn } from '../execution/introspection-queries.js';
import type { Session } from '../execution/session.js';
import type { MacroDefinition } from '../manifest/types.js';
import { renderHook } from './render-hook.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What `strata run-operation` did: its result, and the error text when the macro failed. */
export interface OperationOutcome {
  result: NodeResult;
  failure?: string;
}

/**
 * `strata run-operation <macro> --args '{...}'`: call a macro of the project or of an
 * installed package (`package.macro`) with `args` as keyword arguments, in dbt's context
 * with `execute` true (run_query, statement, log...). What the macro renders is dropped, as
 * in dbt; its `log()` lines are printed. A macro that does not exist is a project error;
 * a macro that fails is a failed operation (exit 1), kept in run_results.json.
 */
export async function runOperation(
  session: Session,
  macroName: string,
  args: Record<string, unknown>,
): Promise<OperationOutcome> {
  const macro = findMacro(session, macroName);
  const keys = Object.keys(args);
  const bad = keys.find((key) => !IDENTIFIER.test(key));
  if (bad !== undefined) {
    throw new StrataError(`--args key "${bad}" is not a macro argument name`, {
      hint: "Name the macro's arguments, e.g. --args '{table_name: orders, days: 7}'",
    });
  }
  const [, packageName, name] = macro.uniqueId.split('.') as [string, string, string];
  const callee = packageName === session.project.name ? name : `${packageName}.${name}`;
  const call = `{% do ${callee}(${keys.map((key) => `${key}=__operation_args['${key}']`).join(', ')}) %}`;

  session.parsed.context.invocation.setCommand('run-operation');
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  const adapter = await createAdapter(session.target, session.project.rootDir);
  const startedAt = new Date();
  let failure: string | undefined;
  try {
    const connection = await adapter.connect();
    try {
      const hook = { sql: call, key: macro.uniqueId, file: macro.origin.file, packageName };
      await renderHook(
        session.parsed,
        { ...hook, variables: { __operation_args: args } },
        introspectionOn(async () => connection),
      );
    } finally {
      await connection.close();
    }
  } catch (error) {
    failure = failureText(error);
  } finally {
    await adapter.close();
  }
  const completedAt = new Date();
  const result: NodeResult = {
    uniqueId: macro.uniqueId,
    status: failure === undefined ? 'success' : 'error',
    timings: [{ name: 'execute', startedAt, completedAt }],
    threadId: 'MainThread',
    executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
    failures: failure === undefined ? 0 : 1,
  };
  await ensureTargetFolder(targetDir);
  const invocation = { ...newInvocation(), invocationId: session.parsed.context.invocation.invocationId };
  const elapsedSeconds = result.executionTime ?? 0;
  const runArgs = { which: 'run-operation', macro: macroName, args, target: session.target.name };
  await writeRunResults(targetDir, runResultsToJson([result], { ...invocation, elapsedSeconds, args: runArgs }));
  return { result, failure };
}

/** The macro `name` (or `package.name`) names: the root project's first, then each package's. */
function findMacro(session: Session, written: string): MacroDefinition {
  const macros = [...session.parsed.manifest.macros.values()];
  const [packageName, name] = written.includes('.') ? written.split('.', 2) : [undefined, written];
  const root = session.project.name;
  const matches = macros
    .filter(
      (macro) =>
        macro.name === name && (packageName === undefined || macro.uniqueId === `macro.${packageName}.${name}`),
    )
    .sort((a, b) => Number(b.uniqueId.startsWith(`macro.${root}.`)) - Number(a.uniqueId.startsWith(`macro.${root}.`)));
  if (matches[0]) return matches[0];
  const suggestion = closestMatch(
    name ?? written,
    macros.map((macro) => macro.name),
  );
  throw new StrataError(`Could not find a macro named '${written}' in the project or any installed package`, {
    hint:
      (suggestion ? `Did you mean '${suggestion}'? ` : '') +
      'Macros are read from the macro paths (macros/ by default) and from packages installed by strata deps.',
  });
}
