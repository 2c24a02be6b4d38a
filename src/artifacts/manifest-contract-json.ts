/**
 * A model's `contract` and `constraints` in dbt's manifest v12 shape: the contract with its
 * checksum (over the contracted columns, their types and constraints, so `state:modified`
 * sees a changed contract), and each constraint with every key dbt writes. A foreign key's
 * `to:` is written as the relation it names, as dbt writes it.
 */
import { createHash } from 'node:crypto';
import { constraintTargetRelation } from '../manifest/constraint-target.js';
import type { Constraint, ModelNode } from '../manifest/types.js';
import type { NodeJsonContext } from './manifest-node-json.js';

type Json = Record<string, unknown>;

/** `to:` as written -> as manifest.json writes it. */
export type ConstraintTargetText = (to: string) => string;

/** A model's foreign-key targets rendered as relations (a target not found stays as written). */
export function constraintTargetText(node: ModelNode, ctx: NodeJsonContext): ConstraintTargetText {
  return (to) => {
    const relation = constraintTargetRelation(ctx.manifest, node.packageName, to);
    return relation ? ctx.renderRelation(relation) : to;
  };
}

/** Constraints as dbt writes them; model-level ones carry their `columns`. */
export function constraintsJson(
  constraints: Constraint[],
  level: 'column' | 'model',
  target: ConstraintTargetText,
): Json[] {
  return constraints.map((c) => ({
    type: c.type,
    name: c.name ?? null,
    expression: c.expression ?? null,
    warn_unenforced: c.warnUnenforced,
    warn_unsupported: c.warnUnsupported,
    to: c.to === undefined ? null : target(c.to),
    to_columns: c.toColumns,
    ...(level === 'model' ? { columns: c.columns } : {}),
  }));
}

/** The `contract` and `constraints` keys of a model entry. */
export function modelContractJson(node: ModelNode, ctx: NodeJsonContext): Json {
  const contract = node.config.contract;
  const enforced = contract?.enforced === true;
  const constraints = constraintsJson(node.constraints ?? [], 'model', constraintTargetText(node, ctx));
  return {
    contract: { enforced, alias_types: contract?.aliasTypes ?? true, checksum: enforced ? checksum(node) : null },
    constraints,
  };
}

function checksum(node: ModelNode): string {
  const columns = Object.values(node.columns)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => ({ name: c.name, dataType: c.dataType, constraints: c.constraints ?? [] }));
  const state = JSON.stringify({
    columns,
    materialized: node.config.materialized,
    constraints: node.constraints ?? [],
  });
  return createHash('sha256').update(state).digest('hex');
}
