import type { TargetConfig } from '../adapters/contract.js';
import type { NodeConfig, RelationName } from '../manifest/types.js';

/**
 * Part of every name Strata gives the tables and folders of its builds (`<name>__strata_tmp`,
 * `__strata_backup`, `__strata_incoming`, `.__strata_old`): reserved, so that no model or
 * seed can be named like one and dropped by another's build.
 */
export const RESERVED_NAME_MARKER = '__strata_';

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
