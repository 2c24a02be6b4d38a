/**
 * Several Kinesis workers and resharding against the `aws` test service (moto): two
 * instances share a stream's shards through the lease table in the lake, one is killed
 * and the other takes its shards over; a shard split while the stream is read leaves
 * every record once and the children unread until their parent is read to its end.
 */
import { SplitShardCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, expect, it } from 'vitest';
import { waitUntil, type IngesterProcess } from '../../support/ingest-harness.js';
import {
  createStream,
  idProblems,
  idRecord,
  kinesisService,
  KINESIS_READY,
  putRecords,
  readKinesisLake,
  readLeases,
  startKinesisIngester,
  waitForLines,
  writeKinesisConfig,
} from '../../support/kinesis-harness.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

describeWithService('aws', 'Kinesis source: leases and resharding', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  const workerId = (ingester: IngesterProcess): string =>
    String(ingester.logs.find((line) => line.msg === KINESIS_READY)?.worker_id);
  const owners = (lake: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const lease of readLeases(lake).values())
      if (lease.owner) counts.set(lease.owner, (counts.get(lease.owner) ?? 0) + 1);
    return counts;
  };

  it('two instances share the shards, and one takes over the shards of the other when it is killed', async () => {
    const stream = await createStream(kinesis.client, 'share', 4);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream] });
    await putRecords(kinesis.client, stream, 0, 2_000, idRecord);
    const first = await startKinesisIngester(setup.config, kinesis);
    await waitUntil(() => owners(setup.lake).get(workerId(first)) === 4, 30_000, 'the first worker to hold 4 leases');
    const second = await startKinesisIngester(setup.config, kinesis);
    // The second worker steals its share, one lease per pass, from the first.
    await waitUntil(
      () => owners(setup.lake).get(workerId(second)) === 2 && owners(setup.lake).get(workerId(first)) === 2,
      60_000,
      'two leases each',
    );
    await putRecords(kinesis.client, stream, 2_000, 2_000, idRecord);
    await waitForLines(setup.lake, 4_000, 60_000);
    const shardsOf = (ingester: IngesterProcess) =>
      new Set(ingester.logs.filter((line) => line.msg.startsWith('lease ')).map((line) => line.shard_id));
    expect(shardsOf(second).size).toBe(2);

    first.kill('SIGKILL');
    await first.exited;
    await putRecords(kinesis.client, stream, 4_000, 2_000, idRecord);
    await waitUntil(() => owners(setup.lake).get(workerId(second)) === 4, 60_000, 'the survivor to hold 4 leases');
    await waitForLines(setup.lake, 6_000, 60_000);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const lake = readKinesisLake(setup.lake);
    expect(lake.bronzeLines.length).toBe(6_000);
    expect(idProblems(lake.counts, 6_000)).toEqual({ missing: [], doubled: [] });
  });

  it('lands every record once across a shard split, and leaves the children until the parent ends', async () => {
    const stream = await createStream(kinesis.client, 'split', 1);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream] });
    await putRecords(kinesis.client, stream, 0, 1_500, idRecord);
    const ingester = await startKinesisIngester(setup.config, kinesis);
    await waitUntil(() => readKinesisLake(setup.lake).bronzeLines.length > 0, 30_000, 'the first files');
    const [parent] = (await kinesis.client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    await kinesis.client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: parent!.ShardId,
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await putRecords(kinesis.client, stream, 1_500, 1_500, idRecord);
    await waitForLines(setup.lake, 3_000, 60_000);
    // The children have leases (found by the shard sync) that nobody took while the parent is open.
    await waitUntil(() => readLeases(setup.lake).size === 3, 30_000, 'leases for the two children');
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);
    const lake = readKinesisLake(setup.lake);
    expect(idProblems(lake.counts, 3_000)).toEqual({ missing: [], doubled: [] });
    const leases = readLeases(setup.lake);
    const children = [...leases.entries()].filter(([key]) => !key.endsWith(parent!.ShardId!));
    expect(children.map(([, lease]) => lease)).toEqual([
      { ...children[0]![1], owner: null, checkpoint: 'TRIM_HORIZON' },
      { ...children[1]![1], owner: null, checkpoint: 'TRIM_HORIZON' },
    ]);
    // Per key, the lake holds the records in the order they were put (moto keeps them in the parent).
    const byKey = new Map<string, number[]>();
    for (const line of lake.bronzeLines.sort((a, b) =>
      Number(BigInt(a.sequence_number as string) - BigInt(b.sequence_number as string)),
    )) {
      const key = line.partition_key as string;
      byKey.set(key, [...(byKey.get(key) ?? []), (JSON.parse(line.payload as string) as { id: number }).id]);
    }
    for (const ids of byKey.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
