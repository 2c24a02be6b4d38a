/**
 * Where a commit-fed model keeps its cursor: one row per topic partition in the table
 * `strata_commit_state` of the model's schema, written in the same transaction as the
 * model's rows (see CONTEXT.md "Exactly once"). Reading the rows back gives the cursor
 * the next batch starts from, whichever process runs it.
 */
import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { cursorKey, type FeedCursor } from './commit-feed-reader.js';

/** The state table's name, beside the model in its schema. */
export const STATE_TABLE = 'strata_commit_state';

/** The state table of the schema `relation` lives in. */
export function stateRelation(relation: RelationName): RelationName {
  return { ...relation, identifier: STATE_TABLE };
}

/** Create the state table where it is missing (its own statement: DDL outside the batch's transaction). */
export function createStateTable(dialect: Dialect, relation: RelationName): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${dialect.renderRelation(stateRelation(relation))} (\n` +
    '  model varchar not null,\n  topic varchar not null,\n  "partition" integer not null,\n' +
    '  end_offset bigint not null\n)'
  );
}

/** The rows of one model: its cursor. */
export function selectState(dialect: Dialect, relation: RelationName, model: string): string {
  return (
    `SELECT topic, "partition", end_offset FROM ${dialect.renderRelation(stateRelation(relation))}\n` +
    `WHERE model = ${dialect.quoteString(model)}`
  );
}

/** The cursor from the rows `selectState` returned (bigints and numbers alike). */
export function cursorFromRows(rows: ReadonlyArray<Record<string, unknown>>): FeedCursor {
  const cursor: FeedCursor = new Map();
  for (const row of rows) cursor.set(cursorKey(String(row.topic), Number(row.partition)), Number(row.end_offset));
  return cursor;
}

/** Replace the model's rows by `cursor` (the statements go inside the batch's transaction). */
export function writeState(dialect: Dialect, relation: RelationName, model: string, cursor: FeedCursor): string[] {
  const table = dialect.renderRelation(stateRelation(relation));
  const statements = [`DELETE FROM ${table} WHERE model = ${dialect.quoteString(model)}`];
  const rows = [...cursor.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, end]) => {
      const slash = key.lastIndexOf('/');
      const values = [
        dialect.quoteString(model),
        dialect.quoteString(key.slice(0, slash)),
        key.slice(slash + 1),
        String(end),
      ];
      return `(${values.join(', ')})`;
    });
  if (rows.length > 0) {
    statements.push(`INSERT INTO ${table} (model, topic, "partition", end_offset) VALUES\n  ${rows.join(',\n  ')}`);
  }
  return statements;
}
