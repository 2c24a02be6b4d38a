import type { RelationKind } from '../adapters/contract.js';

/** What running a materialization produced. */
export interface MaterializationResult {
  /** what now stands at the model's name; `ephemeral` when nothing ran */
  kind: RelationKind | 'ephemeral';
  rowsAffected?: number;
  /** every statement sent, in order */
  executedSql: string[];
  /** a dbt-like status line: `CREATE VIEW`, `SELECT 1234`, `INSERT 0 12`, `MERGE 12` */
  message: string;
  /** what the run should tell the user besides (e.g. constraints the warehouse does not enforce) */
  warnings?: string[];
}

/** The status line for a verb and a row count, e.g. `SELECT 12`, `INSERT 0 12`. */
export function statusMessage(verb: 'SELECT' | 'INSERT' | 'MERGE' | 'COPY', rows: number | undefined): string {
  // Some warehouses do not count the rows of every statement (Snowflake's CTAS): no count then.
  if (rows === undefined) return verb;
  // PostgreSQL's INSERT tag carries an OID before the count; dbt users know it that way.
  return verb === 'INSERT' ? `INSERT 0 ${rows}` : `${verb} ${rows}`;
}

/** What loading a seed of `rowCount` rows produced, with what reading its file found to say. */
export function loadedSeedResult(
  seed: { rowCount: number; warnings: string[] },
  executedSql: string[],
): MaterializationResult {
  const count = seed.rowCount;
  return { kind: 'table', rowsAffected: count, executedSql, message: `INSERT ${count}`, warnings: seed.warnings };
}
