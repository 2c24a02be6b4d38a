import { describe, expect, it } from 'vitest';
import type { FailureStreak } from '../../../../ingest/pipeline/flush-backoff.js';
import { healthStatus, type IngesterFacts } from '../../../../ingest/ops/health-status.js';
import { UNHEALTHY_AFTER_FAILURES, writeHealth } from '../../../../ingest/ops/write-health.js';

const SINCE = Date.parse('2026-12-06T04:00:00.000Z');

function streak(partition: number, failures: number, error = 'EACCES: permission denied'): FailureStreak {
  return { topic: 'orders', partition, failures, since: SINCE + partition * 1_000, error };
}

function facts(overrides: Partial<IngesterFacts> = {}): IngesterFacts {
  return { connected: true, joined: true, stopping: false, assignedPartitions: 3, failing: [], ...overrides };
}

describe('write health', () => {
  it('tolerates a failed flush or two, then turns unhealthy with the partition and the last error', () => {
    expect(writeHealth([streak(0, UNHEALTHY_AFTER_FAILURES - 1)])).toEqual({ healthy: true, failing: [] });
    const verdict = writeHealth([streak(0, UNHEALTHY_AFTER_FAILURES), streak(1, 1)]);
    expect(verdict.healthy).toBe(false);
    expect(verdict.reason).toBe(
      'writes keep failing: partition orders/0 failed 3 flushes in a row since 2026-12-06T04:00:00.000Z ' +
        '(last error: EACCES: permission denied)',
    );
    expect(verdict.failing).toEqual([
      {
        topic: 'orders',
        partition: 0,
        failed_flushes: 3,
        failing_since: '2026-12-06T04:00:00.000Z',
        error: 'EACCES: permission denied',
      },
    ]);
  });

  it('names how many partitions fail, the oldest first', () => {
    const verdict = writeHealth([streak(2, 4, 'ENOSPC'), streak(1, 7, 'EROFS')]);
    expect(verdict.reason).toBe(
      'writes keep failing on 2 partitions, the first since 2026-12-06T04:00:01.000Z (last error on orders/1: EROFS)',
    );
    expect(verdict.failing.map((failure) => failure.partition)).toEqual([1, 2]);
  });

  it('names Kinesis shards by their ids', () => {
    const shard = (number: number): FailureStreak => ({
      ...streak(number, 3, 'ENOTDIR'),
      shard: `shardId-00000000000${number}`,
    });
    expect(writeHealth([shard(1)]).reason).toBe(
      'writes keep failing: shard orders/shardId-000000000001 failed 3 flushes in a row ' +
        'since 2026-12-06T04:00:01.000Z (last error: ENOTDIR)',
    );
    const two = writeHealth([shard(2), shard(1)]);
    expect(two.reason).toBe(
      'writes keep failing on 2 shards, the first since 2026-12-06T04:00:01.000Z ' +
        '(last error on orders/shardId-000000000001: ENOTDIR)',
    );
    expect(two.failing[0]).toMatchObject({ topic: 'orders', partition: 1, shard_id: 'shardId-000000000001' });
  });
});

describe('/healthz', () => {
  it('is healthy while connected, in the group and landing data', () => {
    expect(healthStatus(facts())).toEqual({
      healthy: true,
      detail: { connected: true, joined: true, stopping: false, assigned_partitions: 3 },
    });
  });

  it('is unhealthy when writes keep failing, with the reason and the failing partitions in the body', () => {
    const status = healthStatus(facts({ failing: [streak(0, 5)] }));
    expect(status.healthy).toBe(false);
    expect(status.detail.reason).toContain('writes keep failing: partition orders/0 failed 5 flushes');
    expect(status.detail.write_failures).toEqual([
      expect.objectContaining({ topic: 'orders', partition: 0, failed_flushes: 5 }),
    ]);
  });

  it('says the first thing that is wrong otherwise', () => {
    expect(healthStatus(facts({ connected: false })).detail.reason).toBe('not connected to Kafka');
    expect(healthStatus(facts({ joined: false })).detail.reason).toBe('not a member of the consumer group yet');
    expect(healthStatus(facts({ stopping: true })).detail.reason).toBe('stopping');
    const crashed = healthStatus(facts({ crashed: new Error('broker gone'), failing: [streak(0, 9)] }));
    expect(crashed.detail).toMatchObject({ reason: 'the Kafka consumer crashed: broker gone', error: 'broker gone' });
  });

  it('speaks of Kinesis, not Kafka, for a Kinesis worker', () => {
    const kinesis = (overrides: Partial<IngesterFacts>) => healthStatus(facts({ source: 'kinesis', ...overrides }));
    const reasons = [
      kinesis({ connected: false }).detail.reason,
      kinesis({ joined: false }).detail.reason,
      kinesis({ crashed: new Error('gone') }).detail.reason,
    ];
    expect(reasons).toEqual([
      'not connected to Kinesis (the last shard listing or lease-table pass failed)',
      'no shard listing and lease-table pass done yet',
      'the Kinesis worker crashed: gone',
    ]);
    expect(reasons.join(' ')).not.toMatch(/kafka|consumer group/i);
  });
});
