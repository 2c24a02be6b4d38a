import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/manifest/types.js';
import { foundSummary } from '../../../src/execution/found-summary.js';

/** A manifest holding `count` nodes of each resource type, and `sources` and `macros` of their own. */
function manifestOf(counts: Record<string, number>, sources: number, macros: number): Manifest {
  const nodes = Object.entries(counts).flatMap(([resourceType, count]) =>
    Array.from({ length: count }, (_, i) => [`${resourceType}.p.n${i}`, { resourceType }] as const),
  );
  const numbered = (n: number) => new Map(Array.from({ length: n }, (_, i) => [String(i), {}]));
  return { nodes: new Map(nodes), sources: numbered(sources), macros: numbered(macros) } as unknown as Manifest;
}

describe('the Found line', () => {
  it('writes one of a kind in the singular, as dbt does', () => {
    const manifest = manifestOf({ model: 1, seed: 1, snapshot: 1, test: 1, analysis: 1, unit_test: 1 }, 1, 1);
    expect(foundSummary(manifest)).toBe(
      'Found 1 model, 1 seed, 1 snapshot, 1 data test, 1 source, 1 macro, 1 analysis, 1 unit test',
    );
  });

  it('writes other counts in the plural; snapshots, analyses and unit tests only when there are some', () => {
    const manifest = manifestOf({ model: 2, seed: 0, snapshot: 3, test: 0, analysis: 2 }, 0, 5);
    expect(foundSummary(manifest)).toBe(
      'Found 2 models, 0 seeds, 3 snapshots, 0 data tests, 0 sources, 5 macros, 2 analyses',
    );
  });
});
