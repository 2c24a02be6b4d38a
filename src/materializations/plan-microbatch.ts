/**
 * One batch of a microbatch model replaces exactly its window [start, end) of the table:
 * its rows are built beside the table, then the window's old rows are deleted and the new
 * ones inserted in one transaction (dbt's delete+insert for microbatch). Only rows of the
 * window are kept from the model's query, so a rerun of the batch removes every row it wrote.
 */
import type { ColumnDescription, Dialect } from '../adapters/contract.js';
import { eventTimeCondition } from '../compile/event-time-filter.js';
import type { OnSchemaChange, RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { alterThenWrite, normalizeSelect, STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import { diffColumns, planSchemaChange } from './schema-change.js';

/** Where a batch's rows are built: one staging table per batch, so batches may run at once. */
export function batchStaging(relation: RelationName, batchId: string): RelationName {
  return withSuffix(relation, `${STAGING_SUFFIX}_${batchId}`);
}

/** The batch's query, narrowed to the rows of its window by the model's own `event_time`. */
export function windowedSelect(dialect: Dialect, selectSql: string, eventTime: string, window: BatchWindow): string {
  const rows = dialect.aliasSubquery(`\n${normalizeSelect(selectSql)}\n`, '_strata_batch');
  return `select * from ${rows}\nwhere ${eventTimeCondition(dialect, eventTime, window)}`;
}

/** Phase one: the batch's rows into its own staging table. */
export function planBatchBuild(dialect: Dialect, staging: RelationName, windowedSql: string): PlanStep[] {
  return [
    { sql: dialect.dropRelation(staging, 'table'), purpose: 'drop a leftover staging table of this batch' },
    { sql: dialect.createTableAs(staging, windowedSql), purpose: 'build the rows of the batch' },
  ];
}

/** What replacing the window needs: both tables' columns and the model's settings. */
export interface BatchApplyInput {
  relation: RelationName;
  staging: RelationName;
  existingColumns: ColumnDescription[];
  newColumns: ColumnDescription[];
  eventTime: string;
  window: BatchWindow;
  onSchemaChange?: OnSchemaChange;
}

/** Phase two: schema change, then delete the window and insert the batch, atomically; drop the staging table. */
export function planBatchApply(dialect: Dialect, input: BatchApplyInput): PlanStep[] {
  const { relation, staging } = input;
  const diff = diffColumns(input.existingColumns, input.newColumns);
  const change = planSchemaChange(dialect, relation, diff, input.onSchemaChange ?? 'ignore');
  const condition = eventTimeCondition(dialect, input.eventTime, input.window);
  const write: PlanStep[] = [
    {
      sql: `DELETE FROM ${dialect.renderRelation(relation)}\nWHERE ${condition}`,
      purpose: "delete the window's old rows",
    },
    {
      sql: dialect.insertInto(relation, staging, change.columns),
      purpose: 'insert the rows of the batch',
      reportsRows: true,
    },
  ];
  return [
    ...alterThenWrite(dialect, change.steps, write),
    { sql: dialect.dropRelation(staging, 'table'), purpose: 'drop the staging table of the batch' },
  ];
}

/**
 * On a catalog warehouse (Athena: Hive tables have no DELETE), the table rebuilt with the
 * batch's rows in place of its window: the batch's rows, and the old rows outside the
 * window (rows without an event time stay, as a DELETE of the window keeps them). The
 * rebuild is swapped in like a table build, so the window is replaced atomically.
 */
export function rebuildWithBatch(
  dialect: Dialect,
  relation: RelationName,
  columns: readonly ColumnDescription[],
  windowedSql: string,
  eventTime: string,
  window: BatchWindow,
): string {
  const list = columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  const outside = `${eventTime} is null or not (${eventTimeCondition(dialect, eventTime, window)})`;
  return [
    `select ${list} from ${dialect.aliasSubquery(`\n${windowedSql}\n`, '_strata_batch_rows')}`,
    'union all',
    `select ${list} from ${dialect.renderRelation(relation)}`,
    `where ${outside}`,
  ].join('\n');
}
