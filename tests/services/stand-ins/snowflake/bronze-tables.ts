/**
 * Stands in for the Bronze layer on the Snowflake-protocol server. On Snowflake the
 * example's sources are external tables over the lake's stage; the test server cannot
 * read S3, so this copies the lake's files into ordinary tables of the ingester's shape
 * (ingest/catalog/glue-tables.ts plus dt and hour), one per topic, named `bronze_<topic>`,
 * through Strata's own Snowflake connection.
 */
import { join } from 'node:path';
import { BRONZE_COLUMNS, BRONZE_PARTITION_KEYS } from '../../../../ingest/catalog/glue-tables.js';
import type { Connection, Dialect } from '../../../../src/adapters/contract.js';
import { readBronzeRows } from '../bronze-lake.js';

/** Glue (Hive) column types as a Snowflake external table presents them. */
const SNOWFLAKE_TYPES: Record<string, string> = { string: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT' };
const COLUMNS = [...BRONZE_COLUMNS, ...BRONZE_PARTITION_KEYS].map((column) => ({
  name: String(column.Name),
  dataType: SNOWFLAKE_TYPES[String(column.Type)] ?? 'VARCHAR',
}));
// Literal multi-row inserts: the server runs an array binding one row at a time.
const ROWS_PER_INSERT = 1_000;

/** (Re)create `schema` with one table per topic folder of `lakeDir`; rows loaded per topic. */
export async function loadSnowflakeBronze(
  connection: Connection,
  dialect: Dialect,
  lakeDir: string,
  schema: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
  await connection.execute(dialect.createSchema(schema));
  const loaded: Record<string, number> = {};
  for (const topic of topics) {
    const relation = { schema, identifier: `bronze_${topic}` };
    await connection.execute(dialect.createTable(relation, COLUMNS));
    const rows = readBronzeRows(
      join(lakeDir, topic),
      COLUMNS.map((c) => c.name),
    );
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const literals = rows.slice(start, start + ROWS_PER_INSERT).map((row) => row.map(literal(dialect)));
      await connection.execute(
        dialect.insertValues(
          relation,
          COLUMNS.map((c) => c.name),
          literals,
        ),
      );
    }
    loaded[topic] = rows.length;
  }
  return loaded;
}

const literal =
  (dialect: Dialect) =>
  (value: unknown): string => {
    if (value === null) return 'NULL';
    if (typeof value === 'number') return String(value);
    return dialect.quoteString(String(value));
  };
