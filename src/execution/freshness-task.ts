import { dirname, resolve } from 'node:path';
import { createAdapter } from '../adapters/registry.js';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import { sourcesToJson } from '../artifacts/sources-json.js';
import { STRATA_VERSION } from '../artifacts/strata-version.js';
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { ensureTargetFolder, writeJsonAtomic, writeManifest } from '../artifacts/write-artifacts.js';
import { renderSource } from '../compile/compile-scope.js';
import { checksFreshness, freshnessMethod } from '../freshness/freshness-criteria.js';
import { reportFinished, reportFreshnessSummary, reportStarted } from '../freshness/freshness-report.js';
import { freshnessSql, metadataFreshnessSql, METADATA_NOT_SUPPORTED } from '../freshness/freshness-sql.js';
import { renderLoadedAtQuery } from '../freshness/loaded-at-query.js';
import { measureFreshness, type FreshnessResult } from '../freshness/measure-freshness.js';
import type { SourceNode } from '../manifest/types.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { runProjectHooks } from '../hooks/run-hooks.js';
import { foundSummary } from './found-summary.js';
import type { Reporter } from './reporter.js';
import { runSchedule } from './scheduler.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';
import { hasProjectHooks } from './task-hooks.js';
import { WorkerConnections } from './worker-connections.js';

/** `strata source freshness` options. */
export interface FreshnessOptions extends SelectionRequest {
  /** where sources.json goes; default `<target-path>/sources.json` */
  output?: string;
  /** Ctrl-C: stop launching checks and cancel what runs */
  signal?: AbortSignal;
}

/** What `strata source freshness` measured, and the project hooks it ran around the checks. */
export interface FreshnessOutcome {
  results: FreshnessResult[];
  hooks: NodeResult[];
}

/**
 * Whether the command fails (exit 1), as dbt decides: a source stale past `error_after`, a check
 * that could not run, or a failed on-run-start / on-run-end hook. A warning alone passes.
 */
export function freshnessFailed(outcome: FreshnessOutcome): boolean {
  return (
    outcome.results.some((r) => r.status === 'error' || r.status === 'runtime error') ||
    outcome.hooks.some((hook) => hook.status === 'error')
  );
}

/**
 * `strata source freshness`: for each selected source table with thresholds and a
 * `loaded_at_field` (or `loaded_at_query`), one query for its newest loaded-at time and
 * the warehouse's clock, rated pass / warn / error (stale); results go to sources.json.
 * As in dbt, the project's on-run-start hooks run before the checks and on-run-end after.
 */
export async function runFreshnessTask(
  session: Session,
  options: FreshnessOptions,
  reporter: Reporter,
): Promise<FreshnessOutcome> {
  const startedAt = new Date();
  const { manifest } = session.parsed;
  const selected = selectForCommand(session, options, ['source'], reporter);
  const sources = [...selected]
    .sort()
    .map((id) => manifest.sources.get(id))
    .filter((source): source is SourceNode => source !== undefined);
  reporter.info(`Running with strata=${STRATA_VERSION}`);
  reporter.info(foundSummary(manifest));
  for (const warning of session.parsed.warnings) reporter.warning(warning);
  const checked = new Map(sources.filter(checksFreshness).map((source) => [source.uniqueId, source]));
  for (const source of checked.values()) {
    if (freshnessMethod(source) === 'metadata' && !metadataFreshnessSql(session.dialect, source)) {
      reporter.warning(
        `${source.origin.file}:${source.origin.line}: ${METADATA_NOT_SUPPORTED} ` +
          `A loaded_at_field must be specified for source '${source.sourceName}.${source.tableName}'.`,
      );
    }
  }
  if (checked.size === 0) {
    reporter.warning('Nothing to do. Try checking your source freshness configs and the --select/--exclude arguments.');
    return { results: [], hooks: [] };
  }

  const adapter = await createAdapter(session.target, session.project.rootDir);
  const threads = Math.min(session.target.threads, checked.size);
  const connections = new WorkerConnections(adapter, threads);
  const order = [...checked.keys()];
  const results = new Map<string, FreshnessResult>();
  const hookResults: NodeResult[] = [];
  const onAbort = () => connections.cancelAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    reporter.info(`Concurrency: ${threads} threads (target='${session.target.name}')`);
    reporter.blank();
    const runHooks = hasProjectHooks(manifest);
    if (runHooks) {
      hookResults.push(
        ...(await runProjectHooks({ session }, 'on-run-start', await connections.forThread(0), reporter)),
      );
    }
    await runSchedule({
      threads,
      order,
      prerequisites: new Map(),
      signal: options.signal,
      execute: async (id, thread) => {
        const source = checked.get(id)!;
        const index = order.indexOf(id) + 1;
        reportStarted(reporter, index, order.length, source);
        const from = String(renderSource(source, session.parsed.context));
        const { loadedAtQuery } = source;
        const sql = () =>
          freshnessMethod(source) === 'metadata'
            ? metadataSql(session, source)
            : freshnessSql(
                session.dialect,
                source,
                from,
                loadedAtQuery === undefined ? undefined : renderLoadedAtQuery(session.parsed, source, loadedAtQuery),
              );
        const result = await measureFreshness(await connections.forThread(thread), sql, {
          uniqueId: id,
          relation: from,
          criteria: source.freshness!,
          threadId: `Thread-${thread + 1}`,
          reading: freshnessMethod(source) === 'metadata' ? 'metadata' : 'query',
        });
        results.set(id, result);
        reportFinished(reporter, index, order.length, source, result);
        return 'success';
      },
      skip: () => undefined,
    });
    if (runHooks && !options.signal?.aborted) {
      hookResults.push(...(await runProjectHooks({ session }, 'on-run-end', await connections.forThread(0), reporter)));
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await connections.closeAll();
    await adapter.close();
  }

  const ordered = order.flatMap((id) => results.get(id) ?? []);
  const elapsedSeconds = (Date.now() - startedAt.getTime()) / 1000;
  reportFreshnessSummary(reporter, checked, ordered, elapsedSeconds, hookResults, manifest.operations);
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  const path = options.output ? resolve(options.output) : resolve(targetDir, 'sources.json');
  const invocation = newInvocation();
  await ensureTargetFolder(dirname(path));
  await writeJsonAtomic(path, sourcesToJson(ordered, { ...invocation, startedAt, elapsedSeconds }));
  // as dbt, the manifest beside it: the folder can then serve as --state for source_status:
  await ensureTargetFolder(targetDir);
  await writeManifest(
    targetDir,
    manifestToJson(manifest, {
      ...invocation,
      ...targetNaming(session.target, session.dialect),
      runStartedAt: session.parsed.context.invocation.runStartedAt,
      targetPath: session.project.targetPath,
      // the hooks that ran, with their rendered SQL, as dbt records them
      compiled: new Map(
        hookResults.flatMap((hook) => (hook.compiledSql === undefined ? [] : [[hook.uniqueId, hook.compiledSql]])),
      ),
    }),
  );
  return { results: ordered, hooks: hookResults };
}

/** The metadata query of a source without a loaded-at field; an adapter that has none fails it as dbt does. */
function metadataSql(session: Session, source: SourceNode): string {
  const sql = metadataFreshnessSql(session.dialect, source);
  if (sql !== undefined) return sql;
  throw new Error(
    `Could not compute freshness for source ${source.tableName}: no 'loaded_at_field' provided and ` +
      `${session.target.type} adapter does not support metadata-based freshness checks.`,
  );
}
