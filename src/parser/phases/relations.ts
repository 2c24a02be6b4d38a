import type { ManifestBuilder } from '../manifest-builder.js';

/**
 * Phase: each model, seed and snapshot claims the relation it builds, once every name is claimed
 * (a name clash is the clearer message when both apply). Node kinds that build a relation
 * are added before this phase; tests and analyses build none.
 */
export function claimRelations(builder: ManifestBuilder): void {
  for (const node of builder.manifest.nodes.values()) {
    if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot')
      builder.claimRelation(node);
  }
}
