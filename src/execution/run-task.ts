import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Connection } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import { createAdapter } from '../adapters/registry.js';
import { junitXml } from '../artifacts/junit.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { runResultsToJson, type NodeResult } from '../artifacts/run-results-json.js';
import { ensureTargetFolder, writeFileAtomic, writeManifest, writeRunResults } from '../artifacts/write-artifacts.js';
import { STRATA_VERSION } from '../cli/version.js';
import { Compiler } from '../compile/compiler.js';
import { StrataError } from '../errors/strata-error.js';
import { failureText } from '../errors/user-error.js';
import type { ModelNode, SeedNode, TestNode } from '../manifest/types.js';
import { COMMAND_RESOURCES, planExecution } from './execution-plan.js';
import { describeNode, describeResult } from './describe-node.js';
import { RelationCache } from './relation-cache.js';
import type { Reporter } from './reporter.js';
import type { NodeExecution, RunContext } from './run-context.js';
import { runModel } from './run-model.js';
import { runSeed } from './run-seed.js';
import { runDataTest } from './run-test.js';
import { runSchedule } from './scheduler.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';
import { printSummary } from './summary.js';

export type TaskKind = 'run' | 'test' | 'seed' | 'build';

export interface TaskOptions extends SelectionRequest {
  kind: TaskKind;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  /** write test results as JUnit XML to this path */
  junit?: string;
  /** Ctrl-C: stop launching work and cancel what runs */
  signal?: AbortSignal;
}

export interface TaskOutcome {
  results: NodeResult[];
  interrupted: boolean;
}

type ExecutableNode = ModelNode | SeedNode | TestNode;

/**
 * run / test / seed / build: select, plan, execute on `threads` workers with one
 * connection each, report dbt-style, and write manifest.json and run_results.json.
 */
