import { resolve } from 'node:path';
import type { Adapter } from '../adapters/contract.js';
import { createAdapter } from '../adapters/registry.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { STRATA_VERSION } from '../artifacts/strata-version.js';
import { ensureTargetFolder } from '../artifacts/write-artifacts.js';
import { Compiler } from '../compile/compiler.js';
import { grantsNote } from '../grants/grants-note.js';
import { runProjectHooks } from '../hooks/run-hooks.js';
import { unitTestTarget } from '../unit-tests/unit-test-target.js';
import { loadDeferredSchemas, relationReads, type ReadFlags } from './defer-setup.js';
import { COMMAND_RESOURCES } from './execution-plan.js';
import { foundSummary } from './found-summary.js';
import { prepareSchemas } from './prepare-schemas.js';
import { RelationCache } from './relation-cache.js';
import type { Reporter } from './reporter.js';
import type { RunContext } from './run-context.js';
import { RunProgress } from './run-progress.js';
import { runUnits } from './run-units.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';
import type { MicrobatchRequest } from '../microbatch/microbatch-request.js';
import { printSummary } from './summary.js';
import { hasProjectHooks, runEndHooks } from './task-hooks.js';
import { planTaskUnits } from './task-units.js';
import { WorkerConnections } from './worker-connections.js';
import { writeRunArtifacts } from './write-run-artifacts.js';

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
  /** microbatch models: `--event-time-start/-end`; on retry the batches to run again */
  microbatch?: MicrobatchRequest;
  /** `--vars` as given, recorded in run_results.json's args for `strata retry` */
  vars?: Record<string, unknown>;
  /** an adapter the caller keeps open across runs (`--watch`): used, and left open */
  adapter?: Adapter;
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
  // dbt's build schedules its selected exposures too, in graph order, as no-ops
  const resources =
    options.kind === 'build' ? [...COMMAND_RESOURCES.build, 'exposure' as const] : COMMAND_RESOURCES[options.kind];
  const selected = selectForCommand(session, options, resources, reporter);
  const planned = planTaskUnits(session, selected, options.kind, options.state);
  const { plan, units } = planned;
  const relations = new RelationCache();
  const reads = relationReads(manifest, options, selected, relations, session.target);
  reporter.info(`Running with strata=${STRATA_VERSION}`);
  reporter.info(foundSummary(manifest));
  for (const warning of session.parsed.warnings) reporter.warning(warning);
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  if (plan.order.length === 0) {
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
  const adapter = options.adapter ?? (await createAdapter(session.target, session.project.rootDir));
  const threads = Math.min(session.target.threads, plan.order.length);
  const connections = new WorkerConnections(adapter, threads);
  let results = new Map<string, NodeResult>();
  const hookResults: { start: NodeResult[]; end: NodeResult[] } = { start: [], end: [] };
  const ctx: RunContext = {
    session,
    adapter,
    compiler: new Compiler(session.parsed, reads),
    relations,
    targetDir,
    fullRefresh: options.fullRefresh === true,
    storeFailures: options.storeFailures === true,
    unitTarget,
    microbatch: options.microbatch,
    idleConnections: connections,
    reporter,
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
    const runHooks = hasProjectHooks(manifest);
    if (runHooks) {
      hookResults.start = await runProjectHooks(ctx, 'on-run-start', await connections.forThread(0), reporter);
    }
    const progress = new RunProgress(reporter, plan.order.length);
    const { failFast, signal } = options;
    results = await runUnits({ ctx, plan, units, connections, progress, threads, failFast, signal });
    if (runHooks && !options.signal?.aborted) {
      hookResults.end = await runEndHooks(ctx, planned, results, await connections.forThread(0), reporter);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await connections.closeAll();
    await ctx.unitTarget.close();
    if (!options.adapter) await adapter.close();
  }

  const ordered = [
    ...hookResults.start,
    ...plan.order.map((id) => results.get(id)!).filter(Boolean),
    ...hookResults.end,
  ];
  const elapsedSeconds = (Date.now() - started) / 1000;
  // the summary first: results already earned are shown even when the disk refuses the artifacts
  const paths = { targetDir, rootDir: session.project.rootDir };
  printSummary(reporter, manifest, ordered, elapsedSeconds, options.signal?.aborted === true, paths);
  await writeRunArtifacts(ctx, ordered, options, elapsedSeconds);
  return { results: ordered, interrupted: options.signal?.aborted === true };
}
