import { resolve } from 'node:path';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import { isoUtc } from '../microbatch/batch-window.js';
import type { MicrobatchRequest } from '../microbatch/microbatch-request.js';
import { junitXml } from '../artifacts/junit.js';
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { runResultsToJson, type NodeResult } from '../artifacts/run-results-json.js';
import { writeFileAtomic, writeManifest, writeRunResults } from '../artifacts/write-artifacts.js';
import type { RunContext } from './run-context.js';
import type { TaskOptions } from './run-task.js';

/**
 * The artifacts of a run/test/seed/build: manifest.json, run_results.json and, with
 * `--junit`, the data tests as JUnit XML.
 */
export async function writeRunArtifacts(
  ctx: RunContext,
  results: NodeResult[],
  options: TaskOptions,
  elapsedSeconds: number,
): Promise<void> {
  const { session } = ctx;
  // the id templates saw as invocation_id
  const invocation = { ...newInvocation(), invocationId: session.parsed.context.invocation.invocationId };
  const compiled = new Map(results.filter((r) => r.compiledSql !== undefined).map((r) => [r.uniqueId, r.compiledSql!]));
  await writeManifest(
    ctx.targetDir,
    manifestToJson(session.parsed.manifest, {
      ...invocation,
      ...targetNaming(session.target, session.dialect),
      runStartedAt: session.parsed.context.invocation.runStartedAt,
      compiled,
      targetPath: session.project.targetPath,
    }),
  );
  await writeRunResults(
    ctx.targetDir,
    runResultsToJson(results, {
      ...invocation,
      elapsedSeconds,
      args: {
        which: options.kind,
        select: options.select ?? [],
        exclude: options.exclude ?? [],
        target: session.target.name,
        full_refresh: ctx.fullRefresh,
        threads: session.target.threads,
        // what `strata retry` needs to repeat the command
        selector: options.selector ?? null,
        fail_fast: options.failFast === true,
        store_failures: ctx.storeFailures,
        vars: options.vars ?? {},
        // as dbt records them, when given
        ...(options.state === undefined ? {} : { state: options.state }),
        ...(options.defer ? { defer: true, favor_state: options.favorState === true } : {}),
        ...(options.empty ? { empty: true } : {}),
        ...microbatchArgs(options.microbatch),
      },
      invocationStartedAt: options.microbatch?.now ?? session.parsed.context.invocation.runStartedAt,
    }),
  );
  if (options.junit) {
    const isTest = (type: string | undefined) => type === 'test' || type === 'unit_test';
    const tests = results.filter((r) => isTest(session.parsed.manifest.nodes.get(r.uniqueId)?.resourceType));
    await writeFileAtomic(resolve(options.junit), junitXml(tests, session.parsed.manifest));
  }
}

/** dbt's `event_time_start` / `event_time_end` args, when the command named a window. */
function microbatchArgs(request: MicrobatchRequest | undefined): Record<string, string> {
  const window = request?.window;
  return window ? { event_time_start: isoUtc(window.start), event_time_end: isoUtc(window.end) } : {};
}
