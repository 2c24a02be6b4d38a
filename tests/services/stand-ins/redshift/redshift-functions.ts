import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** The Redshift built-ins PostgreSQL lacks, as SQL (see redshift-functions.sql and CONTEXT.md). */
export const REDSHIFT_FUNCTIONS_SQL = readFileSync(join(import.meta.dirname, 'redshift-functions.sql'), 'utf8');

/** Install the Redshift built-ins into the stand-in's public schema (idempotent). */
export async function installRedshiftFunctions(client: pg.Client): Promise<void> {
  await client.query(REDSHIFT_FUNCTIONS_SQL);
}

/** Install them through a connection of their own, for suites that hold no client. */
export async function installRedshiftFunctionsOn(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await installRedshiftFunctions(client);
  } finally {
    await client.end();
  }
}
