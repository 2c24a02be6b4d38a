import { configToJson } from '../manifest/config-json.js';
import { exposureToJson } from '../artifacts/exposure-json.js';
import { sourceConfigJson } from '../artifacts/source-config-json.js';
import { snapshotConfigJson } from '../artifacts/snapshot-config-json.js';
import { exposureFingerprint } from '../exposures/exposure-fingerprint.js';
import type { ExternalLocation, ManifestNode } from '../manifest/types.js';
import { stableJson } from './stable-json.js';
import type { ExternalFingerprint, PreviousNode, PreviousState } from './state.js';

/**
 * The values of the `state:` selector method. `modified` is any of body, configs or
 * descriptions; as in dbt, a new node counts as modified in every sub-selector.
 */
export const STATE_SELECTORS = [
  'new',
  'old',
  'modified',
  'modified.body',
  'modified.configs',
  'modified.descriptions',
  'unmodified',
] as const;

export type StateSelector = (typeof STATE_SELECTORS)[number];

/** Whether a node of the current manifest matches a `state:` selector against the previous run. */
export function matchesState(node: ManifestNode, state: PreviousState, selector: StateSelector): boolean {
  const previous = state.nodes.get(node.uniqueId);
  switch (selector) {
    case 'new':
      return previous === undefined;
    case 'old':
      return previous !== undefined;
    case 'modified':
      return (
        previous === undefined ||
        bodyChanged(node, previous) ||
        configChanged(node, previous) ||
        descriptionChanged(node, previous)
      );
    case 'modified.body':
      return previous === undefined || bodyChanged(node, previous);
    case 'modified.configs':
      return previous === undefined || configChanged(node, previous);
    case 'modified.descriptions':
      return previous === undefined || descriptionChanged(node, previous);
    case 'unmodified':
      return previous !== undefined && !matchesState(node, state, 'modified');
  }
}

/** SQL or CSV content for nodes (by checksum); where the files live for sources, which have no body. */
function bodyChanged(node: ManifestNode, previous: PreviousNode): boolean {
  if (node.resourceType === 'source') {
    return stableJson(externalFingerprint(node.external)) !== stableJson(previous.external);
  }
  if (node.resourceType === 'exposure') return exposureFingerprint(exposureToJson(node, 0)) !== previous.checksum;
  return node.checksum !== previous.checksum;
}

function configChanged(node: ManifestNode, previous: PreviousNode): boolean {
  // a unit test's checksum covers its whole YAML entry, config included
  if (node.resourceType === 'unit_test') return node.checksum !== previous.checksum;
  if (node.resourceType === 'exposure') return stableJson(exposureToJson(node, 0).config) !== previous.configJson;
  if (node.resourceType === 'source') return stableJson(sourceConfigJson(node)) !== previous.configJson;
  if (node.resourceType === 'snapshot') return stableJson(snapshotConfigJson(node)) !== previous.configJson;
  return stableJson(configToJson(node.config, node.resourceType, node.meta)) !== previous.configJson;
}

function descriptionChanged(node: ManifestNode, previous: PreviousNode): boolean {
  return node.description !== previous.description;
}

function externalFingerprint(external: ExternalLocation | undefined): ExternalFingerprint | undefined {
  if (external === undefined) return undefined;
  return {
    location: external.location,
    format: external.format,
    partitions: external.partitions,
    fileGlob: external.fileGlob,
  };
}
