import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  metricSum,
  produce,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 30_000;

describeWithService('kafka', 'strata ingest: SIGTERM flushes, commits and exits 0', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `shutdown-${run}`;
  const groupId = `shutdown-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 3);
    await produce(producer, topic, EVENTS, (index) => idEvent(index, EVENTS));
  });

  it('writes everything it buffered, commits it, leaves the group and exits 0 within the bound', async () => {
    // Nothing rotates on its own: every record is still buffered when SIGTERM arrives.
    const setup = writeIngestConfig({
      broker,
      groupId,
      topics: [{ name: topic }],
      rotation: { maxRecords: 1_000_000, maxSeconds: 600 },
      shutdownTimeoutSeconds: 10,
    });
    const ingester = await IngesterProcess.start(setup.config);
    await waitUntil(
      async () => metricSum(await ingester.metrics(), 'strata_ingest_records_fetched_total') >= EVENTS,
      30_000,
      'every record to be read',
    );
    const before = await ingester.metrics();
    expect(metricSum(before, 'strata_ingest_records_consumed_total')).toBe(0);
    expect(metricSum(before, 'strata_ingest_open_files')).toBeGreaterThan(0);
    expect(await committedCount(admin, groupId, topic)).toBe(0);
    expect((await ingester.health()).status).toBe(200);

    const signalled = Date.now();
    ingester.kill('SIGTERM');
    const exit = await ingester.exited;
    const seconds = (Date.now() - signalled) / 1000;
    expect(exit.code).toBe(0);
    expect(seconds).toBeLessThan(10);
    console.log(`SIGTERM: flushed ${EVENTS} buffered records, committed and exited 0 in ${seconds.toFixed(2)} s`);
    expect(ingester.logs.find((line) => line.msg === 'stopped')).toMatchObject({
      clean: true,
      committed_records: EVENTS,
    });

    expect(await committedCount(admin, groupId, topic)).toBe(EVENTS);
    const { counts, lines } = countIds(setup.lake);
    expect(lines).toBe(EVENTS);
    expect(counts.every((count) => count === 1)).toBe(true);
    // It left the group rather than waiting for its session to expire.
    const group = await admin.describeGroups([groupId]);
    expect(group.groups[0]?.members).toEqual([]);
  });
});