export async function runTask(session: Session, options: TaskOptions, reporter: Reporter): Promise<TaskOutcome> {
  const started = Date.now();
  const { manifest } = session.parsed;
  const selected = selectForCommand(session, options, COMMAND_RESOURCES[options.kind], reporter);
  const plan = planExecution(manifest, session.graph, selected, options.kind === 'build');
  const nodes = plan.order.map((id) => manifest.nodes.get(id) as ExecutableNode);
  reporter.info(`Running with strata=${STRATA_VERSION}`);
  reporter.info(foundSummary(session));
  for (const warning of session.parsed.warnings) reporter.warning(warning);
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  if (nodes.length === 0) {
    reporter.warning('Nothing to do. Try checking your model configs and the --select/--exclude arguments.');
    return { results: [], interrupted: false };
  }

  await ensureTargetFolder(targetDir);
  const adapter = await createAdapter(session.target, session.project.rootDir);
  const connections: Array<Connection | undefined> = [];
  const threads = Math.min(session.target.threads, nodes.length);
  const results = new Map<string, NodeResult>();
  // like dbt, a node's number is its place in the order nodes start (or are skipped)
  const index = new Map<string, number>();
  const number = (id: string) => {
    if (!index.has(id)) index.set(id, index.size + 1);
    return index.get(id)!;
  };
  const total = plan.order.length;
  const ctx: RunContext = {
    session,
    adapter,
    compiler: new Compiler(session.parsed),
    relations: new RelationCache(),
    targetDir,
    fullRefresh: options.fullRefresh === true,
    storeFailures: options.storeFailures === true,
  };
  const onAbort = () => {
    reporter.colored('yellow', 'Cancelling: stopping running queries...');
    for (const connection of connections) void connection?.cancel().catch(() => undefined);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    reporter.info(`Concurrency: ${threads} threads (target='${session.target.name}')`);
    reporter.blank();
    const first = (connections[0] = await adapter.connect());
    await prepareSchemas(ctx, first, nodes);

    await runSchedule({
      threads,
      order: plan.order,
      prerequisites: plan.prerequisites,
      failFast: options.failFast,
      signal: options.signal,
      execute: async (id, thread) => {
        const connection = (connections[thread] ??= await adapter.connect());
        const node = manifest.nodes.get(id) as ExecutableNode;
        reporter.start(number(id), total, describeNode(node));
        const result = await executeNode(ctx, node, connection, thread);
        results.set(id, result);
        const status = result.status === 'success' ? 'ok' : result.status;
        reporter.result(
          number(id),
          total,
          status === 'skipped' ? 'skip' : status,
          describeResult(node, result.status, result.failures),
          lineDetail(result),
          result.executionTime,
        );
        return result.status === 'error' || result.status === 'fail' ? 'failure' : 'success';
      },
      skip: (id, cause) => {
        const node = manifest.nodes.get(id) as ExecutableNode;
        const reason = cause
          ? `upstream ${manifest.nodes.get(cause)?.name ?? cause} did not succeed`
          : 'the run was stopped';
        results.set(id, {
          uniqueId: id,
          status: 'skipped',
          timings: [],
          threadId: 'main',
          executionTime: 0,
          message: `Skipped: ${reason}`,
        });
        reporter.result(
          number(id),
          total,
          'skip',
          `SKIP ${node.resourceType === 'test' ? `test ${node.name}` : `relation ${describeNode(node).split(' ').pop()}`}`,
          'SKIP',
        );
      },
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(connections.map((connection) => connection?.close().catch(() => undefined)));
    await adapter.close();
  }

  const ordered = plan.order.map((id) => results.get(id)!).filter(Boolean);
  const elapsedSeconds = (Date.now() - started) / 1000;
  // the summary first: results already earned are shown even when the disk refuses the artifacts
  printSummary(reporter, manifest, ordered, elapsedSeconds, options.signal?.aborted === true);
  await writeArtifacts(ctx, ordered, options, elapsedSeconds);
  return { results: ordered, interrupted: options.signal?.aborted === true };
}

async function executeNode(
  ctx: RunContext,
  node: ExecutableNode,
  connection: Connection,
  thread: number,
): Promise<NodeResult> {
  const startedAt = new Date();
  let execution: NodeExecution;
  try {
    if (node.resourceType === 'model') execution = await runModel(ctx, node, connection);
    else if (node.resourceType === 'seed') execution = await runSeed(ctx, node, connection);
    else execution = await runDataTest(ctx, node, connection);
  } catch (error) {
    execution = { status: 'error', adapterMessage: 'ERROR', message: failureText(error) };
  }
  const completedAt = new Date();
  const compileDone = execution.compileCompletedAt ?? startedAt;
  return {
    uniqueId: node.uniqueId,
    status: execution.status,
    timings: [
      { name: 'compile', startedAt: execution.compileStartedAt ?? startedAt, completedAt: compileDone },
      { name: 'execute', startedAt: compileDone, completedAt },
    ],
    threadId: `Thread-${thread + 1}`,
    executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
    message: execution.message ?? execution.adapterMessage,
    failures: execution.failures,
    rowsAffected: execution.rowsAffected,
    compiledSql: execution.compiledSql,
    relationName: execution.relationName,
    adapterMessage: execution.adapterMessage,
  };
}

function lineDetail(result: NodeResult): string {
  if (result.status === 'error') return 'ERROR';
  return result.adapterMessage ?? 'OK';
}

/** Create the schemas nodes write into, then read what already exists in them. */
async function prepareSchemas(ctx: RunContext, connection: Connection, nodes: ExecutableNode[]): Promise<void> {
  const schemas = new Map<string, { schema: string; database?: string }>();
  for (const node of nodes) {
    if (node.resourceType === 'test') continue;
    schemas.set(`${node.relation.database ?? ''}.${node.relation.schema}`, {
      schema: node.relation.schema,
      database: node.relation.database,
    });
  }
  for (const { schema, database } of schemas.values()) {
    try {
      await connection.execute(ctx.session.dialect.createSchema(schema, database));
    } catch (error) {
      throw schemaError(ctx, database === undefined ? schema : `${database}.${schema}`, error);
    }
  }
  await ctx.relations.load(connection, schemas.values());
}

/** A schema that could not be created: the warehouse's answer, with the target it came from. */
function schemaError(ctx: RunContext, schema: string, error: unknown): unknown {
  if (!(error instanceof DatabaseError)) return error;
  return new StrataError(
    `Cannot create schema ${schema} on target '${ctx.session.target.name}' (${error.adapter}): ${error.message}`,
    {
      cause: error,
    },
  );
}

async function writeArtifacts(
  ctx: RunContext,
  results: NodeResult[],
  options: TaskOptions,
  elapsedSeconds: number,
): Promise<void> {
  const { session } = ctx;
  const invocationId = randomUUID();
  const generatedAt = new Date();
  const compiled = new Map(results.filter((r) => r.compiledSql !== undefined).map((r) => [r.uniqueId, r.compiledSql!]));
  await writeManifest(
    ctx.targetDir,
    manifestToJson(session.parsed.manifest, {
      strataVersion: STRATA_VERSION,
      generatedAt,
      invocationId,
      adapterType: session.target.type,
      compiled,
    }),
  );
  await writeRunResults(
    ctx.targetDir,
    runResultsToJson(results, {
      strataVersion: STRATA_VERSION,
      generatedAt,
      invocationId,
      elapsedSeconds,
      args: {
        which: options.kind,
        select: options.select ?? [],
        exclude: options.exclude ?? [],
        target: session.target.name,
        full_refresh: ctx.fullRefresh,
        threads: session.target.threads,
      },
    }),
  );
  if (options.junit) {
    const tests = results.filter((r) => session.parsed.manifest.nodes.get(r.uniqueId)?.resourceType === 'test');
    await writeFileAtomic(resolve(options.junit), junitXml(tests, session.parsed.manifest));
  }
}

function foundSummary(session: Session): string {
  const counts = { model: 0, seed: 0, test: 0 };
  for (const node of session.parsed.manifest.nodes.values()) counts[node.resourceType]++;
  const sources = session.parsed.manifest.sources.size;
  const macros = session.parsed.manifest.macros.size;
  return `Found ${counts.model} models, ${counts.seed} seeds, ${counts.test} data tests, ${sources} sources, ${macros} macros`;
}
