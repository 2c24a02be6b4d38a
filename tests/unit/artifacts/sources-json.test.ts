import { describe, expect, it } from 'vitest';
import { SOURCES_SCHEMA_VERSION, sourcesToJson } from '../../../src/artifacts/sources-json.js';
import type { FreshnessResult } from '../../../src/freshness/measure-freshness.js';

const at = (iso: string) => new Date(iso);
const timings: FreshnessResult['timings'] = [
  { name: 'compile', startedAt: at('2026-05-01T12:00:00.000Z'), completedAt: at('2026-05-01T12:00:00.000Z') },
  { name: 'execute', startedAt: at('2026-05-01T12:00:00.004Z'), completedAt: at('2026-05-01T12:00:00.250Z') },
];

const META = {
  strataVersion: '0.1.0',
  generatedAt: at('2026-05-01T12:00:01.120Z'),
  invocationId: 'inv-1',
  startedAt: at('2026-05-01T11:59:59.000Z'),
  elapsedSeconds: 2,
};

describe('sources.json', () => {
  it("writes a checked source in dbt's sources v3 shape", () => {
    const result: FreshnessResult = {
      uniqueId: 'source.shop.bronze.orders',
      status: 'warn',
      criteria: { warnAfter: { count: 1, period: 'hour' }, filter: "dt >= '2026-05-01'" },
      maxLoadedAt: at('2026-05-01T09:00:00.000Z'),
      snapshottedAt: at('2026-05-01T12:00:00.031Z'),
      ageSeconds: 10800.031,
      timings,
      threadId: 'Thread-1',
      executionTime: 0.25,
    };
    expect(sourcesToJson([result], META)).toEqual({
      metadata: {
        dbt_schema_version: SOURCES_SCHEMA_VERSION,
        dbt_version: '0.1.0',
        // Python's six fraction digits, none when the fraction is zero
        generated_at: '2026-05-01T12:00:01.120000Z',
        invocation_id: 'inv-1',
        invocation_started_at: '2026-05-01T11:59:59Z',
        env: {},
      },
      results: [
        {
          unique_id: 'source.shop.bronze.orders',
          // Python's isoformat of zone-aware times, as dbt writes them
          max_loaded_at: '2026-05-01T09:00:00+00:00',
          snapshotted_at: '2026-05-01T12:00:00.031000+00:00',
          max_loaded_at_time_ago_in_s: 10800.031,
          status: 'warn',
          criteria: {
            warn_after: { count: 1, period: 'hour' },
            error_after: { count: null, period: null },
            filter: "dt >= '2026-05-01'",
          },
          adapter_response: { _message: 'OK' },
          timing: [
            { name: 'compile', started_at: '2026-05-01T12:00:00Z', completed_at: '2026-05-01T12:00:00Z' },
            { name: 'execute', started_at: '2026-05-01T12:00:00.004000Z', completed_at: '2026-05-01T12:00:00.250000Z' },
          ],
          thread_id: 'Thread-1',
          execution_time: 0.25,
        },
      ],
      elapsed_time: 2,
    });
  });

  it('leaves a check that failed to run out of the results, as dbt 1.11', () => {
    const failed: FreshnessResult = {
      uniqueId: 'source.shop.bronze.gone',
      status: 'runtime error',
      criteria: { errorAfter: { count: 1, period: 'day' } },
      message: 'Table with name gone does not exist!',
      timings,
      threadId: 'Thread-2',
      executionTime: 0.1,
    };
    const measured: FreshnessResult = { ...failed, uniqueId: 'source.shop.bronze.here', status: 'pass' };
    const results = sourcesToJson([failed, measured], META).results as { unique_id: string }[];
    expect(results.map((r) => r.unique_id)).toEqual(['source.shop.bronze.here']);
  });
});
