/**
 * Typed Parquet tables in Glue (the services' moto): the registrar creates the table with
 * the columns the ingester derives from the topic's schema, and when the schema gains a
 * field (a new optional field, a field in a nested record) the next partition registered
 * updates the table's columns first.
 */
import { DeleteDatabaseCommand, GetPartitionsCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { GlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import { PARQUET_SERDE } from '../../../ingest/catalog/glue-tables.js';
import type { LakePartition } from '../../../ingest/destination.js';
import { avroSchemaFields } from '../../../ingest/formats/parquet-schema-avro.js';
import { typedGlueColumns } from '../../../ingest/pipeline/typed-schemas.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { avroOrderSchema } from '../../support/typed-order-schemas.js';

const ROOT = 's3://strata-lake/bronze';

const V1 = avroOrderSchema();
/** v2: a field in the nested record and a new optional field (compatible evolution). */
const V2 = avroOrderSchema({ city: true, coupon: true });

const ENVELOPE = [
  'topic:string',
  'partition:int',
  'offset:bigint',
  'kafka_timestamp:string',
  'ingested_at:string',
  'event_time_source:string',
  'headers:array<struct<key:string,value:string,value_base64:string>>',
];
const V1_COLUMNS = [
  'order_id:string',
  'event_time:timestamp',
  'total:decimal(10,2)',
  'items:array<struct<sku:string,quantity:int>>',
  'shipping:struct<country:string>',
];

describeWithService('aws', 'Glue tables of typed Parquet files', (service) => {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(service);
  const glue = new GlueClient(config);
  const database = `strata_typed_${randomUUID().slice(0, 8)}`;
  const registrars: GlueRegistrar[] = [];

  afterAll(async () => {
    await Promise.all(registrars.map((registrar) => registrar.close()));
    await glue.send(new DeleteDatabaseCommand({ Name: database })).catch(() => undefined);
    glue.destroy();
  });

  function registrar(): GlueRegistrar {
    const created = new GlueRegistrar({
      database,
      client: new GlueClient({ ...config, maxAttempts: 1 }),
      createDatabase: true,
      createTable: { format: 'parquet', location: (table) => `${ROOT}/${table}` },
      sleep: async () => undefined,
    });
    registrars.push(created);
    return created;
  }

  const partition = (hour: string, schema: object): LakePartition => ({
    table: 'orders',
    dt: '2026-01-05',
    hour,
    location: `${ROOT}/orders/dt=2026-01-05/hour=${hour}/`,
    typedColumns: typedGlueColumns({ source: 'test', fields: avroSchemaFields(JSON.stringify(schema)) }),
  });
  const columnsOf = (columns: Array<{ Name?: string; Type?: string }> | undefined) =>
    (columns ?? []).map((column) => `${column.Name}:${column.Type}`);

  it('creates the table with the schema columns and adds the columns a compatible new schema brings', async () => {
    await registrar().register([partition('09', V1)]);
    const first = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'orders' }));
    expect(first.Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(PARQUET_SERDE);
    expect(columnsOf(first.Table?.StorageDescriptor?.Columns)).toEqual([...ENVELOPE, ...V1_COLUMNS]);

    // A restarted ingester reading with v2 registers its next hour: the table follows the schema.
    await registrar().register([partition('10', V2)]);
    const second = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'orders' }));
    const v2Columns = [...V1_COLUMNS.slice(0, 4), 'shipping:struct<country:string,city:string>', 'coupon:string'];
    expect(columnsOf(second.Table?.StorageDescriptor?.Columns)).toEqual([...ENVELOPE, ...v2Columns]);
    expect(second.Table?.PartitionKeys?.map((key) => key.Name)).toEqual(['dt', 'hour']);
    expect(second.Table?.Parameters).toMatchObject({ classification: 'parquet' });

    const { Partitions } = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: 'orders' }));
    const byHour = new Map((Partitions ?? []).map((entry) => [entry.Values?.[1], entry.StorageDescriptor]));
    expect(columnsOf(byHour.get('09')?.Columns)).toEqual([...ENVELOPE, ...V1_COLUMNS]);
    expect(columnsOf(byHour.get('10')?.Columns)).toEqual([...ENVELOPE, ...v2Columns]);
    expect(byHour.get('10')?.Location).toBe(`${ROOT}/orders/dt=2026-01-05/hour=10/`);

    // An instance still on v1 (during a rolling restart) leaves the wider table as it is.
    await registrar().register([partition('11', V1)]);
    const third = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'orders' }));
    expect(columnsOf(third.Table?.StorageDescriptor?.Columns)).toEqual([...ENVELOPE, ...v2Columns]);
  });
});
