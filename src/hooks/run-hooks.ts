import type { Connection } from '../adapters/contract.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { dbtGraph } from '../compile/dbt-node-context.js';
import { failureText } from '../errors/user-error.js';
import { introspectionOn } from '../execution/introspection-queries.js';
import type { Reporter } from '../execution/reporter.js';
import type { RunContext } from '../execution/run-context.js';
import type { OperationNode, RelationName } from '../manifest/types.js';
import { renderHook } from './render-hook.js';
import { runResultsContext } from './run-results-context.js';

/** What running a project hook needs of an invocation: its session (project, target, manifest). */
export type HookContext = Pick<RunContext, 'session'>;

/** What a run hook's Jinja sees besides dbt's context. */
export interface RunHookScope {
  /** on-run-end: the results of the nodes this invocation ran */
  results?: NodeResult[];
  /** on-run-end: the relations this invocation built, for `schemas` and `database_schemas` */
  built?: RelationName[];
}

/**
 * Run the project hooks of one type (`on-run-start` before the nodes, `on-run-end` after
 * them), each rendered just before it runs, printed as dbt prints them
 * (`1 of 1 START hook: shop.on-run-start.0`), and returned as results for run_results.json.
 * A failing hook is an `error` result (the command fails) and the hooks after it still run,
 * as in dbt; so do the nodes after a failing on-run-start.
 */
export async function runProjectHooks(
  ctx: HookContext,
  type: OperationNode['hookType'],
  connection: Connection,
  reporter: Reporter,
  scope: RunHookScope = {},
): Promise<NodeResult[]> {
  const { manifest } = ctx.session.parsed;
  const hooks = [...(manifest.operations?.values() ?? [])].filter((hook) => hook.hookType === type);
  if (hooks.length === 0) return [];
  const variables = type === 'on-run-end' ? runEndVariables(ctx, scope) : {};
  const results: NodeResult[] = [];
  // a blank line between the hooks and the nodes' lines, as dbt prints them
  if (type === 'on-run-end') reporter.blank();
  for (const [position, hook] of hooks.entries()) {
    const label = `hook: ${hookName(hook)}`;
    reporter.start(position + 1, hooks.length, label);
    const result = await runProjectHook(ctx, hook, connection, variables);
    const ok = result.status === 'success';
    reporter.result(
      position + 1,
      hooks.length,
      ok ? 'ok' : 'error',
      `${ok ? 'OK' : 'ERROR'} ${label}`,
      ok ? 'OK' : 'ERROR',
      result.executionTime,
    );
    results.push(result);
  }
  if (type === 'on-run-start') reporter.blank();
  return results;
}

/** `shop.on-run-start.0`, as dbt names a project hook in its log and messages. */
export function hookName(hook: OperationNode): string {
  return `${hook.packageName}.${hook.hookType}.${hook.index}`;
}

async function runProjectHook(
  ctx: HookContext,
  hook: OperationNode,
  connection: Connection,
  variables: Record<string, unknown>,
): Promise<NodeResult> {
  const startedAt = new Date();
  let compiledAt = startedAt;
  let sql: string | undefined;
  let failure: string | undefined;
  try {
    const render = {
      sql: hook.rawSql,
      key: hook.uniqueId,
      file: hook.origin.file,
      packageName: hook.packageName,
      variables,
    };
    sql = (
      await renderHook(
        ctx.session.parsed,
        render,
        introspectionOn(async () => connection),
      )
    ).trim();
    compiledAt = new Date();
    // a hook whose Jinja ran its statements itself (run_query) may render nothing left to run
    if (sql !== '') await connection.execute(sql);
  } catch (error) {
    failure = failureText(error);
  }
  const completedAt = new Date();
  return {
    uniqueId: hook.uniqueId,
    status: failure === undefined ? 'success' : 'error',
    timings: [
      { name: 'compile', startedAt, completedAt: compiledAt },
      { name: 'execute', startedAt: compiledAt, completedAt },
    ],
    threadId: 'main',
    executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
    message: failure === undefined ? `${hookName(hook)} passed` : `${hookName(hook)} failed, error:\n ${failure}`,
    failures: failure === undefined ? 0 : 1,
    compiledSql: sql,
  };
}

/** `results`, `schemas` and `database_schemas` of an on-run-end hook, as dbt gives them. */
function runEndVariables(ctx: HookContext, scope: RunHookScope): Record<string, unknown> {
  const { session } = ctx;
  const graph = dbtGraph(session.parsed.manifest, session.dialect, session.target) as {
    nodes: Record<string, unknown>;
  };
  const built = scope.built ?? [];
  const pairs = new Map(built.map((r) => [`${r.database ?? session.target.database ?? ''}.${r.schema}`, r]));
  return {
    results: runResultsContext(scope.results ?? [], graph.nodes),
    schemas: [...new Set(built.map((relation) => relation.schema))].sort(),
    database_schemas: [...pairs.values()].map((r) => [r.database ?? session.target.database ?? null, r.schema]),
  };
}
