/**
 * Rejection reasons of a Kinesis stream name its records' own time, the arrival time
 * (ApproximateArrivalTimestamp), not a Kafka timestamp. The classifier runs inside a real
 * worker reading the stand-in stream of resharding-stream.ts into a local lake.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { KinesisIngester } from '../../../../ingest/sources/kinesis/kinesis-ingester.js';
import { waitUntil } from '../../../support/ingest-harness.js';
import { readKinesisLake } from '../../../support/kinesis-harness.js';
import { ReshardingStream } from './resharding-stream.js';

it('says "the Kinesis arrival time" when an event time lies outside the window around it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-kinesis-reasons-'));
  writeFileSync(
    join(dir, 'ingest.yml'),
    [
      'source: kinesis',
      'kinesis: { region: us-east-1, idle_time_between_reads_ms: 20 }',
      'topics: [{ name: reasons }]',
      'destination: { path: lake }',
      'event_time_window: { future: 1d }',
      'rotation: { max_seconds: 0.2 }',
    ].join('\n'),
  );
  const config = loadIngestConfig('ingest.yml', { projectRoot: dir, env: {} });
  const stream = new ReshardingStream('reasons', 1);
  // the stand-in's records arrive on 2026-01-05
  stream.put('k1', JSON.stringify({ id: 1, event_time: '2026-01-05T08:00:00Z' }));
  stream.put('k2', JSON.stringify({ id: 2, event_time: '2029-01-05T08:00:00Z' }));
  const lake = join(dir, 'lake');
  const ingester = new KinesisIngester({
    config: { ...config, kinesis: config.kinesis! },
    destination: new LocalDestination(lake),
    logger: createLogger('warn', () => undefined),
    api: stream,
  });
  await ingester.start();
  await waitUntil(() => readKinesisLake(lake).rejectedLines.length === 1, 20_000, 'the rejected record');
  expect(await ingester.stop('test')).toBe(true);
  const [rejected] = readKinesisLake(lake).rejectedLines;
  expect(rejected).toMatchObject({ reason: 'event_time_out_of_window' });
  expect(rejected?.detail).toMatch(
    /^event time 2029-01-05T08:00:00.000Z is more than 1d after the Kinesis arrival time 2026-01-05T08:00:00.002Z/,
  );
  expect(String(rejected?.detail)).not.toContain('Kafka');
});
