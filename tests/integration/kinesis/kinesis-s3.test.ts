/**
 * The Kinesis source on an S3 lake (the `aws` test service, moto): the lease table lives in
 * the bucket and changes by conditional writes (`If-None-Match: *` on the next version),
 * so of several writers of one version exactly one wins; and a stream lands once in the
 * bucket across a SIGKILL.
 */
import { CreateBucketCommand, GetObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { S3LakeStore } from '../../../ingest/compaction/s3-lake-store.js';
import { LeaseTable } from '../../../ingest/sources/kinesis/lease-table.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { sleep, waitUntil } from '../../support/ingest-harness.js';
import {
  createStream,
  idProblems,
  idRecord,
  kinesisService,
  putRecords,
  startKinesisIngester,
  writeKinesisConfig,
} from '../../support/kinesis-harness.js';

describeWithService('aws', 'Kinesis source on S3', (service) => {
  const kinesis = kinesisService(service);
  const s3 = new S3Client(awsClientConfig(service));
  const bucket = `strata-kinesis-${randomUUID().slice(0, 8)}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, kinesis.env);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => {
    process.env = saved;
    kinesis.client.destroy();
    s3.destroy();
  });

  /** Bronze lines per id under `prefix`, and the keys of the lease table. */
  async function readBucket(prefix: string): Promise<{ counts: Map<number, number>; leases: string[] }> {
    const counts = new Map<number, number>();
    const leases: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const { Key } of page.Contents ?? []) {
        if (!Key) continue;
        if (Key.includes('/.strata-leases/')) leases.push(Key);
        if (!Key.endsWith('.jsonl.gz') || Key.includes('/rejected/')) continue;
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
        const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8');
        for (const line of text.split('\n').filter(Boolean)) {
          const id = (JSON.parse((JSON.parse(line) as { payload: string }).payload) as { id: number }).id;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
    }
    return { counts, leases };
  }

  it('lets exactly one of several writers of a lease version win, by conditional writes to the bucket', async () => {
    const store = new S3LakeStore({ url: `s3://${bucket}/cas`, endpoint: kinesis.endpoint, region: kinesis.region });
    const table = new LeaseTable(store, 'app');
    const first = { stream: 's', shardId: 'shardId-000000000000', parents: [], owner: null, checkpoint: 'LATEST' };
    expect(await table.create({ ...first, checkpoint: 'LATEST' })).toBe(true);
    expect(await table.create({ ...first, checkpoint: 'LATEST' })).toBe(false);
    const read = (await table.get('s', first.shardId))!;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) => table.update(read, { ...read, owner: `worker-${index}` })),
    );
    const winners = outcomes.filter((outcome) => outcome !== undefined);
    expect(winners).toHaveLength(1);
    expect((await table.get('s', first.shardId))?.owner).toBe(winners[0]?.owner);
    await store.close();
  });

  it('lands a stream once in the bucket across a SIGKILL', async () => {
    const stream = await createStream(kinesis.client, 's3', 2);
    const prefix = `lake-${stream}`;
    const setup = writeKinesisConfig({
      service: kinesis,
      streams: [stream],
      s3Lake: `s3://${bucket}/${prefix}`,
      rotation: { maxRecords: 200 },
    });
    await putRecords(kinesis.client, stream, 0, 3_000, idRecord);
    const killed = await startKinesisIngester(setup.config, kinesis);
    await waitUntil(async () => (await readBucket(prefix)).counts.size > 0, 60_000, 'the first files');
    await sleep(Math.random() * 500);
    killed.kill('SIGKILL');
    await killed.exited;
    await putRecords(kinesis.client, stream, 3_000, 1_000, idRecord);
    const last = await startKinesisIngester(setup.config, kinesis);
    await waitUntil(async () => (await readBucket(prefix)).counts.size === 4_000, 90_000, 'every id in the bucket');
    last.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);
    const { counts, leases } = await readBucket(prefix);
    expect(idProblems(counts, 4_000)).toEqual({ missing: [], doubled: [] });
    expect(leases.some((key) => key.includes(`/.strata-leases/strata-ingest/${stream}/shardId-000000000001/`))).toBe(
      true,
    );
  });
});
