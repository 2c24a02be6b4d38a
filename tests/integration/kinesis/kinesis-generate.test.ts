/**
 * `strata generate --kinesis` against the `aws` test service (moto): the example events put
 * to four streams named as the Kafka topics, then ingested with `source: kinesis`; every put
 * record lands exactly once (Bronze or rejected), and each stream holds what the command
 * reported for it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { strata } from '../../support/cli.js';
import { readLake, waitUntil } from '../../support/ingest-harness.js';
import { kinesisService, startKinesisIngester, writeKinesisConfig } from '../../support/kinesis-harness.js';

const COUNT = 3_000;
const TOPICS = ['users', 'clickstream', 'orders', 'payments'];

describeWithService('aws', 'strata generate --kinesis', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  it('puts the example events to Kinesis streams, and the Kinesis source lands each exactly once', async () => {
    const prefix = `gen-${randomUUID().slice(0, 8)}-`;
    const streams = TOPICS.map((topic) => `${prefix}${topic}`);
    const setup = writeKinesisConfig({ service: kinesis, streams });
    const generated = await strata(
      ['generate', '--kinesis', kinesis.endpoint, '--topic-prefix', prefix, '--partitions', '2'].concat([
        '--users',
        '300',
        '--days',
        '3',
        '--count',
        String(COUNT),
      ]),
      { cwd: setup.dir, env: kinesis.env },
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain(`Put ${COUNT.toLocaleString('en-US')} events to Kinesis`);
    const reported = new Map(
      streams.map((stream) => [
        stream,
        Number(new RegExp(`${stream} ([\\d,]+)`).exec(generated.stdout)?.[1]?.replace(/,/g, '')),
      ]),
    );
    expect([...reported.values()].reduce((sum, count) => sum + count, 0)).toBe(COUNT);

    const ingester = await startKinesisIngester(setup.config, kinesis);
    const landed = () => readLake(setup.lake).files.flatMap((file) => file.lines);
    await waitUntil(async () => landed().length >= COUNT, 90_000, `${COUNT} lines in the lake`);
    // caught up, every shard read reports its lag as a time: 0 ms behind the tip
    const lag = async () =>
      (await ingester.metrics()).filter((sample) => sample.name === 'strata_ingest_millis_behind_latest');
    await waitUntil(
      async () => (await lag()).length === 8 && (await lag()).every((sample) => sample.value === 0),
      30_000,
      'every shard caught up',
    );
    expect(new Set((await lag()).map((sample) => `${sample.labels.topic}/${sample.labels.shard}`)).size).toBe(8);
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);

    const lines = landed();
    const records = new Set(
      lines.map((line) => `${line.topic as string}/${line.shard_id as string}/${line.sequence_number as string}`),
    );
    expect(lines).toHaveLength(COUNT);
    expect(records.size).toBe(COUNT);
    for (const stream of streams) {
      expect(lines.filter((line) => line.topic === stream)).toHaveLength(reported.get(stream) ?? -1);
      expect(new Set(lines.filter((line) => line.topic === stream).map((line) => line.shard_id)).size).toBe(2);
    }
    expect(readLake(setup.lake).files.some((file) => file.path.startsWith('rejected/'))).toBe(true);
  });
});
