import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { Connection, Dialect, LocalLakeDialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { markLakeFolder, ownsLakeFolder } from './lake-folder-marker.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { planLakeTable, type LakeTablePlan } from './plan-lake-table.js';

/** What running a local lake table needs. */
export interface LakeTableRun {
  connection: Connection;
  dialect: Dialect & LocalLakeDialect;
  relation: RelationName;
  /** the model's unique id, written into the folder's marker */
  modelId: string;
  selectSql: string;
  /** absolute directory, already resolved against the project root and checked to lie in the lake */
  directory: string;
  /** how messages name the directory (project-relative) */
  shownDirectory: string;
  partitionBy: string[];
  inspect?: RelationInspector;
}

/**
 * Write a model's rows as Parquet into the local lake, swap the directory in, and publish
 * a view over it. A failing query leaves the old files and view untouched. Only folders
 * carrying this model's marker (or empty ones) are replaced or deleted: anything else
 * stops the build before it writes.
 */
export async function materializeLakeTable(run: LakeTableRun): Promise<MaterializationResult> {
  const { existing } = await inspectWith(run.inspect, run.connection, run.relation);
  const plan = planLakeTable(run.dialect, { ...run, existing });
  const executor = new PlanExecutor(run.connection, run.dialect);
  const owns = (directory: string, suffix = '') =>
    ownsLakeFolder(directory, run.modelId, `${run.shownDirectory}${suffix}`);

  const stagingOwned = await owns(plan.stagingDirectory, plan.stagingDirectory.slice(plan.directory.length));
  const backupOwned = await owns(plan.backupDirectory, plan.backupDirectory.slice(plan.directory.length));
  let replacing = await owns(plan.directory);
  // A swap interrupted between its renames left the old files only in the backup: they
  // go back first, so that a failing build now still leaves them in place.
  if (!replacing && backupOwned) {
    await rename(plan.backupDirectory, plan.directory);
    replacing = true;
  } else if (backupOwned) {
    await rm(plan.backupDirectory, { recursive: true });
  }
  // A staging folder left by an interrupted build of this model goes.
  if (stagingOwned) await rm(plan.stagingDirectory, { recursive: true });
  // An unpartitioned COPY writes one file into the directory, which must exist; the
  // marker goes in first, so even a build killed halfway leaves a folder Strata can clear.
  await mkdir(plan.stagingDirectory, { recursive: true });
  await markLakeFolder(plan.stagingDirectory, { model: run.modelId, build: randomUUID() });
  try {
    await executor.run(plan.write);
  } catch (error) {
    await rm(plan.stagingDirectory, { recursive: true, force: true });
    throw error;
  }
  await swapDirectories(plan, replacing);
  await executor.run(plan.publish);
  return {
    kind: 'external',
    rowsAffected: executor.rowsAffected,
    executedSql: executor.executedSql,
    message: statusMessage('COPY', executor.rowsAffected),
  };
}

// Renames within one parent directory are atomic; the old files are removed only once the
// new ones are in place, and only from the folder checked above to be this model's.
async function swapDirectories(plan: LakeTablePlan, replacing: boolean): Promise<void> {
  if (replacing) await rename(plan.directory, plan.backupDirectory);
  await rename(plan.stagingDirectory, plan.directory);
  if (replacing) await rm(plan.backupDirectory, { recursive: true, force: true });
}
