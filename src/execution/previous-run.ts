import { join } from 'node:path';
import { readArtifactJson } from '../artifacts/read-artifact-json.js';
import { StrataError } from '../errors/strata-error.js';
import type { TaskKind } from './run-task.js';
import { previousBatches } from '../microbatch/previous-batches.js';
import type { MicrobatchRequest } from '../microbatch/microbatch-request.js';

/** The statuses `strata retry` runs again, as dbt's retry: failures, errors and skips. */
const RETRYABLE = new Set(['error', 'fail', 'skipped', 'runtime error', 'partial success']);

const RETRYABLE_COMMANDS: readonly TaskKind[] = ['run', 'test', 'seed', 'build'];

/** The invocation a run_results.json records, as `strata retry` repeats it. */
export interface PreviousRun {
  /** the command, from `args.which` */
  kind: TaskKind;
  /** the command's arguments as written (select, exclude, target, full_refresh, threads...) */
  args: Record<string, unknown>;
  /** nodes that failed, errored or were skipped */
  retry: Set<string>;
  /** what microbatch models of the run ask of the retry (its clock, window, and batches) */
  microbatch: MicrobatchRequest;
}

/**
 * Reads `<folder>/run_results.json`: the command it ran and the nodes that did not succeed.
 *
 * @throws StrataError when there is no such file, it is not a run_results.json, or its
 *   command is not one `strata retry` repeats.
 */
export function readPreviousRun(folder: string): PreviousRun {
  const path = join(folder, 'run_results.json');
  const hint = 'Run `strata build` (or run, test, seed) first; retry repeats what did not succeed in it.';
  const json = readArtifactJson(path, `Could not find a previous run: no run_results.json in ${folder}`, hint);
  const { args, results } = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (!isRecord(args) || !Array.isArray(results)) {
    throw new StrataError(`${path} is not a run_results.json: it has no "args" and "results"`, {
      location: { file: path },
      hint,
    });
  }
  const kind = RETRYABLE_COMMANDS.find((command) => command === args.which);
  if (kind === undefined) {
    throw new StrataError(`The previous command (${String(args.which)}) is not one strata retry repeats`, {
      location: { file: path },
      hint: `strata retry repeats ${RETRYABLE_COMMANDS.join(', ')}.`,
    });
  }
  const retry = new Set<string>();
  for (const result of results) {
    if (isRecord(result) && RETRYABLE.has(String(result.status))) retry.add(String(result.unique_id));
  }
  return { kind, args, retry, microbatch: previousBatches(json as Record<string, unknown>) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
