import type { Connection, Dialect } from '../adapters/contract.js';

const ATTEMPTS = 6;
const RETRY_DELAY_MS = 10;

/**
 * Create a schema when it is missing (`CREATE SCHEMA IF NOT EXISTS`). Safe to call from
 * several workers at once: when two sessions race, one of them can lose with a catalog
 * conflict (DuckDB does this), and running the statement again then finds the schema.
 * The winner may not have committed yet when a loser retries, so retries back off a little.
 */
export async function ensureSchema(
  connection: Connection,
  dialect: Dialect,
  schema: string,
  database?: string,
): Promise<void> {
  const sql = dialect.createSchema(schema, database);
  for (let attempt = 1; ; attempt++) {
    try {
      await connection.execute(sql);
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
}
