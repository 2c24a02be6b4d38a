import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { IngesterProcess, metricSum, produce, waitUntil, writeIngestConfig } from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 500;

describeWithService('kafka', 'strata ingest: /healthz says when nothing can be written', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, producer, run } = kafkaSuite;
  const topic = `health-${run}`;
  const healthy = `health-ok-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 2);
    await kafkaSuite.createTopic(healthy, 2);
  });

  it(
    "turns 503 with the reason while a topic's writes keep failing, whatever other topics do, " +
      'and 200 again once they land, losing nothing',
    { timeout: 120_000 },
    async () => {
      const setup = writeIngestConfig({
        broker,
        groupId: `health-${run}`,
        topics: [{ name: topic }, { name: healthy }],
        rotation: { maxSeconds: 1 },
      });
      const ingester = await IngesterProcess.start(setup.config);
      await waitUntil(async () => (await ingester.health()).status === 200, 30_000, 'a healthy ingester');

      // The topic's folder is a file: every write under it fails (root ignores permission bits, not this).
      mkdirSync(setup.lake, { recursive: true });
      const blocker = join(setup.lake, topic);
      writeFileSync(blocker, 'not a folder');
      await produce(producer, topic, EVENTS, (index) => idEvent(index, EVENTS));
      await produce(producer, healthy, EVENTS, (index) => idEvent(EVENTS + index, EVENTS));

      let health = await ingester.health();
      await waitUntil(
        async () => (health = await ingester.health()).status === 503,
        60_000,
        '/healthz to report failing writes',
      );
      expect(health.body).toMatchObject({ status: 'unavailable', connected: true, joined: true });
      expect(health.body.reason).toMatch(/^writes keep failing/);
      expect(health.body.reason).toContain(topic);
      const failures = health.body.write_failures as Array<Record<string, unknown>>;
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure).toMatchObject({ topic });
        expect(failure.failed_flushes).toBeGreaterThanOrEqual(3);
        expect(String(failure.error)).toMatch(/ENOTDIR|EEXIST/);
      }
      // The other topic lands meanwhile, and its successes do not hide the failing partitions.
      await waitUntil(
        async () =>
          metricSum(await ingester.metrics(), 'strata_ingest_records_consumed_total', { topic: healthy }) === EVENTS,
        60_000,
        'the healthy topic to land',
      );
      health = await ingester.health();
      expect(health.status).toBe(503);
      expect(
        (health.body.write_failures as Array<Record<string, unknown>>).every((failure) => failure.topic === topic),
      ).toBe(true);
      const samples = await ingester.metrics();
      expect(metricSum(samples, 'strata_ingest_flush_failures_total', { cause: 'error' })).toBeGreaterThanOrEqual(3);
      expect(metricSum(samples, 'strata_ingest_records_consumed_total', { topic })).toBe(0);
      const failed = ingester.logs.filter(
        (line) => line.msg === 'flush failed; the partition is read again from its last commit',
      );
      expect(
        failed.every((line) => line.level === 'error' && line.topic === topic && typeof line.retry_in_ms === 'number'),
      ).toBe(true);

      // The lake accepts writes again: the retries land everything (the group had no commit
      // yet, so each retry reads again from the failed flush's first offset) and the instance
      // is healthy.
      rmSync(blocker);
      await waitUntil(async () => (health = await ingester.health()).status === 200, 90_000, '/healthz to recover');
      expect(health.body).not.toHaveProperty('reason');
      expect(health.body).not.toHaveProperty('write_failures');
      await waitUntil(
        async () => metricSum(await ingester.metrics(), 'strata_ingest_records_consumed_total') === 2 * EVENTS,
        60_000,
        'every record to be committed',
      );
      ingester.kill('SIGTERM');
      expect((await ingester.exited).code).toBe(0);

      const { counts, lines } = countIds(setup.lake);
      expect(lines).toBe(2 * EVENTS);
      expect(counts.length).toBe(2 * EVENTS);
      expect([...counts].filter((count) => count !== 1)).toEqual([]);
    },
  );
});
