import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { beforeAll, expect, it } from 'vitest';
import { CommitFeedReader } from '../../../src/feed/commit-feed-reader.js';
import { S3FeedStore } from '../../../src/feed/s3-feed-store.js';
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

const EVENTS = 4_000;

describeWithService('kafka', 'strata ingest into S3 with the commit feed', (kafkaService) => {
  const aws = requireService('aws');
  if (!aws) {
    it.skip('needs the aws service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer, run } = kafkaSuite;
  const { s3, bucket, url, ingestInto, credentialsEnv } = glueLakeOnMoto(aws, 'feed');
  const topic = `s3-feed-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 2);
    await produce(producer, topic, EVENTS, (index) => idEvent(index, EVENTS));
  });

  it('records every flush under the prefix, and the engine reads the chain back from S3', async () => {
    const groupId = `s3-feed-${run}`;
    const setup = writeIngestConfig({
      broker,
      groupId,
      topics: [{ name: topic }],
      ...ingestInto,
      rotation: { maxRecords: 500, maxSeconds: 1 },
      commitFeed: true,
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

    const records = await new CommitFeedReader(new S3FeedStore(url, s3)).after([topic], new Map());
    expect(new Set(records.map((record) => record.partition))).toEqual(new Set([0, 1]));
    for (const partition of [0, 1])
      expect(records.find((record) => record.partition === partition)?.start_offset).toBe(0);
    expect(records.reduce((sum, record) => sum + record.rows, 0)).toBe(EVENTS);
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: `bronze/${topic}/` }))
      keys.push(...(page.Contents ?? []).map((object) => (object.Key as string).slice('bronze/'.length)));
    const listed = records.flatMap((record) => record.files.map((file) => file.path));
    expect(listed.sort()).toEqual(keys.sort());
  });
});
