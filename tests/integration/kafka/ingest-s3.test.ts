import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 5_000;

describeWithService('kafka', 'strata ingest into S3, registering partitions in Glue', (kafkaService) => {
  const aws = requireService('aws');
  if (!aws) {
    it.skip('needs the aws service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer } = kafkaSuite;
  const { s3, glue, bucket, database, ingestInto, credentialsEnv } = glueLakeOnMoto(aws, 'ingest');
  const { run } = kafkaSuite;
  const topic = `s3-ingest-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 2);
    await produce(producer, topic, EVENTS, (index) => idEvent(index, EVENTS));
  });

  it('lands the layout under s3://bucket/prefix and registers each dt/hour partition of the table', async () => {
    const groupId = `s3-ingest-${run}`;
    const setup = writeIngestConfig({
      broker,
      groupId,
      topics: [{ name: topic }],
      ...ingestInto,
      glue: { database, createTable: true },
      rotation: { maxRecords: 1_000, maxSeconds: 1 },
    });
    const ingester = await IngesterProcess.start(setup.config, {
      env: credentialsEnv,
    });
    await waitUntil(
      async () => (await committedCount(admin, groupId, topic)) === EVENTS,
      60_000,
      'every offset to be committed',
    );
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code, ingester.describe()).toBe(0);

    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket }))
      keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    const layout = new RegExp(
      `^bronze/${topic}/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/${topic}\\+[01]\\+\\d+\\.jsonl\\.gz$`,
    );
    const folders = new Set<string>();
    const ids = new Set<number>();
    let lines = 0;
    for (const key of keys) {
      const match = layout.exec(key);
      expect(match, key).not.toBeNull();
      folders.add(`${match?.[1]}/${match?.[2]}`);
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      ).Body?.transformToByteArray();
      for (const line of gunzipSync(Buffer.from(body as Uint8Array))
        .toString()
        .split('\n')
        .filter(Boolean)) {
        ids.add((JSON.parse((JSON.parse(line) as { payload: string }).payload) as { id: number }).id);
        lines += 1;
      }
    }
    expect(lines).toBe(EVENTS);
    expect(ids.size).toBe(EVENTS);
    expect([...folders].sort()).toEqual(['2026-01-05/08', '2026-01-05/09', '2026-01-05/10']);

    const table = topic.replace(/-/g, '_');
    const described = await glue.send(new GetTableCommand({ DatabaseName: database, Name: table }));
    expect(described.Table?.PartitionKeys?.map((key) => key.Name)).toEqual(['dt', 'hour']);
    const partitions = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table }));
    const registered = (partitions.Partitions ?? []).map((partition) => ({
      values: (partition.Values ?? []).join('/'),
      location: partition.StorageDescriptor?.Location,
    }));
    expect(registered.map((partition) => partition.values).sort()).toEqual([...folders].sort());
    for (const partition of registered) {
      const [dt, hour] = partition.values.split('/');
      expect(partition.location).toMatch(new RegExp(`^s3://${bucket}/bronze/${topic}/dt=${dt}/hour=${hour}/?$`));
    }
  });
});
