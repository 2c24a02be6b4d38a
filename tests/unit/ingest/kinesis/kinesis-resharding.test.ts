/**
 * Resharding as KCL handles it: a child shard is read only once its parents were read to
 * their end, so the records of a key are landed in the order they were put across a split
 * and a merge, each exactly once. The stream is the stand-in of resharding-stream.ts (the
 * test services' Kinesis never routes records to child shards, see there).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { KinesisIngester } from '../../../../ingest/sources/kinesis/kinesis-ingester.js';
import { readKinesisLake, readLeases } from '../../../support/kinesis-harness.js';
import { waitUntil } from '../../../support/ingest-harness.js';
import { ReshardingStream } from './resharding-stream.js';

const KEYS = 23;

function kinesisConfig(dir: string, stream: string) {
  writeFileSync(
    join(dir, 'ingest.yml'),
    [
      'source: kinesis',
      'kinesis: { region: us-east-1, failover_time_ms: 1000, max_records: 40, idle_time_between_reads_ms: 20 }',
      `topics: [{ name: ${stream} }]`,
      'destination: { path: lake }',
      'rotation: { max_records: 25, max_seconds: 0.2 }',
    ].join('\n'),
  );
  return loadIngestConfig('ingest.yml', { projectRoot: dir, env: {} });
}

it('reads a child shard only after its parents ended: each key in order across a split and a merge', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-resharding-'));
  const stream = new ReshardingStream('reshard', 2);
  let put = 0;
  const putMore = (count: number) => {
    for (let index = 0; index < count; index += 1, put += 1)
      stream.put(`k${put % KEYS}`, JSON.stringify({ id: put, event_time: '2026-01-05T08:00:00Z' }));
  };
  const config = kinesisConfig(dir, stream.name);
  const lake = join(dir, 'lake');
  const destination = new LocalDestination(lake);
  const ingester = new KinesisIngester({
    config: { ...config, kinesis: config.kinesis! },
    destination,
    logger: createLogger('warn', () => undefined),
    api: stream,
  });
  putMore(300);
  await ingester.start();
  stream.split('shardId-000000000000'); // children 2 and 3
  putMore(300);
  stream.merge('shardId-000000000003', 'shardId-000000000001'); // child 4
  putMore(300);
  await waitUntil(() => readKinesisLake(lake).bronzeLines.length >= 900, 60_000, 'every record in the lake');
  expect(await ingester.stop('test')).toBe(true);
  await destination.close();

  const landed = readKinesisLake(lake);
  expect(landed.bronzeLines.length).toBe(900);
  expect([...landed.counts.values()].every((count) => count === 1)).toBe(true);
  expect(landed.counts.size).toBe(900);
  // Sequence numbers of 56 digits are kept exactly in the lines and the file names.
  expect(landed.bronzeLines.every((line) => /^49\d{54}$/.test(line.sequence_number as string))).toBe(true);
  expect(landed.files.every((path) => /\+\d\+49\d{54}\.jsonl\.gz$/.test(path))).toBe(true);

  // No record of a child was read before each of its parents had ended.
  const firstRead = (shardId: string) => stream.reads.findIndex((read) => read.shardId === shardId);
  const endedAt = (shardId: string) => stream.reads.findLastIndex((read) => read.shardId === shardId);
  for (const [child, parents] of [
    ['shardId-000000000002', ['shardId-000000000000']],
    ['shardId-000000000003', ['shardId-000000000000']],
    ['shardId-000000000004', ['shardId-000000000003', 'shardId-000000000001']],
  ] as const) {
    expect(firstRead(child)).toBeGreaterThan(-1);
    for (const parent of parents) {
      expect(stream.ended).toContain(parent);
      expect(firstRead(child)).toBeGreaterThan(endedAt(parent));
    }
  }
  // Per key, records were read (and landed) in the order they were put.
  const idsByKey = new Map<string, number[]>();
  for (const line of landed.bronzeLines.sort((a, b) =>
    BigInt(a.sequence_number as string) < BigInt(b.sequence_number as string) ? -1 : 1,
  )) {
    const key = line.partition_key as string;
    idsByKey.set(key, [...(idsByKey.get(key) ?? []), (JSON.parse(line.payload as string) as { id: number }).id]);
  }
  const readOrder = new Map<string, string[]>();
  for (const read of stream.reads)
    readOrder.set(read.partitionKey, [...(readOrder.get(read.partitionKey) ?? []), read.sequenceNumber]);
  for (const [key, sequences] of readOrder) {
    const sorted = [...sequences].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(sequences, key).toEqual(sorted);
    expect(idsByKey.get(key), key).toEqual([...(idsByKey.get(key) ?? [])].sort((a, b) => a - b));
  }
  // The parents are checkpointed at their end; every lease was released on stop.
  const leases = readLeases(lake);
  expect(leases.get('strata-ingest/reshard/shardId-000000000000')?.checkpoint).toBe('SHARD_END');
  expect(leases.get('strata-ingest/reshard/shardId-000000000001')?.checkpoint).toBe('SHARD_END');
  expect(leases.get('strata-ingest/reshard/shardId-000000000003')?.checkpoint).toBe('SHARD_END');
  expect([...leases.values()].every((lease) => lease.owner === null)).toBe(true);
});
