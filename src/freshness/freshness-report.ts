import type { SourceNode } from '../manifest/types.js';
import type { Reporter } from '../execution/reporter.js';
import { formatElapsed } from '../execution/summary.js';
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

/** The end of the command, as dbt's: what ran, each stale or failed source, then `Done.` */
export function reportFreshnessSummary(
  reporter: Reporter,
  sources: Map<string, SourceNode>,
  results: FreshnessResult[],
  elapsedSeconds: number,
  hooks = 0,
): void {
  reporter.blank();
  const count = results.length;
  // dbt counts the project hooks that ran first: `4 project hooks, 1 source`
  const ran = hooks === 0 ? '' : `${hooks} project hook${hooks === 1 ? '' : 's'}, `;
  const what = `${ran}${count} source${count === 1 ? '' : 's'}`;
  reporter.info(`Finished running ${what} in ${formatElapsed(elapsedSeconds)}.`);
  for (const result of results) {
    if (result.status !== 'error' && result.status !== 'runtime error') continue;
    const source = sources.get(result.uniqueId)!;
    reporter.blank();
    const where = `source ${source.tableName} (${source.origin.file})`;
    if (result.status === 'error') {
      reporter.colored('red', `Failure in ${where}`);
      reporter.info(`  Status: error (newest row ${Math.round(result.ageSeconds ?? 0)}s old)`);
    } else {
      reporter.colored('red', `Runtime Error in ${where}`);
      for (const text of (result.message ?? '').split('\n')) reporter.info(`  ${text}`);
    }
  }
  reporter.blank();
  const tally = (status: FreshnessResult['status']) => results.filter((r) => r.status === status).length;
  reporter.info(
    `Done. PASS=${tally('pass')} WARN=${tally('warn')} ERROR=${tally('error')} ` +
      `RUNTIME ERROR=${tally('runtime error')} TOTAL=${count}`,
  );
}
