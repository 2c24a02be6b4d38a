/**
 * `store_failures`: the failing rows are kept in a table of an audit schema
 * (`<target schema>_dbt_test__audit.<test name>`, where dbt keeps them, so a migrated
 * project's dashboards and cleanup jobs find them) for an engineer to inspect. Plain
 * planning: the runner executes the steps.
 */
import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';

/** The custom schema appended to the target schema: dbt's. */
export const DEFAULT_AUDIT_SCHEMA = 'dbt_test__audit';

/** Where a test's failures are stored. */
export interface StoreFailuresInput {
  /** the target's schema (from the profile) */
  targetSchema: string;
  database?: string;
  /** the (short) test name; it is the table's identifier */
  testName: string;
  /** the test's failing-rows query */
  failingRowsSql: string;
  /** a test's `schema` config, replacing `dbt_test__audit` */
  customSchema?: string;
}

/** The steps to store failures, and the query that reads them back. */
export interface StoreFailuresPlan {
  relation: RelationName;
  /** create the audit schema, drop the previous table, create the new one */
  steps: string[];
  /** failing rows read from the stored table: the result query counts these (as dbt does) */
  failingRowsSql: string;
}

/** The audit relation of a test: `<targetSchema>_<customSchema>.<testName>`. */
export function auditRelation(input: Omit<StoreFailuresInput, 'failingRowsSql'>): RelationName {
  const schema = `${input.targetSchema}_${input.customSchema ?? DEFAULT_AUDIT_SCHEMA}`;
  return {
    ...(input.database === undefined ? {} : { database: input.database }),
    schema,
    identifier: input.testName,
  };
}

/** Plan storing a test's failing rows through the dialect. */
export function planStoreFailures(dialect: Dialect, input: StoreFailuresInput): StoreFailuresPlan {
  const relation = auditRelation(input);
  return {
    relation,
    steps: [
      dialect.createSchema(relation.schema, relation.database),
      // Replaced each run: the table shows the failures of the latest run only.
      dialect.dropRelation(relation, 'table'),
      dialect.createTableAs(relation, input.failingRowsSql),
    ],
    failingRowsSql: `select * from ${dialect.renderRelation(relation)}`,
  };
}
