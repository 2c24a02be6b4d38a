import type { Dialect } from './contract.js';
import type { RelationName } from '../manifest/types.js';

/**
 * A dialect whose warehouse records when a table was last changed, for dbt's metadata-based
 * source freshness (a source with thresholds but no `loaded_at_field`): Snowflake's
 * `information_schema.tables.last_altered`, Redshift's insert steps in `sys_query_detail`.
 * DuckDB and Athena record nothing usable; their dialects do not implement it.
 */
export interface LastModifiedDialect extends Dialect {
  /** A query of one row: `max_loaded_at`, the relation's last change, and `snapshotted_at`, the warehouse's clock. */
  lastModifiedSql(relation: RelationName): string;
}

export function readsLastModified(dialect: Dialect): dialect is LastModifiedDialect {
  return typeof (dialect as Partial<LastModifiedDialect>).lastModifiedSql === 'function';
}
