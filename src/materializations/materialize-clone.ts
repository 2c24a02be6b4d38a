import type { Connection, Dialect, RelationKind } from '../adapters/contract.js';
import type { NodeConfig, RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import type { RelationInspector } from './introspect.js';
import type { MaterializationResult } from './materialization-result.js';
import { materializeModel } from './materialize-model.js';

/** What `strata clone` needs to clone one node. */
export interface CloneInput {
  connection: Connection;
  dialect: Dialect;
  /** the node's relation in the current target */
  relation: RelationName;
  /** the relation the state manifest recorded for the node */
  source: RelationName;
  /** what stands at `source`, when known */
  sourceKind?: RelationKind;
  /** what stands at `relation`, when anything */
  existing?: RelationKind;
  config: NodeConfig;
  projectRoot: string;
  inspect?: RelationInspector;
}

/**
 * dbt's clone materialization: a zero-copy table clone where the warehouse has one and the
 * source is a table (Snowflake), else a view selecting everything from the source (built by
 * the view materialization, so replacing what stands there follows the same plan).
 */
export async function materializeClone(input: CloneInput): Promise<MaterializationResult> {
  const { connection, dialect, relation, source } = input;
  const clone = input.sourceKind === 'table' ? dialect.cloneTable(relation, source, input.config) : undefined;
  if (clone !== undefined) {
    const executor = new PlanExecutor(connection, dialect);
    const steps = [];
    // a view cannot be replaced by a table in one statement
    if (input.existing !== undefined && input.existing !== 'table') {
      steps.push({
        sql: dialect.dropRelation(relation, input.existing),
        purpose: `drop the existing ${input.existing}`,
      });
    }
    steps.push({ sql: clone, purpose: 'clone the table' });
    await executor.run(steps);
    return { kind: 'table', executedSql: executor.executedSql, message: 'CLONE' };
  }
  return materializeModel({
    connection,
    dialect,
    relation,
    compiledSql: `select * from ${dialect.renderRelation(source)}`,
    config: { ...input.config, materialized: 'view' },
    fullRefresh: true,
    projectRoot: input.projectRoot,
    inspect: input.inspect,
  });
}
