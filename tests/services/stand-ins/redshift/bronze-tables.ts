/**
 * Stands in for Redshift Spectrum on the PostgreSQL stand-in. On Redshift the Bronze layer
 * is external tables over the Glue catalog the ingester registers; PostgreSQL cannot read
 * S3, so this copies the lake's files into ordinary tables of the same shape: the
 * ingester's Glue columns (ingest/catalog/glue-tables.ts) and the dt/hour partition
 * columns, one table per topic, named as the ingester names them (`bronze_<topic>`).
 */
import { join } from 'node:path';
import type pg from 'pg';
import { BRONZE_COLUMNS, BRONZE_PARTITION_KEYS } from '../../../../ingest/catalog/glue-tables.js';
import { readBronzeRows } from '../bronze-lake.js';

/** Glue (Hive) column types as Spectrum presents them to Redshift SQL. */
const REDSHIFT_TYPES: Record<string, string> = { string: 'VARCHAR(65535)', int: 'INTEGER', bigint: 'BIGINT' };
const COLUMNS = [...BRONZE_COLUMNS, ...BRONZE_PARTITION_KEYS].map((column) => ({
  name: String(column.Name),
  type: REDSHIFT_TYPES[String(column.Type)] ?? 'VARCHAR(65535)',
}));
const ROWS_PER_INSERT = 1_000;

/** Rows loaded per table. */
export type LoadedBronze = Record<string, number>;

/**
 * (Re)create `schema` and one table per topic folder of `lakeDir` (`<topic>/dt=/hour=/*.jsonl.gz`),
 * holding every envelope of the topic's files with its dt and hour.
 */
export async function loadBronzeTables(
  client: pg.Client,
  lakeDir: string,
  schema: string,
  topics: readonly string[],
): Promise<LoadedBronze> {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await client.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
  await client.query(`CREATE SCHEMA ${quote(schema)}`);
  const loaded: LoadedBronze = {};
  for (const topic of topics) {
    const table = `${quote(schema)}.${quote(`bronze_${topic}`)}`;
    await client.query(`CREATE TABLE ${table} (${COLUMNS.map((c) => `${quote(c.name)} ${c.type}`).join(', ')})`);
    const rows = readBronzeRows(
      join(lakeDir, topic),
      COLUMNS.map((c) => c.name),
    );
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const batch = rows.slice(start, start + ROWS_PER_INSERT);
      const placeholders = batch.map(
        (_, r) => `(${COLUMNS.map((_c, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO ${table} (${COLUMNS.map((c) => quote(c.name)).join(', ')}) VALUES ${placeholders.join(', ')}`,
        batch.flat(),
      );
    }
    loaded[topic] = rows.length;
  }
  return loaded;
}
