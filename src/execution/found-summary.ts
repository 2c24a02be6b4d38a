import type { Manifest } from '../manifest/types.js';

/** `Found 3 models, 1 seed... ` — what the parse found, as the first line of a command says it. */
export function foundSummary(manifest: Manifest): string {
  const counts = { model: 0, seed: 0, test: 0, analysis: 0, snapshot: 0, unit_test: 0 };
  for (const node of manifest.nodes.values()) counts[node.resourceType]++;
  return (
    `Found ${counts.model} models, ${counts.seed} seeds, ` +
    (counts.snapshot > 0 ? `${counts.snapshot} snapshots, ` : '') +
    `${counts.test} data tests, ` +
    `${manifest.sources.size} sources, ${manifest.macros.size} macros` +
    (counts.analysis > 0 ? `, ${counts.analysis} analyses` : '') +
    (counts.unit_test > 0 ? `, ${counts.unit_test} unit tests` : '') +
    (manifest.operations ? `, ${manifest.operations.size} operations` : '') +
    (manifest.exposures ? `, ${manifest.exposures.size} exposures` : '')
  );
}
