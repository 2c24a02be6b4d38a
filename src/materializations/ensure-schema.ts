import type { Connection, Dialect } from '../adapters/contract.js';

/**
 * Create a schema when it is missing. Call it once per distinct schema before models run:
 * concurrent CREATE SCHEMA on one database can conflict on some warehouses (DuckDB among them).
 */
export async function ensureSchema(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  database?: string,
): Promise<void> {
  await connection.execute(dialect.createSchema(schema, database));
}
