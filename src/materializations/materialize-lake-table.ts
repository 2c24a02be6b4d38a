import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { Connection, Dialect, LocalLakeDialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { planLakeTable, type LakeTablePlan } from './plan-lake-table.js';

/** What running a local lake table needs. */
export interface LakeTableRun {
  connection: Connection;
  dialect: Dialect & LocalLakeDialect;
  relation: RelationName;
  selectSql: string;
  /** absolute directory, already resolved against the project root */
  directory: string;
  partitionBy: string[];
  inspect?: RelationInspector;
}

/**
 * Write a model's rows as Parquet into the local lake, swap the directory in, and publish
 * a view over it. A failing query leaves the old files and view untouched.
 */
export async function materializeLakeTable(run: LakeTableRun): Promise<MaterializationResult> {
  const { existing } = await inspectWith(run.inspect, run.connection, run.relation);
  const plan = planLakeTable(run.dialect, { ...run, existing });
  const executor = new PlanExecutor(run.connection, run.dialect);

  await rm(plan.stagingDirectory, { recursive: true, force: true });
  // An unpartitioned COPY writes one file into the directory, which must exist.
  await mkdir(plan.stagingDirectory, { recursive: true });
  try {
    await executor.run(plan.write);
  } catch (error) {
    await rm(plan.stagingDirectory, { recursive: true, force: true });
    throw error;
  }
  await swapDirectories(plan);
  await executor.run(plan.publish);
  return {
    kind: 'external',
    rowsAffected: executor.rowsAffected,
    executedSql: executor.executedSql,
    message: statusMessage('COPY', executor.rowsAffected),
  };
}

// Renames within one parent directory are atomic; the old files are removed only once the
// new ones are in place.
async function swapDirectories(plan: LakeTablePlan): Promise<void> {
  await rm(plan.backupDirectory, { recursive: true, force: true });
  if (existsSync(plan.directory)) await rename(plan.directory, plan.backupDirectory);
  await rename(plan.stagingDirectory, plan.directory);
  await rm(plan.backupDirectory, { recursive: true, force: true });
}
