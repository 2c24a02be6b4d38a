import type { Dialect } from '../adapters/contract.js';
import type { ModelContractSpec } from '../materializations/contract-check.js';
import { constraintTargetRelation } from '../manifest/constraint-target.js';
import type { Constraint, Manifest, ModelNode } from '../manifest/types.js';

/**
 * A model's enforced contract as the materializations take it (undefined without one):
 * its columns in YAML order, and foreign keys' `to:` rendered as the relations they name.
 */
export function contractSpecOf(node: ModelNode, manifest: Manifest, dialect: Dialect): ModelContractSpec | undefined {
  const contract = node.config.contract;
  if (!contract?.enforced) return undefined;
  const resolve = (constraint: Constraint): Constraint => {
    if (constraint.to === undefined) return constraint;
    const relation = constraintTargetRelation(manifest, node.packageName, constraint.to);
    return relation ? { ...constraint, to: dialect.renderRelation(relation) } : constraint;
  };
  return {
    model: node.name,
    file: node.patchPath ?? node.origin.file,
    line: node.patchPath ? node.patchLine : undefined,
    columns: Object.values(node.columns).map((column) => ({
      name: column.name,
      dataType: column.dataType ?? '',
      constraints: (column.constraints ?? []).map(resolve),
    })),
    constraints: (node.constraints ?? []).map(resolve),
    aliasTypes: contract.aliasTypes,
  };
}
