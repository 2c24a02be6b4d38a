import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../../src/feed/commit-record.js';
import { ModelFreshness, type ModelRun } from '../../../src/watch/model-freshness.js';
import { WatchMetrics } from '../../../src/watch/watch-metrics.js';

const T0 = Date.parse('2026-01-05T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function commit(minEvent: number, maxEvent: number | null, ingested: number): CommitRecord {
  return {
    version: 1,
    id: `orders+0+${minEvent}`,
    topic: 'orders',
    partition: 0,
    start_offset: minEvent,
    end_offset: minEvent + 1,
    files: [],
    rows: 1,
    rejected_rows: 0,
    min_event_time: maxEvent === null ? null : at(minEvent),
    max_event_time: maxEvent === null ? null : at(maxEvent),
    ingested_at: at(ingested),
  };
}

const run = (over: Partial<ModelRun>): ModelRun => ({
  model: 'orders_daily',
  status: 'success',
  seconds: 0.5,
  builtAt: T0 + 10_000,
  commits: [],
  ...over,
});

describe('model freshness', () => {
  it("is the time since the newest event of the commits its runs covered, with the batch's latencies", () => {
    const freshness = new ModelFreshness();
    // two commits: events up to 4 s, the later one recorded at 6 s; built at 10 s
    const after = freshness.record(run({ commits: [commit(1, 4, 5), commit(2, 3, 6)] }));
    expect(after).toEqual({ freshnessSeconds: 6, eventLatencySeconds: 6, ingestLatencySeconds: 4 });
    expect(freshness.freshnessSeconds('orders_daily', T0 + 30_000)).toBe(26);
    // a late batch (events up to 2 s) leaves the newest event where it was, but is its own latency
    const late = freshness.record(run({ builtAt: T0 + 20_000, commits: [commit(0, 2, 18)] }));
    expect(late).toEqual({ freshnessSeconds: 16, eventLatencySeconds: 18, ingestLatencySeconds: 2 });
  });

  it('is unknown before a commit reached the model, and a failed run leaves it as it was', () => {
    const freshness = new ModelFreshness();
    expect(freshness.record(run({ commits: [] }))).toEqual({});
    expect(freshness.freshnessSeconds('orders_daily', T0)).toBeUndefined();
    expect(freshness.record(run({ status: 'error', commits: [commit(1, 9, 9)] }))).toEqual({});
    expect(freshness.freshnessSeconds('orders_daily', T0)).toBeUndefined();
    // a commit of rejected records only has no event times
    expect(freshness.record(run({ commits: [commit(1, null, 9)] }))).toEqual({ ingestLatencySeconds: 1 });
  });

  it('warns once per run that leaves the model staler than its target, naming model, age and target', () => {
    const freshness = new ModelFreshness();
    const met = freshness.record(run({ targetMs: 5_000, builtAt: T0 + 4_000, commits: [commit(0, 1, 2)] }));
    expect(met.missed).toBeUndefined();
    const missed = freshness.record(run({ targetMs: 5_000, builtAt: T0 + 8_500, commits: [commit(1, 2, 3)] }));
    expect(missed.missed).toBe(
      'model orders_daily missed its freshness target: its newest event is 6.5s old after the run (target 5s)',
    );
    expect(freshness.models().get('orders_daily')?.missed).toBe(true);
    const caughtUp = freshness.record(run({ targetMs: 5_000, builtAt: T0 + 9_000, commits: [commit(2, 7, 8)] }));
    expect(caughtUp.missed).toBeUndefined();
    expect(freshness.models().get('orders_daily')?.missed).toBe(false);
  });
});

describe('watch metrics', () => {
  it('exposes freshness, latencies, target misses and runs per model in the Prometheus text format', () => {
    let now = T0 + 10_000;
    const metrics = new WatchMetrics(() => now);
    metrics.record(run({ targetMs: 5_000, commits: [commit(1, 4, 5)], seconds: 0.25 }));
    metrics.record(run({ model: 'stg_orders', status: 'error', seconds: 0.125, commits: [commit(1, 4, 5)] }));
    now = T0 + 12_000;
    const text = metrics.registry.format();
    expect(text).toContain('# TYPE strata_model_freshness_seconds gauge');
    expect(text).toContain('strata_model_freshness_seconds{model="orders_daily"} 8\n');
    // the failed model contains nothing known yet: no freshness sample for it
    expect(text).not.toContain('strata_model_freshness_seconds{model="stg_orders"}');
    expect(text).toContain(`strata_model_newest_event_timestamp_seconds{model="orders_daily"} ${(T0 + 4000) / 1000}\n`);
    expect(text).toContain('strata_model_event_latency_seconds{model="orders_daily"} 6\n');
    expect(text).toContain('strata_model_ingest_latency_seconds{model="orders_daily"} 5\n');
    expect(text).toContain('strata_model_freshness_target_seconds{model="orders_daily"} 5\n');
    expect(text).toContain('strata_model_freshness_target_missed{model="orders_daily"} 1\n');
    expect(text).toContain('# TYPE strata_model_freshness_target_misses_total counter');
    expect(text).toContain('strata_model_freshness_target_misses_total{model="orders_daily"} 1\n');
    expect(text).toContain('strata_model_runs_total{model="orders_daily",status="success"} 1\n');
    expect(text).toContain('strata_model_runs_total{model="stg_orders",status="error"} 1\n');
    expect(text).toContain('strata_model_run_duration_seconds_total{model="stg_orders"} 0.125\n');
    expect(text).toContain('strata_model_last_run_duration_seconds{model="orders_daily"} 0.25\n');
    expect(text).toMatch(/# HELP strata_model_freshness_seconds \S/);
  });
});
