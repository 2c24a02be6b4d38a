/**
 * A typed Parquet hour whose topic schema gains fields between two flushes of one
 * ingester (a new top-level field, a new field in a nested record), read by Trino through
 * its Glue metastore in the same hour, before any compaction: the second flush widened
 * the table and gave the hour's partition the new columns, so Trino reads the new fields
 * of the second file and nulls for the first. Shown on the services' moto (Glue and S3).
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { createS3Destination } from '../../../ingest/destinations/s3-destination.js';
import { jsonSchemaFields } from '../../../ingest/formats/parquet-schema-json.js';
import type { TypedSchema } from '../../../ingest/formats/parquet-schema.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';
import { PartitionRegistrations } from '../../../ingest/pipeline/partition-registrations.js';
import { typedGlueColumns } from '../../../ingest/pipeline/typed-schemas.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { runOnTrino } from '../../services/aws/athena-api/trino-client.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

const TABLE = 'bronze_orders';
const DT = '2026-01-05';
const HOUR = '11';
const V1 = {
  type: 'object',
  properties: {
    event_id: { type: 'string' },
    amount: { type: 'integer' },
    shipping: { type: 'object', properties: { country: { type: 'string' } } },
  },
};
/** v2: a new field in the nested record and a new optional field (compatible evolution). */
const V2 = {
  ...V1,
  properties: {
    ...V1.properties,
    shipping: { type: 'object', properties: { country: { type: 'string' }, city: { type: 'string' } } },
    coupon: { type: ['string', 'null'] },
  },
};
const SCHEMAS: TypedSchema[] = [V1, V2].map((schema, index) => ({
  source: `v${index + 1}`,
  fields: jsonSchemaFields(schema),
}));

function bronzeLine(offset: number, v2: boolean): string {
  const payload = {
    event_id: `e-${String(offset).padStart(2, '0')}`,
    amount: offset,
    shipping: v2 ? { country: 'FR', city: `city-${offset}` } : { country: 'FR' },
    ...(v2 ? { coupon: `C${offset}` } : {}),
  };
  return JSON.stringify({
    topic: 'orders',
    partition: 0,
    offset,
    kafka_timestamp: `${DT}T${HOUR}:00:00.000Z`,
    ingested_at: `${DT}T${HOUR}:00:01.000Z`,
    event_time_source: 'payload',
    payload: JSON.stringify(payload),
    headers: [],
  });
}

describeWithService('trino', 'a typed Parquet hour whose schema gained a field, read in the same hour', (trino) => {
  const config = awsClientConfig(awsBehindTrino());
  const { forcePathStyle: _s3Only, ...glueConfig } = config;
  const s3 = new S3Client(config);
  const glue = new GlueClient(glueConfig);
  const run = randomUUID().slice(0, 8);
  const bucket = `strata-typed-mid-hour-${run}`;
  const database = `strata_typed_mid_hour_${run}`;
  const url = `s3://${bucket}/bronze`;

  beforeAll(async () => {
    // The destination's client takes its credentials from the environment, as in production.
    process.env.AWS_ACCESS_KEY_ID = config.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = config.credentials.secretAccessKey;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: database })).catch(() => undefined);
    s3.destroy();
    glue.destroy();
  });

  it('reads the new fields of the flush that brought them, and nulls for the one before', async () => {
    const writer = await createParquetWriter();
    const destination = createS3Destination({ url, endpoint: config.endpoint, region: config.region });
    const registrar = new GlueRegistrar({
      database,
      client: new GlueClient(glueConfig),
      createDatabase: true,
      createTable: { format: 'parquet', location: () => `${url}/orders` },
    });
    let schema = SCHEMAS[0]!;
    // The flush path of one ingester: land the file, then register its partition.
    const partitions = new PartitionRegistrations(
      registrar,
      () => TABLE,
      url,
      () => typedGlueColumns(schema),
    );
    try {
      for (const [flush, first] of [0, 10].entries()) {
        schema = SCHEMAS[flush]!;
        const lines = Array.from({ length: 10 }, (_, i) => bronzeLine(first + i, flush === 1));
        const body = await writer.encode(Buffer.from(`${lines.join('\n')}\n`), schema);
        const path = `orders/dt=${DT}/hour=${HOUR}/orders+0+${first}.parquet`;
        await destination.writeFile(path, body);
        await partitions.register('orders', [{ path: `${url}/${path}`, rejected: false }]);
      }
    } finally {
      await Promise.allSettled([writer.close(), destination.close(), registrar.close()]);
    }

    const { endpoint, catalog } = trino.details as { endpoint: string; catalog: string };
    const result = await runOnTrino(
      { endpoint, catalog, schema: database },
      `SELECT event_id, amount, shipping.country, shipping.city, coupon FROM ${TABLE} ` +
        `WHERE dt = '${DT}' AND hour = '${HOUR}' ORDER BY event_id`,
    ).result;
    const expected = Array.from({ length: 20 }, (_, offset) => [
      `e-${String(offset).padStart(2, '0')}`,
      offset,
      'FR',
      offset >= 10 ? `city-${offset}` : null,
      offset >= 10 ? `C${offset}` : null,
    ]);
    expect(result.rows).toEqual(expected);
  });
});
