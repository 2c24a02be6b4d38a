import type { RelationName } from '../manifest/types.js';
import type { Dialect, RelationKind } from './contract.js';

/**
 * Introspection through `information_schema`, which DuckDB, Redshift and Snowflake share.
 * Names compare case-insensitively: DuckDB identifiers are, and Snowflake folds unquoted
 * ones, so a model named `Orders` must still find `orders`.
 */

// Without a database, stay in the session's own: other attached catalogs may reuse schema names.
function catalogFilter(dialect: Dialect, database: string | undefined, column: string): string {
  const catalog = database ? dialect.quoteString(database) : 'current_database()';
  return ` AND lower(${column}) = lower(${catalog})`;
}

/** Relations of one schema: columns `table_name`, `table_type`. */
export function listRelationsSql(dialect: Dialect, schema: string, database?: string): string {
  return (
    `SELECT table_name, table_type FROM information_schema.tables\n` +
    `WHERE lower(table_schema) = lower(${dialect.quoteString(schema)})` +
    catalogFilter(dialect, database, 'table_catalog')
  );
}

/** Columns of one relation in order: columns `column_name`, `data_type`. */
export function listColumnsSql(dialect: Dialect, relation: RelationName): string {
  return (
    `SELECT column_name, data_type FROM information_schema.columns\n` +
    `WHERE lower(table_schema) = lower(${dialect.quoteString(relation.schema)})` +
    ` AND lower(table_name) = lower(${dialect.quoteString(relation.identifier)})` +
    catalogFilter(dialect, relation.database, 'table_catalog') +
    `\nORDER BY ordinal_position`
  );
}

/** `BASE TABLE`, `VIEW`, `LOCAL TEMPORARY`, `EXTERNAL TABLE`... as a RelationKind. */
export function relationKindOf(tableType: string): RelationKind {
  const type = tableType.toUpperCase();
  if (type.includes('VIEW')) return 'view';
  if (type.includes('EXTERNAL')) return 'external';
  return 'table';
}

/** Every column of every relation in one schema: `table_name`, `column_name`, `data_type`. */
export function listSchemaColumnsSql(dialect: Dialect, schema: string, database?: string): string {
  return (
    `SELECT table_name, column_name, data_type FROM information_schema.columns\n` +
    `WHERE lower(table_schema) = lower(${dialect.quoteString(schema)})` +
    catalogFilter(dialect, database, 'table_catalog') +
    `\nORDER BY table_name, ordinal_position`
  );
}
