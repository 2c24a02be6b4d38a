import type { Dialect, LocalLakeDialect, RelationKind } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import { normalizeSelect, STAGING_SUFFIX, type PlanStep } from './plan-step.js';
import { planView } from './plan-view.js';

/** What a local lake table plan needs to know. */
export interface LakeTablePlanInput {
  relation: RelationName;
  selectSql: string;
  /** absolute directory the Parquet files live in */
  directory: string;
  partitionBy: string[];
  /** the kind of the relation already at this name, if any */
  existing?: RelationKind;
}

/**
 * A lake table in three phases: `write` Parquet into a staging directory, swap the
 * directories (file-system work the executor does), then `publish` a view over the files
 * so that later models can ref it.
 */
export interface LakeTablePlan {
  stagingDirectory: string;
  /** where the old files wait during the swap */
  backupDirectory: string;
  directory: string;
  write: PlanStep[];
  publish: PlanStep[];
}

/** Plan a Parquet lake table on a warehouse that writes files itself (DuckDB). */
export function planLakeTable(dialect: Dialect & LocalLakeDialect, input: LakeTablePlanInput): LakeTablePlan {
  const stagingDirectory = `${input.directory}.${STAGING_SUFFIX}`;
  const write: PlanStep = {
    sql: dialect.copyToParquet(normalizeSelect(input.selectSql), stagingDirectory, input.partitionBy),
    purpose: 'write Parquet beside the old files',
    reportsRows: true,
  };
  return {
    stagingDirectory,
    backupDirectory: `${input.directory}.__strata_old`,
    directory: input.directory,
    write: [write],
    publish: planView(dialect, {
      relation: input.relation,
      selectSql: dialect.selectFromParquet(input.directory),
      existing: input.existing,
    }),
  };
}
