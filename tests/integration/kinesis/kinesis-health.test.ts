/**
 * `/healthz` of a Kinesis worker against the `aws` test service (moto) says when nothing
 * can be written, as the Kafka source's does: 503 naming the failing shards while the
 * stream's writes keep failing, 200 again once they land, and nothing lost or doubled.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { metricSum, waitUntil } from '../../support/ingest-harness.js';
import {
  createStream,
  idProblems,
  idRecord,
  kinesisService,
  putRecords,
  readKinesisLake,
  startKinesisIngester,
  waitForLines,
  writeKinesisConfig,
} from '../../support/kinesis-harness.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

const RECORDS = 600;

describeWithService('aws', 'Kinesis source: /healthz says when nothing can be written', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  it('turns 503 with the failing shards while writes keep failing, and 200 once they land', async () => {
    const stream = await createStream(kinesis.client, 'health', 2);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream] });
    const ingester = await startKinesisIngester(setup.config, kinesis);
    let health = await ingester.health();
    await waitUntil(async () => (health = await ingester.health()).status === 200, 30_000, 'a healthy worker');

    // The stream's folder is a file: every Bronze write fails (root ignores permission bits, not this).
    mkdirSync(setup.lake, { recursive: true });
    const blocker = join(setup.lake, stream);
    writeFileSync(blocker, 'not a folder');
    await putRecords(kinesis.client, stream, 0, RECORDS, idRecord);
    await waitUntil(async () => (health = await ingester.health()).status === 503, 60_000, 'failing writes');
    expect(health.body).toMatchObject({ status: 'unavailable', connected: true, joined: true });
    expect(health.body.reason).toMatch(
      new RegExp(`^writes keep failing: shard ${stream}/shardId-\\d{12} failed|` + `^writes keep failing on 2 shards`),
    );
    const failures = health.body.write_failures as Array<Record<string, unknown>>;
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({ topic: stream, shard_id: expect.stringMatching(/^shardId-\d{12}$/) });
      expect(failure.failed_flushes).toBeGreaterThanOrEqual(3);
      expect(String(failure.error)).toMatch(/ENOTDIR|EEXIST/);
    }
    expect(metricSum(await ingester.metrics(), 'strata_ingest_records_consumed_total', { topic: stream })).toBe(0);

    rmSync(blocker);
    await waitUntil(async () => (health = await ingester.health()).status === 200, 90_000, '/healthz to recover');
    expect(health.body).not.toHaveProperty('reason');
    expect(health.body).not.toHaveProperty('write_failures');
    await waitForLines(setup.lake, RECORDS, 60_000);
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);
    const { counts } = readKinesisLake(setup.lake);
    expect(idProblems(counts, RECORDS)).toEqual({ missing: [], doubled: [] });
  }, 240_000);
});
