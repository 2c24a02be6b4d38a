import type { TargetConfig } from '../adapters/contract.js';
import type { NodeConfig, RelationName } from '../manifest/types.js';

/**
 * Where a model or seed lands, following dbt's default `generate_schema_name`:
 * a custom schema is appended to the target's (`main_staging`), so developers
 * sharing a warehouse never overwrite each other's relations.
 */
export function nodeRelation(name: string, config: NodeConfig, target: TargetConfig): RelationName {
  const schema = config.schema ? `${target.schema}_${config.schema}` : target.schema;
  const relation: RelationName = { schema, identifier: config.alias ?? name };
  const database = config.database ?? target.database;
  if (database !== undefined) relation.database = database;
  return relation;
}
