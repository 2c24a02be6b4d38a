import type { Connection, Dialect, TableOptions } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { PlanExecutor } from './execute-plan.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { batchStaging, planBatchApply, planBatchBuild, rebuildWithBatch, windowedSelect } from './plan-microbatch.js';
import { hasTableCatalog } from '../adapters/table-catalog.js';
import { materializeCatalogTable } from './materialize-catalog-table.js';
import { planTable, type SwapState } from './plan-table.js';
import { checkContract, type ModelContractSpec } from './contract-check.js';
import { contractDdl } from './contract-ddl.js';

/** One batch of a microbatch model, compiled for its window. */
export interface BatchRun {
  connection: Connection;
  dialect: Dialect;
  relation: RelationName;
  /** the model compiled for this batch (its parents with `event_time` filtered to the window) */
  selectSql: string;
  eventTime: string;
  window: BatchWindow;
  batchId: string;
  /** build the table from this batch (first build, full refresh): what exists at its name now */
  build?: SwapState;
  onSchemaChange?: Parameters<typeof planBatchApply>[1]['onSchemaChange'];
  tableOptions?: TableOptions;
  /** the model's `location` (an `s3://` prefix on Athena) */
  location?: string;
  /** the model's enforced contract: checked on every batch before it writes, and the DDL of a build */
  contract?: ModelContractSpec;
}

/**
 * Run one batch: the first batch of a build makes the table (swapped in like a table
 * model); every other batch replaces its window of the table in one transaction, or on a
 * catalog warehouse (Athena) by rebuilding the table with it and swapping that in.
 */
export async function materializeBatch(run: BatchRun): Promise<MaterializationResult> {
  const { connection, dialect, relation, contract } = run;
  // as for every incremental model: the contract holds or the batch writes nothing
  if (contract) await checkContract(connection, dialect, contract, run.selectSql);
  const executor = new PlanExecutor(connection, dialect);
  const selectSql = windowedSelect(dialect, run.selectSql, run.eventTime, run.window);
  if (hasTableCatalog(connection)) {
    const config = { partitionBy: run.tableOptions?.partitionBy, location: run.location };
    if (run.build) return materializeCatalogTable(connection, dialect, relation, selectSql, config);
    const columns = await connection.getColumns(relation);
    const rebuilt = rebuildWithBatch(dialect, relation, columns, selectSql, run.eventTime, run.window);
    return materializeCatalogTable(connection, dialect, relation, rebuilt, config);
  }
  if (run.build) {
    const ddl = contract ? contractDdl(dialect, contract) : undefined;
    const input = { ...run.build, relation, selectSql, options: run.tableOptions, contract: ddl };
    await executor.run(planTable(dialect, input));
    const built = result(executor, statusMessage('SELECT', executor.rowsAffected));
    return ddl && ddl.warnings.length > 0 ? { ...built, warnings: ddl.warnings } : built;
  }
  const staging = batchStaging(relation, run.batchId);
  await executor.run(planBatchBuild(dialect, staging, selectSql));
  try {
    const [existingColumns, newColumns] = [await connection.getColumns(relation), await connection.getColumns(staging)];
    const { eventTime, window, onSchemaChange } = run;
    const input = { relation, staging, existingColumns, newColumns, eventTime, window, onSchemaChange };
    await executor.run(planBatchApply(dialect, input));
  } catch (error) {
    // Best effort: the next run of this batch drops a leftover staging table anyway.
    await connection.execute(dialect.dropRelation(staging, 'table')).catch(() => undefined);
    throw error;
  }
  return result(executor, statusMessage('INSERT', executor.rowsAffected));
}

function result(executor: PlanExecutor, message: string): MaterializationResult {
  return { kind: 'table', rowsAffected: executor.rowsAffected, executedSql: executor.executedSql, message };
}
