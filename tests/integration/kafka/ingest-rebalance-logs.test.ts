import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  assignedPartitions,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const PARTITIONS = 4;
const ROUND = 3_000;

describeWithService('kafka', 'strata ingest: ordinary rebalances are routine, not errors', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `rebalance-logs-${run}`;
  const groupId = `rebalance-logs-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, PARTITIONS);
  });

  it(
    'an instance joining and one leaving with SIGTERM log at info, and every id lands once',
    { timeout: 120_000 },
    async () => {
      const setup = writeIngestConfig({
        broker,
        groupId,
        topics: [{ name: topic }],
        rotation: { maxRecords: 500, maxSeconds: 1 },
        sessionTimeoutMs: 6_000,
      });
      const total = ROUND * 3;
      const round = async (index: number): Promise<void> => {
        await produce(producer, topic, ROUND, (offset) => idEvent(index * ROUND + offset, total), 500);
        await waitUntil(
          async () => (await committedCount(admin, groupId, topic)) === (index + 1) * ROUND,
          60_000,
          `round ${index + 1} to be committed`,
        );
      };

      const first = await IngesterProcess.start(setup.config);
      await round(0);
      // A second instance joins: the group rebalances and the two split the partitions.
      const second = await IngesterProcess.start(setup.config);
      await first.waitForLog(
        (line) => line.msg === 'joined the consumer group' && assignedPartitions(line) === PARTITIONS / 2,
        30_000,
      );
      await round(1);
      // It leaves cleanly: the group rebalances again and the first takes every partition back.
      second.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      await first.waitForLog(
        (line) => line.msg === 'joined the consumer group' && assignedPartitions(line) === PARTITIONS,
        30_000,
      );
      await round(2);
      first.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);

      const loud = [...first.logs, ...second.logs].filter((line) => line.level === 'error' || line.level === 'warn');
      expect(loud.map((line) => JSON.stringify(line))).toEqual([]);
      const { counts, lines } = countIds(setup.lake);
      expect(lines).toBe(total);
      expect([...counts].filter((count) => count !== 1)).toEqual([]);
    },
  );
});
