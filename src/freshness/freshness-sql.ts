import type { Dialect } from '../adapters/contract.js';
import type { SourceNode } from '../manifest/types.js';

/**
 * The one query that measures a source table: its newest loaded-at time and the
 * warehouse's current time, as dbt's `collect_freshness` macros write it. `from` is the
 * source as SQL reads it (a relation, or a lake file reader on DuckDB); `loadedAtQuery`,
 * the source's `loaded_at_query` rendered, replaces the max of its `loaded_at_field`.
 */
export function freshnessSql(dialect: Dialect, source: SourceNode, from: string, loadedAtQuery?: string): string {
  const now = dialect.currentTimestamp();
  if (loadedAtQuery !== undefined) {
    // the query's own text stands on its lines, so a trailing `-- comment` cannot swallow the `)`
    return [
      'with source_query as (',
      loadedAtQuery.trim(),
      ')',
      'select',
      '  (select * from source_query) as max_loaded_at,',
      `  ${now} as snapshotted_at`,
    ].join('\n');
  }
  const filter = source.freshness?.filter?.trim();
  return [
    'select',
    `  max(${source.loadedAtField}) as max_loaded_at,`,
    `  ${now} as snapshotted_at`,
    `from ${from}`,
    ...(filter ? [`where ${filter}`] : []),
  ].join('\n');
}
