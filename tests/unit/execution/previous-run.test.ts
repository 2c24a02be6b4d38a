import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPreviousRun } from '../../../src/execution/previous-run.js';
import { expectStrataError } from '../../support/temp-project.js';

const root = mkdtempSync(join(tmpdir(), 'strata-previous-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
function runResults(json: unknown): string {
  const dir = join(root, `run-${folders++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'run_results.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return dir;
}

describe('the previous run strata retry repeats', () => {
  it('retries what errored, failed or was skipped, as dbt, and keeps the command and its args', () => {
    const dir = runResults({
      args: { which: 'build', select: ['tag:nightly'], target: 'prod' },
      results: [
        { unique_id: 'model.shop.ok', status: 'success' },
        { unique_id: 'model.shop.broken', status: 'error' },
        { unique_id: 'test.shop.failing', status: 'fail' },
        { unique_id: 'test.shop.warning', status: 'warn' },
        { unique_id: 'test.shop.passing', status: 'pass' },
        { unique_id: 'model.shop.downstream', status: 'skipped' },
      ],
    });
    expect(readPreviousRun(dir)).toEqual({
      kind: 'build',
      args: { which: 'build', select: ['tag:nightly'], target: 'prod' },
      retry: new Set(['model.shop.broken', 'test.shop.failing', 'model.shop.downstream']),
      microbatch: {},
    });
  });

  it("reruns only a partly built microbatch model's failed batches, on the retried run's clock", () => {
    const day = (d: string, next: string) => [`2024-01-${d}T00:00:00+00:00`, `2024-01-${next}T00:00:00+00:00`];
    const dir = runResults({
      metadata: { invocation_started_at: '2024-01-05T10:00:00.000Z' },
      args: {
        which: 'run',
        event_time_start: '2024-01-01T00:00:00+00:00',
        event_time_end: '2024-01-04T00:00:00+00:00',
      },
      results: [
        {
          unique_id: 'model.shop.daily',
          status: 'partial success',
          batch_results: { successful: [day('01', '02'), day('03', '04')], failed: [day('02', '03')] },
        },
      ],
    });
    const { retry, microbatch } = readPreviousRun(dir);
    expect(retry).toEqual(new Set(['model.shop.daily']));
    expect(microbatch.now).toEqual(new Date('2024-01-05T10:00:00Z'));
    expect(microbatch.window).toEqual({
      start: new Date('2024-01-01T00:00:00Z'),
      end: new Date('2024-01-04T00:00:00Z'),
    });
    const window = (d: string, next: string) => ({
      start: new Date(`2024-01-${d}T00:00:00Z`),
      end: new Date(`2024-01-${next}T00:00:00Z`),
    });
    expect(microbatch.retryBatches?.get('model.shop.daily')).toEqual([window('02', '03')]);
    expect(microbatch.doneBatches?.get('model.shop.daily')).toEqual([window('01', '02'), window('03', '04')]);
  });

  it('refuses a command it does not repeat, a missing file and a file that is no run_results.json', () => {
    expectStrataError(() => readPreviousRun(runResults({ args: { which: 'compile' }, results: [] })), {
      message: 'The previous command (compile) is not one strata retry repeats',
      hint: 'strata retry repeats run, test, seed, build.',
    });
    expectStrataError(() => readPreviousRun(join(root, 'nowhere')), {
      message: /^Could not find a previous run: no run_results\.json in /,
    });
    expectStrataError(() => readPreviousRun(runResults({ results: [] })), {
      message: /is not a run_results\.json: it has no "args" and "results"$/,
    });
    expectStrataError(() => readPreviousRun(runResults('{ not json')), { message: /is not valid JSON/ });
  });
});
