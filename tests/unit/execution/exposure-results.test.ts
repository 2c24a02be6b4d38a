import { describe, expect, it } from 'vitest';
import type { NodeResult } from '../../../src/artifacts/run-results-json.js';
import { exposureResults } from '../../../src/execution/exposure-results.js';
import { Reporter } from '../../../src/execution/reporter.js';
import { RunProgress } from '../../../src/execution/run-progress.js';
import type { ExposureNode } from '../../../src/manifest/types.js';

function capture(total: number): { progress: RunProgress; lines: string[] } {
  const lines: string[] = [];
  // lines without their timestamp; no colours
  const reporter = new Reporter((line) => lines.push(line.replace(/^\d\d:\d\d:\d\d {2}/, '')), false);
  return { progress: new RunProgress(reporter, total), lines };
}

const board = {
  uniqueId: 'exposure.shop.board',
  name: 'board',
  resourceType: 'exposure',
  dependsOn: ['model.shop.orders'],
} as ExposureNode;

const resultOf = (status: NodeResult['status']): Map<string, NodeResult> =>
  new Map([['model.shop.orders', { uniqueId: 'model.shop.orders', status, timings: [], threadId: 'Thread-1' }]]);

describe('exposureResults', () => {
  it('reports an exposure whose parents succeeded as a no-op, numbered after the nodes', () => {
    const { progress, lines } = capture(2);
    progress.line('model.shop.orders', 'ok', 'OK created sql table model main.orders', 'OK');
    const [result] = exposureResults([board], resultOf('success'), progress, false);
    expect(result).toMatchObject({ uniqueId: 'exposure.shop.board', status: 'no-op', message: 'NO-OP', failures: 0 });
    expect(result!.timings.map((timing) => timing.name)).toEqual(['compile', 'execute']);
    expect(lines[1]).toMatch(/^2 of 2 NO-OP exposure board \.+ \[NO-OP in 0\.00s\]$/);
  });

  it('skips an exposure when a node it reads did not succeed, or the run was stopped', () => {
    const { progress, lines } = capture(1);
    const [failed] = exposureResults([board], resultOf('error'), progress, false);
    expect(failed).toMatchObject({ status: 'skipped', message: 'Skipped: upstream model.shop.orders did not succeed' });
    expect(lines[0]).toMatch(/^1 of 1 SKIP exposure board \.+ \[SKIP\]$/);
    const [stopped] = exposureResults([board], resultOf('success'), capture(1).progress, true);
    expect(stopped).toMatchObject({ status: 'skipped', message: 'Skipped: the run was stopped' });
  });
});
