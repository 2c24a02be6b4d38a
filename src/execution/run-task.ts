import { resolve } from 'node:path';
import { createAdapter } from '../adapters/registry.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { STRATA_VERSION } from '../artifacts/strata-version.js';
import { ensureTargetFolder } from '../artifacts/write-artifacts.js';
import { StrataError } from '../errors/strata-error.js';
import { Compiler } from '../compile/compiler.js';
import { loadDeferredSchemas, relationReads, stateRelations, type ReadFlags } from './defer-setup.js';
import { grantsNote } from '../grants/grants-note.js';
import { runProjectHooks } from '../hooks/run-hooks.js';
import { COMMAND_RESOURCES, planExecution } from './execution-plan.js';
import { foundSummary } from './found-summary.js';
import { prepareSchemas } from './prepare-schemas.js';
import { RelationCache } from './relation-cache.js';
import type { Reporter } from './reporter.js';
import type { RunContext } from './run-context.js';
import { runNode, skippedResult } from './run-node.js';
import { RunProgress } from './run-progress.js';
import type { ProjectNode } from '../manifest/types.js';
import { isRunnable, type ExecutableNode, type NodeRunner } from './runners/node-runner.js';
import { cloneRunner } from './runners/clone-runner.js';
import { runnerFor } from './runners/runner-registry.js';
import { runSchedule } from './scheduler.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';
import { printSummary } from './summary.js';
import { WorkerConnections } from './worker-connections.js';
import { writeRunArtifacts } from './write-run-artifacts.js';
import { NO_WAREHOUSE, unitTestTarget } from '../unit-tests/unit-test-target.js';

export type TaskKind = 'run' | 'test' | 'seed' | 'snapshot' | 'build' | 'clone';

export interface TaskOptions extends SelectionRequest, ReadFlags {
  kind: TaskKind;
  fullRefresh?: boolean;
  failFast?: boolean;
  storeFailures?: boolean;
  /** where unit tests run: `duckdb` (in memory, the default) or a target of the profile */
  unitTarget?: string;
  /** write test results as JUnit XML to this path */
  junit?: string;
  /** Ctrl-C: stop launching work and cancel what runs */
  signal?: AbortSignal;
  /** `--vars` as given, recorded in run_results.json's args for `strata retry` */
  vars?: Record<string, unknown>;
}

export interface TaskOutcome {
  results: NodeResult[];
  interrupted: boolean;
}

/**
 * run / test / seed / build: select, plan, execute each node with its type's runner on
 * `threads` workers with one connection each, report dbt-style, and write manifest.json
 * and run_results.json.
 */
