import type { NodeResult } from '../artifacts/run-results-json.js';
import { compiledSqlPath } from '../artifacts/write-artifacts.js';
import { displayPath } from '../config/display-path.js';
import type { Manifest } from '../manifest/types.js';
import { describeRanKinds } from './ran-kinds.js';
import type { Reporter } from './reporter.js';
import { isRunnable } from './runners/node-runner.js';
import { runnerFor } from './runners/runner-registry.js';

/** Where the run writes: the target folder (`--target-path`) and the project folder paths are shown from. */
export interface SummaryPaths {
  targetDir: string;
  rootDir: string;
}

/**
 * The end of a run, like dbt's: what ran and how long it took, the details of every
 * failure and warning, then `Done. PASS=.. WARN=.. ERROR=.. SKIP=.. NO-OP=.. TOTAL=..`.
 */
export function printSummary(
  reporter: Reporter,
  manifest: Manifest,
  results: NodeResult[],
  elapsedSeconds: number,
  interrupted: boolean,
  paths: SummaryPaths,
): void {
  const kinds = new Map<string, number>();
  for (const result of results) {
    const node = manifest.nodes.get(result.uniqueId);
    // results are of run nodes, exposures (build's no-ops) and project hooks only
    const other = manifest.exposures?.has(result.uniqueId) ? 'exposure' : 'project hook';
    const kind = node ? (isRunnable(node) ? runnerFor(node).summaryKind(node) : undefined) : other;
    if (kind === undefined) continue;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const what = describeRanKinds(kinds);
  reporter.blank();
  reporter.info(`Finished running ${what} in ${formatElapsed(elapsedSeconds)}.`);

  const errors = results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'partial success');
  const warnings = results.filter((r) => r.status === 'warn');
  reporter.blank();
  if (interrupted) reporter.colored('yellow', 'Stopped by Ctrl-C: unfinished nodes were skipped.');
  else {
    const [color, heading] = completedHeading(results);
    reporter.colored(color, heading);
  }

  for (const result of [...errors, ...warnings]) {
    const node = manifest.nodes.get(result.uniqueId) ?? manifest.operations?.get(result.uniqueId);
    if (!node) continue;
    reporter.blank();
    const what = `${node.resourceType} ${node.name} (${node.origin.file})`;
    // dbt heads a failure `Failure in`, and a node that errored then shows its error's own heading;
    // dbt lists no partly built microbatch model, Strata shows its error alone
    const partial = result.status === 'partial success';
    const heading = result.status === 'warn' ? 'Warning in' : partial ? 'Runtime Error in' : 'Failure in';
    reporter.colored(result.status === 'warn' ? 'yellow' : 'red', `${heading} ${what}`);
    if (result.status === 'error' && node.resourceType !== 'operation') reporter.info(`  Runtime Error in ${what}`);
    for (const line of (result.message ?? '').split('\n')) reporter.info(`  ${line}`);
    if (result.compiledSql !== undefined && node.resourceType === 'test') {
      reporter.info(`  compiled code at ${displayPath(compiledSqlPath(paths.targetDir, node), paths.rootDir)}`);
    }
  }

  const count = (statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  reporter.blank();
  const passed = count(['success', 'pass']);
  const failed = count(['error', 'fail', 'partial success']);
  // dbt 1.11's stats line, NO-OP always included (build's exposures are its no-ops)
  reporter.info(
    `Done. PASS=${passed} WARN=${count(['warn'])} ERROR=${failed} SKIP=${count(['skipped'])} ` +
      `NO-OP=${count(['no-op'])} TOTAL=${results.length}`,
  );
}

/**
 * dbt 1.11's heading over the details: `Completed with 1 error, 0 partial successes, and 0 warnings:`;
 * partly built microbatch models are counted apart from errors.
 */
function completedHeading(results: NodeResult[]): ['green' | 'yellow' | 'red', string] {
  const count = (status: NodeResult['status']) => results.filter((r) => r.status === status).length;
  const errors = count('error') + count('fail');
  const partial = count('partial success');
  const partials = `${partial} partial ${partial === 1 ? 'success' : 'successes'}`;
  const warnings = plural(count('warn'), 'warning');
  if (errors > 0) return ['red', `Completed with ${plural(errors, 'error')}, ${partials}, and ${warnings}:`];
  if (partial > 0) return ['yellow', `Completed with ${partials} and ${warnings}`];
  if (count('warn') > 0) return ['yellow', `Completed with ${warnings}:`];
  return ['green', 'Completed successfully'];
}

/** `1 error`, `2 warnings` */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatElapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds - hours * 3600 - minutes * 60;
  return `${hours} hours ${minutes} minutes and ${rest.toFixed(2)} seconds (${seconds.toFixed(2)}s)`;
}
