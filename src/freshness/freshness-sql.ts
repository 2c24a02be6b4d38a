import type { Dialect } from '../adapters/contract.js';
import { readsLastModified } from '../adapters/last-modified-dialect.js';
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

/** dbt's warning for a source it would measure by metadata on an adapter that has none. */
export const METADATA_NOT_SUPPORTED = 'The configured adapter does not support metadata-based freshness.';

/**
 * The query of a source without `loaded_at_field` or `loaded_at_query`: when the warehouse
 * last changed its relation, from its metadata; undefined where the warehouse records none.
 */
export function metadataFreshnessSql(dialect: Dialect, source: SourceNode): string | undefined {
  return readsLastModified(dialect) ? dialect.lastModifiedSql(source.relation) : undefined;
}
