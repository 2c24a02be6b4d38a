import type { NodeResult } from '../artifacts/run-results-json.js';
import type { OperationNode, SourceNode } from '../manifest/types.js';
import type { Reporter } from '../execution/reporter.js';
import { formatElapsed } from '../execution/summary.js';
import { describeRanKinds } from '../execution/ran-kinds.js';
import type { FreshnessResult } from './measure-freshness.js';

/** dbt's words for each outcome, on the result line and in its `[...]` box. */
const LABELS: Record<FreshnessResult['status'], { label: string; line: 'pass' | 'warn' | 'error' }> = {
  pass: { label: 'PASS', line: 'pass' },
  warn: { label: 'WARN', line: 'warn' },
  error: { label: 'ERROR STALE', line: 'error' },
  'runtime error': { label: 'ERROR', line: 'error' },
};

/** `raw.orders`, as dbt names a source table in its freshness lines. */
export function freshnessName(source: SourceNode): string {
  return `${source.sourceName}.${source.tableName}`;
}

/** `3 of 6 START freshness of raw.orders .... [RUN]` */
export function reportStarted(reporter: Reporter, index: number, total: number, source: SourceNode): void {
  reporter.start(index, total, `freshness of ${freshnessName(source)}`);
}

/** `3 of 6 WARN freshness of raw.orders .... [WARN in 0.02s]` */
export function reportFinished(
  reporter: Reporter,
  index: number,
  total: number,
  source: SourceNode,
  result: FreshnessResult,
): void {
  const { label, line } = LABELS[result.status];
  const description = `${label} freshness of ${freshnessName(source)}`;
  reporter.result(index, total, line, description, label, result.executionTime);
}

/**
 * The end of the command, as dbt 1.11's: what ran, each failed project hook, stale or failed
 * source, then `Done.` (dbt counts nothing on that line for freshness; sources.json has it all).
 */
export function reportFreshnessSummary(
  reporter: Reporter,
  sources: Map<string, SourceNode>,
  results: FreshnessResult[],
  elapsedSeconds: number,
  hooks: NodeResult[] = [],
  operations: ReadonlyMap<string, OperationNode> = new Map(),
): void {
  reporter.blank();
  // dbt counts the project hooks that ran: `4 project hooks, 1 source`
  const kinds = new Map([['source', results.length]]);
  if (hooks.length > 0) kinds.set('project hook', hooks.length);
  const what = describeRanKinds(kinds);
  reporter.info(`Finished running ${what} in ${formatElapsed(elapsedSeconds)}.`);
  for (const hook of hooks) {
    const operation = operations.get(hook.uniqueId);
    if (hook.status !== 'error' || !operation) continue;
    reporter.blank();
    reporter.colored('red', `Failure in operation ${operation.name} (${operation.origin.file})`);
    for (const line of (hook.message ?? '').split('\n')) reporter.info(`  ${line}`);
  }
  for (const result of results) {
    if (result.status !== 'error' && result.status !== 'runtime error') continue;
    const source = sources.get(result.uniqueId)!;
    reporter.blank();
    const where = `source ${source.tableName} (${source.origin.file})`;
    if (result.status === 'error') {
      reporter.colored('red', `Failure in ${where}`);
      reporter.info('  Status: error');
    } else {
      reporter.colored('red', `  ${result.errorKind ?? 'Runtime'} Error in ${where}`);
      for (const text of (result.message ?? '').split('\n')) reporter.info(`  ${text}`);
    }
  }
  reporter.info('Done.');
}
