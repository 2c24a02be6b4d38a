/**
 * The default Parquet layout on real components (Kafka, moto's S3): a topic with a JSON
 * Schema lands typed columns when the config names no `parquet_layout`, and a topic whose
 * lake folder already holds files with the payload as a string (an earlier run with
 * `parquet_layout: payload`, as an upgraded lake has) keeps that layout after the key is
 * removed, says so once, and loses or repeats no record.
 */
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, expect, it } from 'vitest';
import { parquetTopLevelColumns } from '../../../ingest/formats/parquet-footer.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
  type IngestSetup,
} from '../../support/ingest-harness.js';
import { glueLakeOnMoto } from '../../support/glue-lake.js';
import { useKafkaSuite } from './kafka-suite.js';

const SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    event_type: { type: 'string' },
    event_time: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'event_time'],
};

describeWithService('kafka', 'strata ingest: the default Parquet layout', (kafkaService) => {
  const aws = requireService('aws');
  if (!aws) {
    it.skip('needs the aws service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer, run } = kafkaSuite;
  const { s3, bucket, ingestInto, credentialsEnv: env } = glueLakeOnMoto(aws, 'default-layout');
  const fresh = `layout-fresh-${run}`;
  const kept = `layout-kept-${run}`;
  const groupId = `default-layout-${run}`;
  const schema = join(mkdtempSync(join(tmpdir(), 'strata-layout-schema-')), 'events.schema.json');

  beforeAll(async () => {
    writeFileSync(schema, JSON.stringify(SCHEMA));
    await kafkaSuite.createTopic(fresh, 2);
    await kafkaSuite.createTopic(kept, 2);
  });

  const setup = (topics: string[], layout?: 'payload'): IngestSetup => ({
    broker,
    groupId,
    topics: topics.map((name) => ({ name, schema })),
    ...ingestInto,
    format: 'parquet',
    ...(layout ? { parquetLayout: layout } : {}),
    rotation: { maxRecords: 100, maxSeconds: 1 },
  });
  const events = (first: number) => (index: number) => ({
    key: `k${index % 5}`,
    value: JSON.stringify({
      id: first + index,
      event_type: 'page_view',
      event_time: `2026-01-05T09:${String(index % 60).padStart(2, '0')}:00.000Z`,
    }),
  });
  const committed = (topic: string, total: number) =>
    waitUntil(async () => (await committedCount(admin, groupId, topic)) === total, 60_000, `${total} of ${topic}`);
  const files = async (topic: string): Promise<Array<{ key: string; body: Buffer }>> => {
    const found: Array<{ key: string; body: Buffer }> = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: `bronze/${topic}/` })) {
      for (const object of page.Contents ?? []) {
        const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
        found.push({ key: object.Key!, body: Buffer.from(await answer.Body!.transformToByteArray()) });
      }
    }
    return found;
  };
  /** Every id in `topic`'s files, read by DuckDB from the typed column or the payload string. */
  const ids = async (topic: string, layout: 'payload' | 'typed'): Promise<number[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-layout-files-'));
    const landed = await files(topic);
    landed.forEach((file, index) => writeFileSync(join(dir, `${index}.parquet`), file.body));
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const id = layout === 'typed' ? 'id' : `cast(json_extract(payload, '$.id') as bigint)`;
    const rows = await connection.runAndReadAll(`select ${id} from read_parquet('${dir}/*.parquet') order by 1`);
    return rows.getRows().map((row) => Number(row[0]));
  };
  const range = (count: number) => Array.from({ length: count }, (_, index) => index);

  it('lands typed columns for a topic with a schema, and keeps a payload lake in its layout', async () => {
    // An earlier run, with the payload layout named.
    const before = await IngesterProcess.start(writeIngestConfig(setup([kept], 'payload')).config, { env });
    try {
      await produce(producer, kept, 300, events(0));
      await committed(kept, 300);
    } finally {
      before.kill('SIGTERM');
    }
    expect((await before.exited).code, before.describe()).toBe(0);

    // The key removed: the default applies.
    const after = await IngesterProcess.start(writeIngestConfig(setup([fresh, kept])).config, { env });
    try {
      await produce(producer, fresh, 300, events(0));
      await produce(producer, kept, 300, events(300));
      await committed(fresh, 300);
      await committed(kept, 600);
    } finally {
      after.kill('SIGTERM');
    }
    expect((await after.exited).code, after.describe()).toBe(0);

    const decisions = after.logs.filter((line) => line.msg === 'kept the Parquet layout the lake already has');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ level: 'warn', topic: kept, layout: 'payload' });
    expect(String(decisions[0]!.file)).toMatch(
      new RegExp(`^${kept}/dt=2026-01-05/hour=09/${kept}\\+\\d\\+\\d+\\.parquet$`),
    );
    expect(String(decisions[0]!.hint)).toMatch(/Set parquet_layout: payload in .*ingest\.yml/);

    const freshFiles = await files(fresh);
    expect(freshFiles.length).toBeGreaterThan(0);
    for (const file of freshFiles) {
      expect(parquetTopLevelColumns(file.body), file.key).toEqual([
        'topic',
        'partition',
        'offset',
        'kafka_timestamp',
        'ingested_at',
        'event_time_source',
        'headers',
        'id',
        'event_type',
        'event_time',
      ]);
    }
    expect(await ids(fresh, 'typed')).toEqual(range(300));

    const keptFiles = await files(kept);
    for (const file of keptFiles) expect(parquetTopLevelColumns(file.body), file.key).toContain('payload');
    expect(await ids(kept, 'payload')).toEqual(range(600));
  });
});
