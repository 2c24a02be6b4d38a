import { describe, expect, it } from 'vitest';
import type { NodeResult } from '../../../src/artifacts/run-results-json.js';
import { Reporter } from '../../../src/execution/reporter.js';
import { RunProgress } from '../../../src/execution/run-progress.js';
import { runnerFor } from '../../../src/execution/runners/runner-registry.js';
import { notNullTest, seed, stgOrders } from '../artifacts/fixture-manifest.js';

function capture(): { progress: RunProgress; lines: string[] } {
  const lines: string[] = [];
  // lines without their timestamp; no colours
  const reporter = new Reporter((line) => lines.push(line.replace(/^\d\d:\d\d:\d\d {2}/, '')), false);
  return { progress: new RunProgress(reporter, 3), lines };
}

const passed: NodeResult = {
  uniqueId: notNullTest.uniqueId,
  status: 'pass',
  timings: [],
  threadId: 'Thread-1',
  executionTime: 0.5,
  adapterMessage: 'PASS',
};

describe('RunProgress', () => {
  it('numbers nodes in the order they start or are skipped, and a result keeps its start number', () => {
    const { progress, lines } = capture();
    progress.started(runnerFor(seed), seed);
    progress.skipped(runnerFor(stgOrders), stgOrders);
    progress.started(runnerFor(notNullTest), notNullTest);
    progress.finished(runnerFor(notNullTest), notNullTest, passed);
    expect(lines).toEqual([
      expect.stringMatching(/^1 of 3 START seed file main\.countries \.+ \[RUN\]$/),
      expect.stringMatching(/^2 of 3 SKIP relation main\.stg_orders \.+ \[SKIP\]$/),
      expect.stringMatching(/^3 of 3 START test not_null_stg_orders_order_id \.+ \[RUN\]$/),
      expect.stringMatching(/^3 of 3 PASS not_null_stg_orders_order_id \.+ \[PASS in 0\.50s\]$/),
    ]);
  });

  it("shows ERROR for a failed node, else the warehouse's message or OK", () => {
    const { progress, lines } = capture();
    const model = runnerFor(stgOrders);
    progress.finished(model, stgOrders, { ...passed, uniqueId: stgOrders.uniqueId, status: 'error' });
    progress.finished(model, stgOrders, { ...passed, status: 'success', adapterMessage: 'CREATE TABLE' });
    progress.finished(model, stgOrders, { ...passed, status: 'success', adapterMessage: undefined });
    expect(lines[0]).toMatch(/ERROR creating sql table model main\.stg_orders \.+ \[ERROR in 0\.50s\]$/);
    expect(lines[1]).toMatch(/OK created sql table model main\.stg_orders \.+ \[CREATE TABLE in 0\.50s\]$/);
    expect(lines[2]).toMatch(/OK created sql table model main\.stg_orders \.+ \[OK in 0\.50s\]$/);
  });
});
