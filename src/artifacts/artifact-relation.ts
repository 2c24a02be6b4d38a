/**
 * How artifacts name relations. A DuckDB target names no database: its SQL reads `"main"."x"`
 * in the file it opened. dbt-duckdb writes that file's catalog (`shop` for `shop.duckdb`) as
 * each node's `database` and in its `relation_name` (`"shop"."main"."x"`), so Strata's artifacts
 * do too, and a relation read back from an artifact (`--defer`, `clone`) drops it again.
 */
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { targetDatabase } from '../adapters/registry.js';
import type { RelationName } from '../manifest/types.js';

/** `relation` as an artifact names it: in `database` when it names none. */
export function inDatabase(relation: RelationName, database: string | undefined): RelationName {
  if (relation.database !== undefined || database === undefined) return relation;
  return { database, schema: relation.schema, identifier: relation.identifier };
}

/**
 * A relation read from an artifact, named as `target`'s own relations are: without the database
 * when it is the one the target's relations are in implicitly (a DuckDB target's catalog).
 */
export function asTargetRelation(relation: RelationName, target: TargetConfig): RelationName {
  if (target.database !== undefined || relation.database === undefined) return relation;
  if (relation.database !== targetDatabase(target)) return relation;
  return { schema: relation.schema, identifier: relation.identifier };
}

/** What the manifest writer needs to name a target's relations as dbt does (no setting but the names). */
export interface TargetNaming {
  adapterType: string;
  renderRelation: (relation: RelationName) => string;
  targetSchema: string;
  targetDatabase?: string;
}

/** How manifest.json names the relations of `target`, rendered by its dialect. */
export function targetNaming(target: TargetConfig, dialect: Dialect): TargetNaming {
  return {
    adapterType: target.type,
    renderRelation: (relation) => dialect.renderRelation(relation),
    targetSchema: target.schema,
    targetDatabase: targetDatabase(target),
  };
}
