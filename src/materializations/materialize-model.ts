import { resolve } from 'node:path';
import { canWriteLocalLake, type Connection, type Dialect } from '../adapters/contract.js';
import { hasTableCatalog } from '../adapters/table-catalog.js';
import { displayPath } from '../config/display-path.js';
import { StrataError } from '../errors/strata-error.js';
import type { NodeConfig, RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { dropCatalogTable, materializeCatalogTable } from './materialize-catalog-table.js';
import { materializeIncremental } from './materialize-incremental.js';
import { materializeLakeTable } from './materialize-lake-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { planTable } from './plan-table.js';
import { planView } from './plan-view.js';
import { checkContract, type ModelContractSpec } from './contract-check.js';
import { contractDdl, type ContractDdl } from './contract-ddl.js';

/** Everything the runner hands over to build one model. */
export interface MaterializeModelInput {
  connection: Connection;
  dialect: Dialect;
  /** where the model lives (schema and identifier already resolved, alias applied) */
  relation: RelationName;
  /** the compiled SELECT, ephemeral CTEs already injected */
  compiledSql: string;
  config: NodeConfig;
  /** the `--full-refresh` flag; a model's own `full_refresh` config wins over it */
  fullRefresh: boolean;
  /** absolute project root: lake locations resolve against it */
  projectRoot: string;
  /** the model's unique id, which marks the lake folders it writes (default: named after the relation) */
  modelId?: string;
  /** what exists already; default: list the schema through the connection */
  inspect?: RelationInspector;
  /** the model's enforced contract: checked before anything is built, and the table's DDL */
  contract?: ModelContractSpec;
}

/**
 * Build one model in the warehouse according to `config.materialized`. The schema must
 * exist (see `ensureSchema`). Warehouse errors come back as thrown `DatabaseError`s,
 * project mistakes (bad strategy, schema change refused) as `StrataError`s.
 */
export async function materializeModel(input: MaterializeModelInput): Promise<MaterializationResult> {
  const { connection, dialect, contract } = input;
  // The contract holds or nothing is built: the old relation stays as it is.
  if (contract && input.config.materialized !== 'ephemeral') {
    await checkContract(connection, dialect, contract, input.compiledSql);
  }
  const ddl = contract ? contractDdl(dialect, contract) : undefined;
  const result = await materializeChecked(input, ddl);
  return ddl && ddl.warnings.length > 0 && result.kind === 'table' ? { ...result, warnings: ddl.warnings } : result;
}

async function materializeChecked(input: MaterializeModelInput, ddl?: ContractDdl): Promise<MaterializationResult> {
  const { connection, dialect, relation, compiledSql: selectSql, config } = input;
  const fullRefresh = config.fullRefresh ?? input.fullRefresh;
  const inspect = (r: RelationName) => inspectWith(input.inspect, connection, r);
  switch (config.materialized) {
    case 'ephemeral':
      return { kind: 'ephemeral', executedSql: [], message: 'EPHEMERAL' };
    case 'view': {
      let { existing } = await inspect(relation);
      const executor = new PlanExecutor(connection, dialect);
      // A catalog table is files as well as a name: they go with it, not just the name.
      if (existing === 'table' && hasTableCatalog(connection)) {
        executor.executedSql.push(...(await dropCatalogTable(connection, dialect, relation)));
        existing = undefined;
      }
      await executor.run(planView(dialect, { relation, selectSql, existing, options: { extra: config.extra } }));
      return { kind: 'view', executedSql: executor.executedSql, message: 'CREATE VIEW' };
    }
    case 'table': {
      // Files plus a catalog entry (Athena): the connection builds and swaps itself.
      if (hasTableCatalog(connection)) return materializeCatalogTable(connection, dialect, relation, selectSql, config);
      // A local `location` is where DuckDB writes the table's files; a warehouse that
      // cannot write the local lake keeps the table itself instead.
      if (config.location !== undefined && (canWriteLocalLake(dialect) || config.location.startsWith('s3://'))) {
        return buildLakeTable(input, config.location);
      }
      const state = await inspect(relation);
      const executor = new PlanExecutor(connection, dialect);
      const options = { partitionBy: config.partitionBy, extra: config.extra };
      await executor.run(planTable(dialect, { ...state, relation, selectSql, options, contract: ddl }));
      const message = statusMessage('SELECT', executor.rowsAffected);
      return { kind: 'table', rowsAffected: executor.rowsAffected, executedSql: executor.executedSql, message };
    }
    case 'incremental':
      if (config.location !== undefined && !hasTableCatalog(connection))
        throw unsupported(input, 'incremental models with a location');
      return materializeIncremental({
        connection,
        dialect,
        relation,
        selectSql,
        config,
        fullRefresh,
        tableOptions: { partitionBy: config.partitionBy, extra: config.extra },
        location: config.location,
        inspect: input.inspect,
        contract: ddl,
      });
    default:
      throw unsupported(input, `materialized: '${config.materialized}' for a model`);
  }
}

function buildLakeTable(input: MaterializeModelInput, location: string): Promise<MaterializationResult> {
  const { dialect } = input;
  if (!canWriteLocalLake(dialect)) throw unsupported(input, 'lake tables (location)');
  const directory = resolve(input.projectRoot, location);
  return materializeLakeTable({
    connection: input.connection,
    dialect,
    relation: input.relation,
    modelId: input.modelId ?? `model.${input.relation.schema}.${input.relation.identifier}`,
    selectSql: input.compiledSql,
    directory,
    shownDirectory: displayPath(directory, input.projectRoot),
    partitionBy: input.config.partitionBy ?? [],
    inspect: input.inspect,
  });
}

function unsupported(input: MaterializeModelInput, what: string): StrataError {
  return new StrataError(`Model ${input.relation.identifier}: ${what} is not supported on ${input.dialect.name}.`);
}
