import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

describeWithService('aws', 'Glue catalog through @aws-sdk/client-glue', (service) => {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(service);
  const glue = new GlueClient(config);
  const DatabaseName = `strata_smoke_${randomUUID().slice(0, 8)}`;
  const location = 's3://strata-lake/bronze/events/';
  const storage = (Location: string): StorageDescriptor => ({
    Location,
    Columns: [
      { Name: 'event_id', Type: 'string' },
      { Name: 'payload', Type: 'string' },
    ],
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
  });

  afterAll(async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: DatabaseName })).catch(() => undefined);
    glue.destroy();
  });

  it('creates a database and a table partitioned by dt and hour', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DatabaseName, Description: 'smoke test' } }));
    await glue.send(
      new CreateTableCommand({
        DatabaseName,
        TableInput: {
          Name: 'events',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'json' },
          StorageDescriptor: storage(location),
          PartitionKeys: [
            { Name: 'dt', Type: 'string' },
            { Name: 'hour', Type: 'string' },
          ],
        },
      }),
    );
    expect((await glue.send(new GetDatabaseCommand({ Name: DatabaseName }))).Database?.Description).toBe('smoke test');
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName, Name: 'events' }));
    expect(Table?.PartitionKeys?.map((key) => key.Name)).toEqual(['dt', 'hour']);
    expect(Table?.StorageDescriptor?.Location).toBe(location);
  });

  it('registers partitions in a batch and reads them back, whole and filtered', async () => {
    const values = [
      ['2024-05-01', '09'],
      ['2024-05-01', '10'],
      ['2024-05-02', '00'],
    ];
    const created = await glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName,
        TableName: 'events',
        PartitionInputList: values.map(([dt, hour]) => ({
          Values: [dt!, hour!],
          StorageDescriptor: storage(`${location}dt=${dt}/hour=${hour}/`),
        })),
      }),
    );
    expect(created.Errors ?? []).toEqual([]);

    const all = await glue.send(new GetPartitionsCommand({ DatabaseName, TableName: 'events' }));
    const found = (all.Partitions ?? []).map((p) => [p.Values, p.StorageDescriptor?.Location]);
    expect(found.sort()).toEqual(values.map(([dt, hour]) => [[dt, hour], `${location}dt=${dt}/hour=${hour}/`]).sort());

    const firstDay = await glue.send(
      new GetPartitionsCommand({ DatabaseName, TableName: 'events', Expression: "dt = '2024-05-01'" }),
    );
    expect((firstDay.Partitions ?? []).map((p) => p.Values?.[1]).sort()).toEqual(['09', '10']);
  });
});
