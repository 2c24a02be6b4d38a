import { describe, expect, it } from 'vitest';
import { exposureNoOp, exposureSkipped } from '../../../src/execution/exposure-results.js';
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

describe('exposure results', () => {
  it("reports an exposure as a no-op on its worker's thread, numbered in the order units start", () => {
    const { progress, lines } = capture(2);
    progress.line('model.shop.orders', 'ok', 'OK created sql table model main.orders', 'OK');
    const result = exposureNoOp(board, progress, 1);
    expect(result).toMatchObject({
      uniqueId: 'exposure.shop.board',
      status: 'no-op',
      message: 'NO-OP',
      failures: 0,
      threadId: 'Thread-2',
    });
    expect(result.timings.map((timing) => timing.name)).toEqual(['compile', 'execute']);
    expect(lines[1]).toMatch(/^2 of 2 NO-OP exposure board \.+ \[NO-OP in 0\.00s\]$/);
  });

  it('reports a skipped exposure with the reason', () => {
    const { progress, lines } = capture(1);
    const skipped = exposureSkipped(board, progress, 'upstream orders did not succeed');
    expect(skipped).toMatchObject({ status: 'skipped', message: 'Skipped: upstream orders did not succeed' });
    expect(lines[0]).toMatch(/^1 of 1 SKIP exposure board \.+ \[SKIP\]$/);
  });
});
