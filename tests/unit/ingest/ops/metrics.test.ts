import { describe, expect, it } from 'vitest';
import { IngestMetrics } from '../../../../ingest/ops/ingest-metrics.js';
import {
  Counter,
  Gauge,
  Histogram,
  MetricsRegistry,
  formatLabels,
  formatValue,
} from '../../../../src/ops/prometheus.js';
import { parseMetrics, metricSum } from '../../../support/ingest-harness.js';

describe('Prometheus text format', () => {
  it('writes HELP and TYPE before the samples of each metric', () => {
    const registry = new MetricsRegistry();
    const counter = registry.register(new Counter('strata_ingest_records_rejected_total', 'Records set aside.'));
    counter.inc({ topic: 'orders', reason: 'schema' }, 2);
    counter.inc({ topic: 'orders', reason: 'schema' });
    counter.inc({ topic: 'users', reason: 'not_json' });
    registry.register(new Gauge('strata_ingest_open_files', 'Files being built.', (gauge) => gauge.set({}, 4)));
    expect(registry.format()).toBe(
      [
        '# HELP strata_ingest_records_rejected_total Records set aside.',
        '# TYPE strata_ingest_records_rejected_total counter',
        'strata_ingest_records_rejected_total{topic="orders",reason="schema"} 3',
        'strata_ingest_records_rejected_total{topic="users",reason="not_json"} 1',
        '# HELP strata_ingest_open_files Files being built.',
        '# TYPE strata_ingest_open_files gauge',
        'strata_ingest_open_files 4',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text, and writes special values', () => {
    expect(formatLabels({ topic: 'a"b\\c\nd' })).toBe('{topic="a\\"b\\\\c\\nd"}');
    expect(formatLabels({})).toBe('');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(0.25)).toBe('0.25');
    const registry = new MetricsRegistry();
    registry.register(new Counter('x_total', 'one\\two\nthree'));
    expect(registry.format()).toContain('# HELP x_total one\\\\two\\nthree\n');
  });

  it('histograms have cumulative buckets, +Inf, sum and count', () => {
    const histogram = new Histogram('strata_ingest_flush_seconds', 'Flush time.', [0.1, 1, 10]);
    for (const value of [0.05, 0.5, 0.5, 5, 50]) histogram.observe(value);
    expect(histogram.lines()).toEqual([
      'strata_ingest_flush_seconds_bucket{le="0.1"} 1',
      'strata_ingest_flush_seconds_bucket{le="1"} 3',
      'strata_ingest_flush_seconds_bucket{le="10"} 4',
      'strata_ingest_flush_seconds_bucket{le="+Inf"} 5',
      'strata_ingest_flush_seconds_sum 56.05',
      'strata_ingest_flush_seconds_count 5',
    ]);
  });

  it('the ingester exposes every metric the operations need, in a form a parser reads back', () => {
    const metrics = new IngestMetrics({ openFiles: () => 3, bufferedBytes: () => 1024, pausedPartitions: () => 1 });
    metrics.consumed.inc({ topic: 'orders' }, 10);
    metrics.written.inc({ topic: 'orders' }, 8);
    metrics.rejected.inc({ topic: 'orders', reason: 'schema' }, 2);
    metrics.lag.set({ topic: 'orders', partition: 0 }, 42);
    metrics.flushSeconds.observe(0.2);
    const samples = parseMetrics(metrics.format());
    const names = new Set(samples.map((sample) => sample.name));
    for (const name of [
      'strata_ingest_records_consumed_total',
      'strata_ingest_records_written_total',
      'strata_ingest_records_rejected_total',
      'strata_ingest_consumer_lag',
      'strata_ingest_flush_seconds_bucket',
      'strata_ingest_open_files',
      'strata_ingest_buffered_bytes',
      'strata_ingest_paused_partitions',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(metricSum(samples, 'strata_ingest_records_consumed_total')).toBe(
      metricSum(samples, 'strata_ingest_records_written_total') +
        metricSum(samples, 'strata_ingest_records_rejected_total'),
    );
    expect(metricSum(samples, 'strata_ingest_consumer_lag', { topic: 'orders', partition: '0' })).toBe(42);
    expect(metricSum(samples, 'strata_ingest_open_files')).toBe(3);
  });
});
