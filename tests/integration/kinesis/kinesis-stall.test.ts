/**
 * A Kinesis worker frozen (SIGSTOP) in the middle of its flushes, past the failover time,
 * while another worker takes its leases over and replays its pending flushes; thawed, it
 * finishes the writes it had started, finds its leases taken and leaves. Every record is
 * in the lake once (against the `aws` test service, moto).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { waitUntil } from '../../support/ingest-harness.js';
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

const SLOW_STORAGE = fileURLToPath(new URL('../kafka/slow-storage.mjs', import.meta.url));

describeWithService('aws', 'Kinesis source: a stalled worker', (service) => {
  const kinesis = kinesisService(service);
  afterAll(() => kinesis.client.destroy());

  it('loses and repeats nothing when a frozen worker wakes after its leases were taken over', async () => {
    const stream = await createStream(kinesis.client, 'stall', 2);
    const setup = writeKinesisConfig({ service: kinesis, streams: [stream], rotation: { maxRecords: 150 } });
    await putRecords(kinesis.client, stream, 0, 3_000, idRecord);
    const frozen = await startKinesisIngester(setup.config, kinesis, {
      NODE_OPTIONS: `--import=${SLOW_STORAGE}`,
      STRATA_TEST_WRITE_DELAY_MS: '300',
    });
    await waitUntil(() => readKinesisLake(setup.lake).files.length > 0, 60_000, 'the first files');
    frozen.kill('SIGSTOP');
    try {
      const survivor = await startKinesisIngester(setup.config, kinesis);
      await putRecords(kinesis.client, stream, 3_000, 1_000, idRecord);
      await waitForLines(setup.lake, 4_000, 90_000);
      frozen.kill('SIGCONT');
      const left = () => frozen.logs.filter((line) => line.msg === 'lease taken by another worker: leaving the shard');
      await waitUntil(() => left().length === 2, 30_000, 'the thawed worker to leave both shards');
      survivor.kill('SIGTERM');
      frozen.kill('SIGTERM');
      expect((await frozen.exited).code).toBe(0);
      expect((await survivor.exited).code).toBe(0);
      // Taken once expired, or stolen while the frozen worker still looked alive: from it either way.
      // (Thawed, the frozen worker may steal one back to even out the load.)
      expect(
        survivor.logs
          .filter((line) => line.msg.startsWith('lease '))
          .map((line) => line.from)
          .slice(0, 2),
      ).toEqual([
        frozen.logs.find((line) => line.msg === 'kinesis worker started')?.worker_id,
        frozen.logs.find((line) => line.msg === 'kinesis worker started')?.worker_id,
      ]);
    } finally {
      frozen.kill('SIGCONT');
    }
    const lake = readKinesisLake(setup.lake);
    expect(lake.bronzeLines.length).toBe(4_000);
    expect(idProblems(lake.counts, 4_000)).toEqual({ missing: [], doubled: [] });
  }, 180_000);
});
