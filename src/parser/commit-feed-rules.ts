import { StrataError } from '../errors/strata-error.js';
import type { ModelNode } from '../manifest/types.js';

/**
 * A commit-fed model (`incremental_strategy: commit_feed`, src/feed/CONTEXT.md) whose
 * settings cannot work together stops the parse at its file, before anything is built.
 * Whether it reads a Bronze source of a local lake is checked when it runs.
 */
export function checkCommitFeedModel(node: ModelNode): void {
  const { config } = node;
  const fail = (message: string, hint: string): never => {
    throw new StrataError(`Commit-fed model ${node.name}: ${message}`, { location: node.origin, hint });
  };
  if (config.mergeSumColumns?.length && config.incrementalStrategy !== 'commit_feed') {
    fail(
      'merge_sum_columns applies to commit-fed models only',
      "Set incremental_strategy='commit_feed', or remove merge_sum_columns.",
    );
  }
  if (config.replaceKey?.length && config.incrementalStrategy !== 'commit_feed') {
    fail(
      'replace_key applies to commit-fed models only',
      "Set incremental_strategy='commit_feed', or remove replace_key.",
    );
  }
  if (config.replaceFrom !== undefined && !config.replaceKey?.length) {
    fail('replace_from needs a replace_key', 'Set replace_key to the columns whose rows the batch rewrites.');
  }
  if (config.materialized !== 'incremental' || config.incrementalStrategy !== 'commit_feed') return;
  if (config.replaceKey?.length && (config.uniqueKey?.length || config.eventTime !== undefined)) {
    fail(
      'replace_key replaces rows by key; unique_key merges them and event_time re-aggregates windows',
      'Keep one of them: replace_key when a key may have many rows that the batch rewrites together.',
    );
  }
  if (config.mergeSumColumns?.length && !config.uniqueKey?.length) {
    fail('merge_sum_columns needs a unique_key', 'Set unique_key to the columns the summed rows are keyed on.');
  }
  if (config.lookback !== undefined && config.eventTime === undefined) {
    fail(
      'lookback needs event_time',
      "Set event_time to the model's own event-time column (e.g. order_date), whose windows are re-aggregated.",
    );
  }
}
