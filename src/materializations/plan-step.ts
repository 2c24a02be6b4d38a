import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';

/** One SQL statement of a materialization plan. Plans are plain data: golden-testable. */
export interface PlanStep {
  sql: string;
  /** why the step exists, e.g. `build beside the old table`; shown in debug logs */
  purpose: string;
  /** this statement's row count is the model's (the build, the insert, the merge) */
  reportsRows?: boolean;
  /** opens or closes a transaction: the executor rolls back when a step inside fails */
  transaction?: 'begin' | 'commit';
}

/** Suffix of the relation a table is built into before the swap. */
export const STAGING_SUFFIX = '__strata_tmp';
/** Suffix the old relation takes during a swap on warehouses without transactional DDL. */
export const BACKUP_SUFFIX = '__strata_backup';
/** Suffix of the table an incremental run's new rows are built into on a catalog warehouse (Athena). */
export const INCOMING_SUFFIX = '__strata_incoming';

/** The same relation with a suffixed identifier (`orders` -> `orders__strata_tmp`). */
export function withSuffix(relation: RelationName, suffix: string): RelationName {
  return { ...relation, identifier: `${relation.identifier}${suffix}` };
}

/** Compiled SQL without trailing semicolons and blank space, ready to nest in DDL. */
export function normalizeSelect(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/**
 * Wrap steps in BEGIN/COMMIT when `atomic`; otherwise return them as they are (warehouses
 * whose DDL commits implicitly gain nothing from a transaction around it).
 */
export function inTransaction(dialect: Dialect, steps: PlanStep[], atomic: boolean): PlanStep[] {
  if (!atomic || steps.length === 0) return steps;
  return [
    { sql: dialect.beginTransaction(), purpose: 'begin transaction', transaction: 'begin' },
    ...steps,
    { sql: dialect.commitTransaction(), purpose: 'commit transaction', transaction: 'commit' },
  ];
}

/**
 * Schema-change ALTERs, then the writes: together in one transaction where DDL can roll
 * back; elsewhere the ALTERs run first. One statement is atomic by itself: a transaction
 * only holds several together.
 */
export function alterThenWrite(dialect: Dialect, alters: PlanStep[], write: PlanStep[]): PlanStep[] {
  const { transactions, transactionalDdl } = dialect.capabilities;
  const body = transactionalDdl ? [...alters, ...write] : write;
  const before = transactionalDdl ? [] : alters;
  return [...before, ...inTransaction(dialect, body, transactions && body.length > 1)];
}
