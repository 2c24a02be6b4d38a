import type { Manifest } from '../manifest/types.js';

/**
 * The selection plus every enabled test that depends on at least one selected node:
 * dbt's default "eager" indirect selection, so `--select stg_orders` also runs the tests
 * on stg_orders, including a relationships test whose other parent is not selected.
 * Returns a new set; the input is left as it was.
 */
export function addAttachedTests(selected: ReadonlySet<string>, manifest: Manifest): Set<string> {
  const result = new Set(selected);
  for (const node of manifest.nodes.values()) {
    const isTest = node.resourceType === 'test' || node.resourceType === 'unit_test';
    if (!isTest || node.config.enabled === false || result.has(node.uniqueId)) continue;
    if (node.dependsOn.some((parent) => selected.has(parent))) result.add(node.uniqueId);
  }
  return result;
}
