/**
 * A topic's schema gains fields mid-hour (a new optional field, a field in a nested
 * record): the next flush of the same process widens the typed Glue table at once and
 * gives the hour's partition, registered with the older columns, the new ones, without
 * waiting for a new hour. Counted on the wire by a proxy in front of the services' moto
 * Glue: the widening costs one GetTable, one UpdateTable and one BatchUpdatePartition, and
 * flushes whose columns the table already holds make no call.
 */
import { DeleteDatabaseCommand, GetPartitionCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GlueRegistrar } from '../../../ingest/catalog/glue-registrar.js';
import type { TypedColumn } from '../../../ingest/destination.js';
import { avroSchemaFields } from '../../../ingest/formats/parquet-schema-avro.js';
import { PartitionRegistrations } from '../../../ingest/pipeline/partition-registrations.js';
import { typedGlueColumns } from '../../../ingest/pipeline/typed-schemas.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { CountingProxy, glueOperation } from '../../support/counting-proxy.js';
import { avroOrderSchema } from '../../support/typed-order-schemas.js';

const LAKE = 's3://strata-lake/bronze';
const columnsOf = (schema: object): readonly TypedColumn[] =>
  typedGlueColumns({ source: 'test', fields: avroSchemaFields(JSON.stringify(schema)) })!;
const V1 = columnsOf(avroOrderSchema());
const V2 = columnsOf(avroOrderSchema({ city: true, coupon: true }));
const V2_FIELDS = ['shipping:struct<country:string,city:string>', 'coupon:string'];

describeWithService('aws', 'Glue columns widened mid-hour', (service) => {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(service);
  const glue = new GlueClient(config);
  const database = `strata_mid_hour_${randomUUID().slice(0, 8)}`;
  let proxy: CountingProxy;
  let registrar: GlueRegistrar;

  beforeAll(async () => {
    proxy = await CountingProxy.start(config.endpoint, glueOperation);
    registrar = new GlueRegistrar({
      database,
      region: config.region,
      endpoint: proxy.url,
      credentials: config.credentials,
      createDatabase: true,
      createTable: { format: 'parquet', location: (table) => `${LAKE}/${table}/` },
      sleep: async () => undefined,
    });
  });
  afterAll(async () => {
    await registrar?.close();
    await glue.send(new DeleteDatabaseCommand({ Name: database })).catch(() => undefined);
    glue.destroy();
    await proxy?.close();
  });

  const counts = () => new Map([...proxy.calls].map(([name, tally]) => [name, tally.count]));
  const since = (before: Map<string, number>) =>
    Object.fromEntries(
      [...proxy.calls]
        .map(([name, tally]) => [name, tally.count - (before.get(name) ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
  const described = (columns: Array<{ Name?: string; Type?: string }> | undefined) =>
    (columns ?? []).map((column) => `${column.Name}:${column.Type}`);
  const glueColumns = async (hour: string) => {
    const table = await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'bronze_orders' }));
    const partition = await glue.send(
      new GetPartitionCommand({
        DatabaseName: database,
        TableName: 'bronze_orders',
        PartitionValues: ['2026-01-05', hour],
      }),
    );
    return {
      table: described(table.Table?.StorageDescriptor?.Columns),
      partition: described(partition.Partition?.StorageDescriptor?.Columns),
      location: partition.Partition?.StorageDescriptor?.Location,
    };
  };

  it('widens the table and the hour partition on the flush that brings the wider schema, once', async () => {
    let schema = V1;
    const partitions = new PartitionRegistrations(
      registrar,
      (topic) => `bronze_${topic}`,
      LAKE,
      () => schema,
    );
    const flush = (...hours: string[]) =>
      partitions.register(
        'orders',
        hours.map((hour, i) => ({
          path: `${LAKE}/orders/dt=2026-01-05/hour=${hour}/orders+0+${i}.parquet`,
          rejected: false,
        })),
      );

    await flush('09');
    await flush('10');
    let before = counts();
    await flush('10');
    await flush('09', '10');
    expect(since(before)).toEqual({});
    const first = await glueColumns('10');
    expect(first.table).not.toContain('coupon:string');
    expect(first.partition).toEqual(first.table);

    // The reader schema gains fields mid-hour (a decoder that fetched a newer version).
    schema = V2;
    before = counts();
    await flush('10');
    expect(since(before)).toEqual({ GetTable: 1, UpdateTable: 1, BatchUpdatePartition: 1 });
    const widened = await glueColumns('10');
    expect(widened.table).toEqual(expect.arrayContaining(V2_FIELDS));
    // The nested record took its new field in place; the new field is a column at the end.
    const shipping = (column: string) => (column.startsWith('shipping:') ? V2_FIELDS[0]! : column);
    expect(widened.table).toEqual([...first.table.map(shipping), 'coupon:string']);
    expect(widened.partition).toEqual(widened.table);
    expect(widened.location).toBe(`${LAKE}/orders/dt=2026-01-05/hour=10/`);
    // Hour 09 got no file of the new schema: its columns stay as they were until one lands.
    expect((await glueColumns('09')).partition).toEqual(first.table);

    before = counts();
    await flush('10');
    await flush('10');
    expect(since(before)).toEqual({});
    // A late record of hour 09 with the new schema: that partition is given the columns, the table is not touched.
    await flush('09', '10');
    expect(since(before)).toEqual({ BatchUpdatePartition: 1 });
    expect((await glueColumns('09')).partition).toEqual(widened.table);
    // A new hour is created with the wide columns, and an instance still on v1 narrows nothing.
    schema = V1;
    await flush('11', '10');
    expect(since(before)).toEqual({ BatchUpdatePartition: 1, BatchCreatePartition: 1 });
    expect(await glueColumns('11')).toMatchObject({ table: widened.table, partition: widened.table });
    expect(registrar.stats).toMatchObject({ created: 3, updates: 2 });
  });
});
