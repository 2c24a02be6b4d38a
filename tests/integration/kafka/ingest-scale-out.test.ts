import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  assignedPartitions,
  committedCount,
  produce,
  sleep,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 60_000;
const PARTITIONS = 6;

describeWithService(
  'kafka',
  'strata ingest: two instances share the partitions; one dies, the other takes over',
  (service) => {
    const kafkaSuite = useKafkaSuite(service);
    const { broker, admin, producer, run } = kafkaSuite;
    const topic = `scale-out-${run}`;
    const groupId = `scale-out-${run}`;

    beforeAll(async () => {
      await kafkaSuite.createTopic(topic, PARTITIONS);
    });

    it(
      'splits 6 partitions between two instances, and after a SIGKILL the survivor lands every id exactly once',
      { timeout: 150_000 },
      async () => {
        const setup = writeIngestConfig({
          broker,
          groupId,
          topics: [{ name: topic }],
          rotation: { maxRecords: 1_000, maxSeconds: 1 },
          sessionTimeoutMs: 6_000,
        });
        const chunk = 2_000;
        let produced = 0;
        const producing = (async () => {
          for (let start = 0; start < EVENTS; start += chunk) {
            await produce(producer, topic, chunk, (index) => idEvent(start + index, EVENTS), chunk);
            produced = start + chunk;
            await sleep(400);
          }
        })();

        const first = await IngesterProcess.start(setup.config);
        const second = await IngesterProcess.start(setup.config);
        // Both take part: the first rejoins when the second arrives, and they split the partitions.
        await first.waitForLog(
          (line) => line.msg === 'joined the consumer group' && assignedPartitions(line) === PARTITIONS / 2,
          30_000,
        );
        const secondJoin = await second.waitForLog((line) => line.msg === 'joined the consumer group', 30_000);
        expect(assignedPartitions(secondJoin)).toBe(PARTITIONS / 2);

        await waitUntil(
          async () => (await committedCount(admin, groupId, topic)) > EVENTS / 5,
          30_000,
          'both instances to commit',
        );
        await sleep(Math.random() * 1_000);
        const committedAtKill = await committedCount(admin, groupId, topic);
        first.kill('SIGKILL');
        await first.exited;

        // After the dead member's session expires, the survivor owns all six partitions.
        await second.waitForLog(
          (line) => line.msg === 'joined the consumer group' && assignedPartitions(line) === PARTITIONS,
          30_000,
        );
        await producing;
        expect(produced).toBe(EVENTS);
        await waitUntil(
          async () => (await committedCount(admin, groupId, topic)) === EVENTS,
          60_000,
          'every offset to be committed',
        );
        second.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
        console.log(
          `scale-out: first instance killed with ${committedAtKill} of ${EVENTS} committed; the second finished`,
        );

        const { counts, lines } = countIds(setup.lake);
        expect(lines).toBe(EVENTS);
        const wrong = [...counts.entries()].filter(([, count]) => count !== 1).slice(0, 10);
        expect(wrong).toEqual([]);
        expect(counts.length).toBe(EVENTS);
      },
    );
  },
);
