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
/** The columns of a Bronze table, in order. */
export const BRONZE_COLUMN_NAMES = COLUMNS.map((c) => c.name);
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
  await createSnowflakeBronze(connection, dialect, schema, topics);
  const loaded: Record<string, number> = {};
  for (const topic of topics) {
    const rows = readBronzeRows(join(lakeDir, topic), BRONZE_COLUMN_NAMES);
    await insertSnowflakeBronze(connection, dialect, schema, topic, rows);
    loaded[topic] = rows.length;
  }
  return loaded;
}

/** (Re)create `schema` with an empty `bronze_<topic>` table per topic. */
export async function createSnowflakeBronze(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  topics: readonly string[],
): Promise<void> {
  await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
  await connection.execute(dialect.createSchema(schema));
  for (const topic of topics)
    await connection.execute(dialect.createTable({ schema, identifier: `bronze_${topic}` }, COLUMNS));
}

/** Append rows (values of {@link BRONZE_COLUMN_NAMES}, as `readBronzeRows` gives them) to `bronze_<topic>`. */
export async function insertSnowflakeBronze(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  topic: string,
  rows: readonly unknown[][],
): Promise<void> {
  const relation = { schema, identifier: `bronze_${topic}` };
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const literals = rows.slice(start, start + ROWS_PER_INSERT).map((row) => row.map(literal(dialect)));
    await connection.execute(dialect.insertValues(relation, BRONZE_COLUMN_NAMES, literals));
  }
}

/**
 * Append the envelopes of lake files (`.../dt=<dt>/hour=<hour>/<name>.jsonl.gz`, absolute
 * paths) to `bronze_<topic>` in one statement. The test server executes on DuckDB on this
 * machine, so it reads the files itself (DuckDB's `read_ndjson_objects` with Hive partitions,
 * passed through its translation as an unknown function): what an external table over the
 * stage does on Snowflake, and far cheaper for the server than parsing the rows as literals.
 */
export async function insertSnowflakeBronzeFiles(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  topic: string,
  files: readonly string[],
): Promise<void> {
  if (files.length === 0) return;
  const values = COLUMNS.map(({ name, dataType }) => {
    const field = `json_extract_string(json, '$.${name}')`;
    const value =
      name === 'dt'
        ? 'cast(dt as varchar)'
        : name === 'hour'
          ? // the partition value may be read as a number
            "lpad(cast(hour as varchar), 2, '0')"
          : dataType === 'VARCHAR'
            ? field
            : `cast(${field} as ${dataType})`;
    return `${value} as ${dialect.quoteIdentifier(name)}`;
  });
  const list = `[${files.map((file) => dialect.quoteString(file)).join(', ')}]`;
  await connection.execute(
    `insert into ${dialect.renderRelation({ schema, identifier: `bronze_${topic}` })} ` +
      `(${BRONZE_COLUMN_NAMES.map((name) => dialect.quoteIdentifier(name)).join(', ')})\n` +
      `select ${values.join(', ')} from read_ndjson_objects(${list}, hive_partitioning = true)`,
  );
}

const literal =
  (dialect: Dialect) =>
  (value: unknown): string => {
    if (value === null) return 'NULL';
    if (typeof value === 'number') return String(value);
    return dialect.quoteString(String(value));
  };
