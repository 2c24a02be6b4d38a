import type { Dialect, RelationKind, TableOptions } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';
import {
  BACKUP_SUFFIX,
  inTransaction,
  normalizeSelect,
  STAGING_SUFFIX,
  withSuffix,
  type PlanStep,
} from './plan-step.js';
import { contractedSelect } from './contract-ddl.js';

/** Relations already present around a swap, by kind (undefined: absent). */
export interface SwapState {
  /** the model's relation */
  existing?: RelationKind;
  /** a staging relation left by a failed run */
  existingStaging?: RelationKind;
  /** a backup left by a failed swap (non-transactional warehouses) */
  existingBackup?: RelationKind;
}

/** What a table plan needs to know. */
export interface TablePlanInput extends SwapState {
  relation: RelationName;
  selectSql: string;
  options?: TableOptions;
  /** an enforced contract's column definitions: the table is created from them, then filled */
  contract?: { columns: string[]; definitions: string[] };
}

/**
 * A table, built atomically: create `<name>__strata_tmp` from the select, then swap it in.
 * A failing select stops the plan before the old table is touched.
 */
export function planTable(dialect: Dialect, input: TablePlanInput): PlanStep[] {
  if (dialect.capabilities.createOrReplaceTable) return planReplaceTable(dialect, input);
  const staging = withSuffix(input.relation, STAGING_SUFFIX);
  return [
    ...dropLeftoverStaging(dialect, input.relation, input.existingStaging),
    ...buildStaging(dialect, staging, input),
    ...planSwap(dialect, input.relation, input),
  ];
}

/** CTAS beside the old relation; with a contract, the table from its definitions, then an insert. */
function buildStaging(dialect: Dialect, staging: RelationName, input: TablePlanInput): PlanStep[] {
  const { contract } = input;
  if (!contract) {
    return [
      {
        sql: dialect.createTableAs(staging, normalizeSelect(input.selectSql), input.options),
        purpose: 'build beside the old relation',
        reportsRows: true,
      },
    ];
  }
  const columns = contract.columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  const rows = contractedSelect(dialect, contract.columns, input.selectSql);
  return [
    {
      sql: dialect.createTableWithDefinitions(staging, contract.definitions, input.options),
      purpose: 'create the contracted table beside the old relation',
    },
    {
      sql: `INSERT INTO ${dialect.renderRelation(staging)} (${columns})\n${rows}`,
      purpose: "fill it with the model's rows",
      reportsRows: true,
    },
  ];
}

/**
 * Where `CREATE OR REPLACE TABLE` is atomic (Snowflake), one statement builds and swaps:
 * a failing select leaves the old table as it was. Only a view of the same name must go
 * first, since a view cannot be replaced by a table.
 */
function planReplaceTable(dialect: Dialect, input: TablePlanInput): PlanStep[] {
  return [
    ...dropLeftoverStaging(dialect, input.relation, input.existingStaging),
    ...dropViewInTheWay(dialect, input.relation, input.existing),
    {
      sql: input.contract
        ? dialect.createTableAs(input.relation, contractedSelect(dialect, input.contract.columns, input.selectSql), {
            ...input.options,
            replace: true,
            definitions: input.contract.definitions,
          })
        : dialect.createTableAs(input.relation, normalizeSelect(input.selectSql), { ...input.options, replace: true }),
      purpose: 'build and swap in one statement',
      reportsRows: true,
    },
  ];
}

function dropViewInTheWay(dialect: Dialect, relation: RelationName, existing?: RelationKind): PlanStep[] {
  return existing === 'view'
    ? [{ sql: dialect.dropRelation(relation, 'view'), purpose: 'drop the view a table replaces' }]
    : [];
}

/** Drop a staging relation a failed run left behind. */
export function dropLeftoverStaging(dialect: Dialect, relation: RelationName, kind?: RelationKind): PlanStep[] {
  if (kind === undefined) return [];
  return [
    {
      sql: dialect.dropRelation(withSuffix(relation, STAGING_SUFFIX), kind),
      purpose: 'drop a leftover staging relation',
    },
  ];
}

/**
 * Replace `relation` by its staging table. With an atomic CREATE OR REPLACE: copy it over
 * in one statement. With transactional DDL: drop and rename in one transaction. Without:
 * rename the old one aside first, so the name is missing only between two renames, and a
 * failure leaves the old data in the backup.
 */
export function planSwap(dialect: Dialect, relation: RelationName, state: SwapState): PlanStep[] {
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const renameIn: PlanStep = {
    sql: dialect.renameRelation(staging, relation.identifier, 'table'),
    purpose: 'rename the new table in',
  };
  const { existing } = state;
  if (dialect.capabilities.createOrReplaceTable) {
    return [
      ...dropViewInTheWay(dialect, relation, existing),
      {
        sql: dialect.createTableAs(relation, `SELECT * FROM ${dialect.renderRelation(staging)}`, { replace: true }),
        purpose: 'swap the staged rows in',
      },
      { sql: dialect.dropRelation(staging, 'table'), purpose: 'drop the staging table' },
    ];
  }
  if (existing === undefined) return [renameIn];
  if (dialect.capabilities.transactionalDdl) {
    const drop = { sql: dialect.dropRelation(relation, existing), purpose: `drop the old ${existing}` };
    return inTransaction(dialect, [drop, renameIn], true);
  }
  const backup = withSuffix(relation, BACKUP_SUFFIX);
  const steps: PlanStep[] = [];
  if (state.existingBackup !== undefined) {
    steps.push({ sql: dialect.dropRelation(backup, state.existingBackup), purpose: 'drop a leftover backup' });
  }
  steps.push(
    { sql: dialect.renameRelation(relation, backup.identifier, existing), purpose: `move the old ${existing} aside` },
    renameIn,
    { sql: dialect.dropRelation(backup, existing), purpose: `drop the old ${existing}` },
  );
  return steps;
}