export async function runTask(session: Session, options: TaskOptions, reporter: Reporter): Promise<TaskOutcome> {
  const started = Date.now();
  const { manifest } = session.parsed;
  const selected = selectForCommand(session, options, COMMAND_RESOURCES[options.kind], reporter);
  const topological = planExecution(manifest, session.graph, selected, options.kind === 'build');
  // clones read the state, not each other: none waits for another, as in dbt
  const plan = options.kind === 'clone' ? { ...topological, prerequisites: new Map<string, string[]>() } : topological;
  // every node's runner is found before anything runs, so a type without one stops nothing halfway
  const runnerOf = options.kind === 'clone' ? cloneRunnerOf(session, options) : runnerFor;
  const units = new Map(plan.order.map((id) => [id, planned(manifest.nodes.get(id)!, runnerOf)]));
  const relations = new RelationCache();
  const reads = relationReads(manifest, options, selected, relations);
  reporter.info(`Running with strata=${STRATA_VERSION}`);
  reporter.info(foundSummary(manifest));
  for (const warning of session.parsed.warnings) reporter.warning(warning);
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  if (units.size === 0) {
    reporter.warning('Nothing to do. Try checking your model configs and the --select/--exclude arguments.');
    return { results: [], interrupted: false };
  }

  const unitTarget = unitTestTarget(options.unitTarget, {
    target: session.target,
    projectRoot: session.project.rootDir,
    profileName: session.project.profile,
    profileTarget: session.profileTarget,
  });
  session.parsed.context.invocation.setCommand(options.kind, options);
  await ensureTargetFolder(targetDir);
  const adapter = await createAdapter(session.target, session.project.rootDir);
  const connections = new WorkerConnections(adapter);
  const threads = Math.min(session.target.threads, units.size);
  const results = new Map<string, NodeResult>();
  const hookResults: { start: NodeResult[]; end: NodeResult[] } = { start: [], end: [] };
  const progress = new RunProgress(reporter, units.size);
  const ctx: RunContext = {
    session,
    adapter,
    compiler: new Compiler(session.parsed, reads),
    relations,
    targetDir,
    fullRefresh: options.fullRefresh === true,
    storeFailures: options.storeFailures === true,
    unitTarget,
  };
  const onAbort = () => {
    reporter.colored('yellow', 'Cancelling: stopping running queries...');
    connections.cancelAll();
    unitTarget.cancel();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    reporter.info(`Concurrency: ${threads} threads (target='${session.target.name}')`);
    const note = grantsNote(
      session.dialect,
      [...units.values()].map(({ node }) => node),
    );
    if (note) reporter.info(note);
    reporter.blank();
    const written = [...units.values()].flatMap(({ runner, node }) => runner.relationOf(node) ?? []);
    // a run of offline unit tests alone never connects to the warehouse
    if (written.length > 0) await prepareSchemas(ctx, await connections.forThread(0), written);
    if (reads.deferral) await loadDeferredSchemas(manifest, reads, relations, await connections.forThread(0));
    // project hooks need the warehouse; a run without them (offline unit tests) may never connect
    const runHooks = (manifest.operations?.size ?? 0) > 0;
    if (runHooks) {
      hookResults.start = await runProjectHooks(ctx, 'on-run-start', await connections.forThread(0), reporter);
    }

    await runSchedule({
      threads,
      order: plan.order,
      prerequisites: plan.prerequisites,
      failFast: options.failFast,
      signal: options.signal,
      execute: async (id, thread) => {
        const { runner, node } = units.get(id)!;
        const apart = node.resourceType === 'unit_test' && unitTarget.ownConnections;
        const connection = apart ? NO_WAREHOUSE : await connections.forThread(thread);
        progress.started(runner, node);
        const result = await runNode(runner, ctx, node, connection, thread);
        results.set(id, result);
        progress.finished(runner, node, result);
        return result.status === 'error' || result.status === 'fail' ? 'failure' : 'success';
      },
      skip: (id, cause) => {
        const { runner, node } = units.get(id)!;
        const reason = cause
          ? `upstream ${manifest.nodes.get(cause)?.name ?? cause} did not succeed`
          : 'the run was stopped';
        results.set(id, skippedResult(id, reason));
        progress.skipped(runner, node);
      },
    });
    if (runHooks && !options.signal?.aborted) {
      const ran = plan.order.flatMap((id) => results.get(id) ?? []);
      const built = ran.flatMap((result) => {
        const { runner, node } = units.get(result.uniqueId)!;
        return result.status === 'skipped' ? [] : (runner.relationOf(node) ?? []);
      });
      const connection = await connections.forThread(0);
      hookResults.end = await runProjectHooks(ctx, 'on-run-end', connection, reporter, { results: ran, built });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await connections.closeAll();
    await ctx.unitTarget.close();
    await adapter.close();
  }

  const ordered = [
    ...hookResults.start,
    ...plan.order.map((id) => results.get(id)!).filter(Boolean),
    ...hookResults.end,
  ];
  const elapsedSeconds = (Date.now() - started) / 1000;
  // the summary first: results already earned are shown even when the disk refuses the artifacts
  printSummary(reporter, manifest, ordered, elapsedSeconds, options.signal?.aborted === true);
  await writeRunArtifacts(ctx, ordered, options, elapsedSeconds);
  return { results: ordered, interrupted: options.signal?.aborted === true };
}

/** A node of the plan with the runner of its type. */
interface PlannedNode {
  node: ExecutableNode;
  runner: NodeRunner;
}

function planned(node: ProjectNode, runnerOf: (node: ExecutableNode) => NodeRunner): PlannedNode {
  // the plan holds only the command's resource types, none of which is an analysis
  if (!isRunnable(node)) throw new Error(`${node.uniqueId} is compiled only and cannot be planned to run`);
  return { node, runner: runnerOf(node) };
}

/** `clone` runs every node with the clone runner, reading the state manifest's relations. */
function cloneRunnerOf(session: Session, options: TaskOptions): () => NodeRunner {
  if (options.state === undefined) {
    throw new StrataError('strata clone needs --state DIR: the folder of the manifest whose relations it clones', {
      hint: 'For example: strata clone --state prod-artifacts',
    });
  }
  const runner = cloneRunner(stateRelations(session.parsed.manifest, options.state)) as NodeRunner;
  return () => runner;
}
