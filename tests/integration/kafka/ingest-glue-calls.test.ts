/**
 * The Glue calls `strata ingest` makes on its flush path, counted on the wire by a proxy
 * in front of moto's Glue: flushes into an hour already registered make no call.
 */
import { GetPartitionsCommand } from '@aws-sdk/client-glue';
import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CountingProxy, glueOperation } from '../../support/counting-proxy.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
  type OutgoingMessage,
} from '../../support/ingest-harness.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { useKafkaSuite } from './kafka-suite.js';

describeWithService('kafka', 'strata ingest: Glue calls per flush', (kafkaService) => {
  const aws = requireService('aws');
  if (!aws) {
    it.skip('needs the aws service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer, run } = kafkaSuite;
  const { config, s3, glue, bucket, database, ingestInto, credentialsEnv } = glueLakeOnMoto(aws, 'glue-calls');
  const topic = `glue-calls-${run}`;
  const table = topic.replace(/-/g, '_');
  let proxy: CountingProxy;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 1);
    proxy = await CountingProxy.start(config.endpoint, glueOperation);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** `count` events at minutes of `hour` on 2026-01-05, ids from `first`. */
  const events = (hour: string, first: number) => (index: number) =>
    ({
      key: `u_${index % 7}`,
      value: JSON.stringify({
        id: first + index,
        event_type: 'page_view',
        event_time: `2026-01-05T${hour}:${String(index % 60).padStart(2, '0')}:00.000Z`,
      }),
    }) satisfies OutgoingMessage;
  const calls = (name: string) => proxy.calls.get(name)?.count ?? 0;
  const filesIn = async (hour: string) => {
    const keys: string[] = [];
    const prefix = `bronze/${topic}/dt=2026-01-05/hour=${hour}/`;
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
      keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    return keys.length;
  };

  it('makes one BatchCreatePartition per new hour, however many flushes land in it', async () => {
    const groupId = `glue-calls-${run}`;
    const setup = writeIngestConfig({
      broker,
      groupId,
      topics: [{ name: topic }],
      ...ingestInto,
      glue: { database, createTable: true },
      rotation: { maxRecords: 100, maxSeconds: 1 },
    });
    // Glue through the counting proxy; S3 straight to moto.
    const yaml = readFileSync(setup.config, 'utf8');
    writeFileSync(setup.config, yaml.replace('create_table: true', `create_table: true, endpoint: "${proxy.url}"`));
    const ingester = await IngesterProcess.start(setup.config, {
      env: credentialsEnv,
    });
    const committed = (total: number) =>
      waitUntil(async () => (await committedCount(admin, groupId, topic)) === total, 60_000, `${total} committed`);
    try {
      // Three rounds into hour 09, each committed before the next is produced: three flushes at least.
      for (let round = 0; round < 3; round += 1) {
        await produce(producer, topic, 250, events('09', round * 250));
        await committed((round + 1) * 250);
      }
      expect(await filesIn('09')).toBeGreaterThanOrEqual(3);
      expect(calls('BatchCreatePartition')).toBe(1);

      await produce(producer, topic, 250, events('10', 750));
      await committed(1_000);
      await produce(producer, topic, 250, events('10', 1_000));
      await committed(1_250);
      expect(await filesIn('10')).toBeGreaterThanOrEqual(2);
      expect(calls('BatchCreatePartition')).toBe(2);
      expect(calls('CreateTable')).toBe(1);
    } finally {
      ingester.kill('SIGTERM');
    }
    expect((await ingester.exited).code, ingester.describe()).toBe(0);
    const partitions = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table }));
    expect((partitions.Partitions ?? []).map((partition) => partition.Values?.join('/')).sort()).toEqual([
      '2026-01-05/09',
      '2026-01-05/10',
    ]);
  });
});
