/**
 * The Glue calls of the ingester's flush path, counted on the wire: each flush hands its
 * files' partitions to the registrar (pipeline/partition-registrations.ts, as the segment
 * writer does before it commits), and a counting proxy in front of moto's Glue tells which
 * calls reached the catalog.
 */
import {
  DeletePartitionCommand,
  DeleteDatabaseCommand,
  DeleteTableCommand,
  GetPartitionsCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CountingProxy, glueOperation } from '../../support/counting-proxy.js';
import { GlueRegistrar, type GlueRegistrarOptions } from '../../../ingest/catalog/glue-registrar.js';
import { PartitionRegistrations } from '../../../ingest/pipeline/partition-registrations.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

const LAKE = 's3://strata-lake/bronze';

describeWithService('aws', 'Glue calls of the flush path', (service) => {
  const { forcePathStyle: _s3Only, ...config } = awsClientConfig(service);
  const glue = new GlueClient(config);
  const run = randomUUID().slice(0, 8);
  const databases: string[] = [];
  const registrars: GlueRegistrar[] = [];
  let proxy: CountingProxy;

  beforeAll(async () => {
    proxy = await CountingProxy.start(config.endpoint, glueOperation);
  });
  afterAll(async () => {
    await Promise.all(registrars.map((registrar) => registrar.close()));
    for (const Name of databases) await glue.send(new DeleteDatabaseCommand({ Name })).catch(() => undefined);
    glue.destroy();
    await proxy?.close();
  });

  /** Glue calls of each kind through the proxy since `before` (a snapshot of counts). */
  const counts = () => new Map([...proxy.calls].map(([name, tally]) => [name, tally.count]));
  const since = (before: Map<string, number>, name: string) =>
    (proxy.calls.get(name)?.count ?? 0) - (before.get(name) ?? 0);

  /** A registrar on a fresh database talking to Glue through the proxy, and a clock the test moves. */
  function setup(options: Partial<GlueRegistrarOptions> = {}) {
    const database = `strata_flush_${run}_${databases.length}`;
    databases.push(database);
    const clock = { ms: Date.UTC(2026, 0, 5, 12) };
    const registrar = new GlueRegistrar({
      database,
      region: config.region,
      endpoint: proxy.url,
      credentials: config.credentials,
      createDatabase: true,
      createTable: { format: 'jsonl', location: (table) => `${LAKE}/${table}/` },
      sleep: async () => undefined,
      now: () => clock.ms,
      ...options,
    });
    registrars.push(registrar);
    const partitions = new PartitionRegistrations(registrar, (topic) => `bronze_${topic}`, LAKE);
    /** One flush of `orders` files into each of `hours` of 2026-01-05. */
    const flush = (...hours: string[]) =>
      partitions.register(
        'orders',
        hours.map((hour, i) => ({
          path: `${LAKE}/orders/dt=2026-01-05/hour=${hour}/p0-${i}.jsonl.gz`,
          rejected: false,
        })),
      );
    const stored = async () => {
      const page = await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: 'bronze_orders' }));
      return (page.Partitions ?? []).map((partition) => partition.Values?.join('/')).sort();
    };
    return { registrar, database, clock, flush, stored };
  }

  it('sends one BatchCreatePartition per new hour, none for flushes into an hour it registered', async () => {
    const { flush, stored } = setup();
    const before = counts();
    for (let i = 0; i < 5; i += 1) await flush('09');
    expect(since(before, 'BatchCreatePartition')).toBe(1);
    expect(since(before, 'CreateTable')).toBe(1);

    await flush('09', '10');
    await flush('10');
    await flush('09', '10');
    expect(since(before, 'BatchCreatePartition')).toBe(2);
    // The table's definition is remembered too: no GetTable or CreateTable per flush.
    expect(since(before, 'CreateTable')).toBe(1);
    expect(since(before, 'GetTable')).toBe(0);
    expect(await stored()).toEqual(['2026-01-05/09', '2026-01-05/10']);
  });

  it('sends a partition again on the next flush after a failed call', async () => {
    const { flush, stored, database } = setup();
    await flush('09');
    // Dropped behind the ingester's back: the next new hour's call fails in Glue.
    await glue.send(new DeleteTableCommand({ DatabaseName: database, Name: 'bronze_orders' }));
    const before = counts();
    await expect(flush('09', '10')).rejects.toThrow(`registering 1 partition(s) of ${database}.bronze_orders`);
    expect(since(before, 'BatchCreatePartition')).toBe(1);

    // The failure was not remembered as done: the next flush creates the table again and
    // sends both hours (hour 09 went with the dropped table).
    await flush('09', '10');
    expect(since(before, 'BatchCreatePartition')).toBe(2);
    expect(since(before, 'CreateTable')).toBe(1);
    expect(await stored()).toEqual(['2026-01-05/09', '2026-01-05/10']);
    await flush('09', '10');
    expect(since(before, 'BatchCreatePartition')).toBe(2);
  });

  it('puts back a partition dropped behind its back once the registration is old enough to check', async () => {
    const { flush, stored, database, clock, registrar } = setup({ recheckAfterMs: 15 * 60_000 });
    await flush('09');
    await glue.send(
      new DeletePartitionCommand({
        DatabaseName: database,
        TableName: 'bronze_orders',
        PartitionValues: ['2026-01-05', '09'],
      }),
    );
    const before = counts();
    clock.ms += 14 * 60_000;
    await flush('09');
    expect(since(before, 'BatchCreatePartition')).toBe(0);
    expect(await stored()).toEqual([]);

    clock.ms += 60_000;
    await flush('09');
    expect(since(before, 'BatchCreatePartition')).toBe(1);
    expect(await stored()).toEqual(['2026-01-05/09']);
    // Checked again: trusted for another interval.
    await flush('09');
    expect(since(before, 'BatchCreatePartition')).toBe(1);
    expect(registrar.stats).toMatchObject({ created: 2, alreadyExisted: 0 });
  });

  it('forgets the oldest partitions past its bound, and finds them still there when it sends them again', async () => {
    const { flush, registrar } = setup({ rememberedPartitions: 2 });
    const before = counts();
    await flush('00');
    await flush('01');
    await flush('02');
    await flush('01', '02');
    expect(since(before, 'BatchCreatePartition')).toBe(3);
    await flush('00');
    expect(since(before, 'BatchCreatePartition')).toBe(4);
    expect(registrar.stats).toMatchObject({ created: 3, alreadyExisted: 1 });
  });
});
