import type { Manifest } from '../manifest/types.js';

/** `3 models`, `1 seed`, `1 analysis`: a count with its noun, singular for one, as dbt writes it. */
function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** `Found 3 models, 1 seed... ` — what the parse found, as the first line of a command says it. */
export function foundSummary(manifest: Manifest): string {
  const counts = { model: 0, seed: 0, test: 0, analysis: 0, snapshot: 0, unit_test: 0 };
  for (const node of manifest.nodes.values()) counts[node.resourceType]++;
  return (
    `Found ${counted(counts.model, 'model')}, ${counted(counts.seed, 'seed')}, ` +
    (counts.snapshot > 0 ? `${counted(counts.snapshot, 'snapshot')}, ` : '') +
    `${counted(counts.test, 'data test')}, ` +
    `${counted(manifest.sources.size, 'source')}, ${counted(manifest.macros.size, 'macro')}` +
    (counts.analysis > 0 ? `, ${counted(counts.analysis, 'analysis', 'analyses')}` : '') +
    (counts.unit_test > 0 ? `, ${counted(counts.unit_test, 'unit test')}` : '') +
    (manifest.operations ? `, ${counted(manifest.operations.size, 'operation')}` : '') +
    (manifest.exposures ? `, ${counted(manifest.exposures.size, 'exposure')}` : '')
  );
}
