import type { ColumnDescription, Dialect, RelationKind } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { IncrementalStrategy, OnSchemaChange, RelationName } from '../manifest/types.js';
import { dropLeftoverStaging } from './plan-table.js';
import { alterThenWrite, normalizeSelect, STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import { diffColumns, planSchemaChange } from './schema-change.js';

/** The incremental settings of a model's config. */
export interface IncrementalConfig {
  incrementalStrategy?: IncrementalStrategy;
  uniqueKey?: string[];
  onSchemaChange?: OnSchemaChange;
}

/**
 * The strategy to use: the configured one, else merge when there is a unique key (or
 * delete+insert where MERGE is missing), else append. Refuses what the warehouse lacks.
 */
export function resolveStrategy(dialect: Dialect, config: IncrementalConfig, model: string): IncrementalStrategy {
  const hasKey = (config.uniqueKey?.length ?? 0) > 0;
  const strategy =
    config.incrementalStrategy ?? (!hasKey ? 'append' : dialect.capabilities.merge ? 'merge' : 'delete+insert');
  const supported = dialect.capabilities.incrementalStrategies;
  if (!supported.includes(strategy)) {
    throw new StrataError(`Incremental model ${model}: strategy '${strategy}' is not supported on ${dialect.name}.`, {
      hint: `Supported strategies on ${dialect.name}: ${supported.join(', ')}.`,
    });
  }
  if ((strategy === 'merge' || strategy === 'delete+insert') && !hasKey) {
    throw new StrataError(`Incremental model ${model}: strategy '${strategy}' needs a unique_key.`, {
      hint: "Set unique_key (a column or a list of columns), or use incremental_strategy: 'append'.",
    });
  }
  return strategy;
}

/** What the first incremental phase needs: build the new rows beside the table. */
export interface IncrementalBuildInput {
  relation: RelationName;
  selectSql: string;
  existingStaging?: RelationKind;
}

/** Phase one: the new rows go into `<name>__strata_tmp`, whose columns are then read. */
export function planIncrementalBuild(dialect: Dialect, input: IncrementalBuildInput): PlanStep[] {
  const staging = withSuffix(input.relation, STAGING_SUFFIX);
  return [
    ...dropLeftoverStaging(dialect, input.relation, input.existingStaging),
    { sql: dialect.createTableAs(staging, normalizeSelect(input.selectSql)), purpose: 'build the new rows' },
  ];
}

/** What the second incremental phase needs: both relations' columns. */
export interface IncrementalApplyInput {
  relation: RelationName;
  existingColumns: ColumnDescription[];
  newColumns: ColumnDescription[];
  config: IncrementalConfig;
}

/**
 * Phase two: schema change, then append / merge / delete+insert from the staging table,
 * in one transaction where the warehouse has them; then drop the staging table.
 */
export function planIncrementalApply(dialect: Dialect, input: IncrementalApplyInput): PlanStep[] {
  const { relation, config } = input;
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const strategy = resolveStrategy(dialect, config, relation.identifier);
  const diff = diffColumns(input.existingColumns, input.newColumns);
  const change = planSchemaChange(dialect, relation, diff, config.onSchemaChange ?? 'ignore');
  const uniqueKey = strategy === 'append' ? [] : keyColumns(config.uniqueKey ?? [], change.columns, relation);

  const write: PlanStep[] = [];
  if (strategy === 'merge') {
    write.push({
      sql: dialect.merge(relation, staging, uniqueKey, change.columns),
      purpose: 'merge the new rows',
      reportsRows: true,
    });
  } else {
    if (strategy === 'delete+insert') {
      write.push({
        sql: dialect.deleteMatching(relation, staging, uniqueKey),
        purpose: 'delete the rows being replaced',
      });
    }
    write.push({
      sql: dialect.insertInto(relation, staging, change.columns),
      purpose: 'insert the new rows',
      reportsRows: true,
    });
  }

  return [
    ...alterThenWrite(dialect, change.steps, write),
    { sql: dialect.dropRelation(staging, 'table'), purpose: 'drop the staging table' },
  ];
}

// Key columns must survive the schema change; they take the table's spelling.
export function keyColumns(uniqueKey: string[], columns: string[], relation: RelationName): string[] {
  return uniqueKey.map((key) => {
    const found = columns.find((c) => c.toLowerCase() === key.toLowerCase());
    if (found === undefined) {
      throw new StrataError(
        `Incremental model ${relation.identifier}: unique_key column '${key}' is not among its columns.`,
        {
          hint: `Columns: ${columns.join(', ')}.`,
        },
      );
    }
    return found;
  });
}
