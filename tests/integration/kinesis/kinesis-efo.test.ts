/**
 * `source: kinesis` with `enhanced_fan_out: true`, against the `kinesis-efo` test service
 * (ferrokinesis, which serves SubscribeToShard's event stream over HTTP/2; its
 * subscriptions end after seconds instead of AWS's five minutes, so every test here also
 * continues shards across subscriptions): records land exactly once, through SIGKILLs,
 * across resubscriptions and across a split and a merge; a stream that does not exist is
 * one clear error.
 */
import {
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  MergeShardsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep, waitUntil } from '../../support/ingest-harness.js';
import {
  createStream,
  idProblems,
  idRecord,
  kinesisService,
  putRecords,
  readKinesisLake,
  readLeases,
  runFailingIngester,
  startKinesisIngester,
  waitForLines,
  writeKinesisConfig,
  type KinesisService,
} from '../../support/kinesis-harness.js';
import { proveExactlyOnceThroughKills } from '../../support/kinesis-kill-proof.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { SUBSCRIPTION_MS } from '../../services/kinesis-efo/kinesis-efo-service.js';

const RESUBSCRIBED = 'shard subscription ended: subscribing again';

describeWithService('kinesis-efo', 'Kinesis source: enhanced fan-out', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  it('registers the consumer and lands every record once across subscriptions the service ends', async () => {
    const stream = await createStream(kinesis.client, 'efo', 2);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream], enhancedFanOut: true });
    await putRecords(kinesis.client, stream, 0, 1_000, idRecord);
    const ingester = await startKinesisIngester(setup.config, kinesis);
    // More records while it runs, spread over several subscription lifetimes.
    const waves = 4;
    for (let wave = 1; wave <= waves; wave += 1) {
      await sleep(SUBSCRIPTION_MS / 2);
      await putRecords(kinesis.client, stream, wave * 1_000, 1_000, idRecord);
    }
    const total = (waves + 1) * 1_000;
    await waitForLines(setup.lake, total, 60_000);
    await waitUntil(
      () => ingester.logs.filter((log) => log.msg === RESUBSCRIBED).length >= 2,
      30_000,
      'both shards to be subscribed again',
    );
    const samples = await ingester.metrics();
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);

    const started = ingester.logs.find((log) => log.msg === 'kinesis worker started');
    expect(started?.reads).toBe('enhanced fan-out');
    const consumers = await kinesis.client.send(new ListStreamConsumersCommand({ StreamARN: await streamArn(stream) }));
    expect(consumers.Consumers?.map((consumer) => [consumer.ConsumerName, consumer.ConsumerStatus])).toEqual([
      ['strata-ingest', 'ACTIVE'],
    ]);
    // Each continued subscription went on from its shard's continuation: no id missing, none twice.
    const resubscribed = new Set(ingester.logs.filter((log) => log.msg === RESUBSCRIBED).map((log) => log.shard_id));
    expect(resubscribed.size).toBe(2);
    const lake = readKinesisLake(setup.lake);
    expect(idProblems(lake.counts, total)).toEqual({ missing: [], doubled: [] });
    expect(lake.bronzeLines.length).toBe(total);
    const sum = (name: string) =>
      samples.filter((sample) => sample.name === name).reduce((all, sample) => all + sample.value, 0);
    expect(sum('strata_ingest_records_consumed_total')).toBe(
      sum('strata_ingest_records_written_total') + sum('strata_ingest_records_rejected_total'),
    );
  }, 120_000);

  it('lands every record of a stream once through SIGKILLs, malformed ones in rejected/', async () => {
    const proof = await proveExactlyOnceThroughKills(kinesis, { enhancedFanOut: { consumerName: 'killed-app' } });
    const started = proof.logs.filter((log) => log.msg === 'kinesis worker started');
    expect(started.length).toBe(5);
    expect(started.every((log) => log.reads === 'enhanced fan-out')).toBe(true);
  }, 300_000);

  it('reads children only after their parents ended, across a split and a merge', async () => {
    const stream = await createStream(kinesis.client, 'efo-reshard', 1);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream], enhancedFanOut: true });
    const ingester = await startKinesisIngester(setup.config, kinesis);
    await putRecords(kinesis.client, stream, 0, 600, idRecord);
    await waitForLines(setup.lake, 600, 60_000);
    await kinesis.client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await waitUntilActive(kinesis, stream);
    await putRecords(kinesis.client, stream, 600, 600, idRecord);
    await waitForLines(setup.lake, 1_200, 60_000);
    await kinesis.client.send(
      new MergeShardsCommand({
        StreamName: stream,
        ShardToMerge: 'shardId-000000000001',
        AdjacentShardToMerge: 'shardId-000000000002',
      }),
    );
    await waitUntilActive(kinesis, stream);
    await putRecords(kinesis.client, stream, 1_200, 600, idRecord);
    await waitForLines(setup.lake, 1_800, 60_000);
    await waitUntil(
      () => [...readLeases(setup.lake).values()].filter((lease) => lease.checkpoint === 'SHARD_END').length === 3,
      30_000,
      'the three parent shards to be read to their end',
    );
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);

    const lake = readKinesisLake(setup.lake);
    expect(idProblems(lake.counts, 1_800)).toEqual({ missing: [], doubled: [] });
    // Each shard's lines came from it: the split's and the merge's children each landed records.
    const shards = new Set(lake.bronzeLines.map((line) => line.shard_id));
    expect(shards).toEqual(new Set([0, 1, 2, 3].map((n) => `shardId-00000000000${n}`)));
    // A child's lease was taken only after every parent said it was read to its end (one process: log order).
    const order = ingester.logs.map((log) => `${String(log.msg)} ${String(log.shard_id)}`);
    const ended = (shard: number) => order.indexOf(`shard read to its end shardId-00000000000${shard}`);
    const taken = (shard: number) => order.indexOf(`lease taken shardId-00000000000${shard}`);
    for (const [child, parents] of [
      [1, [0]],
      [2, [0]],
      [3, [1, 2]],
    ] as const)
      for (const parent of parents) {
        expect(ended(parent)).toBeGreaterThanOrEqual(0);
        expect(taken(child)).toBeGreaterThan(ended(parent));
      }
    const split = ingester.logs.find(
      (log) => log.msg === 'shard read to its end' && log.shard_id === 'shardId-000000000000',
    );
    expect(split?.child_shards).toEqual(['shardId-000000000001', 'shardId-000000000002']);
  }, 180_000);

  describe('a stream that does not exist', () => {
    it('stops the ingester with one error naming the stream and the config file', () => {
      const setup = writeKinesisConfig({ service: kinesis, streams: ['no-such-stream'], enhancedFanOut: true });
      const run = runFailingIngester(setup.config, kinesis);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('ingest.yml');
      expect(run.stderr).toContain('enhanced fan-out: the stream "no-such-stream" does not exist');
      expect(run.stderr).not.toMatch(/Internal error|\n\s+at /);
    });
  });

  async function streamArn(stream: string): Promise<string> {
    const answer = await kinesis.client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    return answer.StreamDescriptionSummary?.StreamARN ?? '';
  }
});

async function waitUntilActive(kinesis: KinesisService, stream: string): Promise<void> {
  await waitUntil(
    async () =>
      (await kinesis.client.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary
        ?.StreamStatus === 'ACTIVE',
    30_000,
    `stream ${stream} to be active again`,
  );
}
