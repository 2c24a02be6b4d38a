import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  readLake,
  sleep,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 120_000;
const PARTITIONS = 4;
const KILLS = 4;
/** Preloaded into the ingester to make file writes slow; see the file. */
const SLOW_STORAGE = fileURLToPath(new URL('./slow-storage.mjs', import.meta.url));

describeWithService('kafka', 'strata ingest: exactly once across SIGKILLs', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `exactly-once-${run}`;
  const groupId = `exactly-once-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, PARTITIONS);
  });
  /** Files a killed ingester wrote but did not commit: named at or past their partition's committed offset. */
  async function uncommittedFiles(lake: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
    return readLake(lake).files.filter((file) => {
      const [, partition, start] = /\+(\d+)\+(\d+)\.jsonl\.gz$/.exec(file.path) ?? [];
      return Number(start) >= (committed.get(Number(partition)) ?? 0);
    }).length;
  }

  it(
    `lands ${EVENTS.toLocaleString('en-US')} events exactly once though the ingester is killed ${KILLS} times`,
    { timeout: 180_000 },
    async () => {
      const setup = writeIngestConfig({
        broker,
        groupId,
        topics: [{ name: topic }],
        // Small files and frequent flushes: many commits for the kills to fall between.
        rotation: { maxRecords: 500, maxSeconds: 1 },
        sessionTimeoutMs: 6_000,
      });
      // Most events wait in the topic, a backlog to drain; the rest keep arriving while the
      // ingester is killed and restarted.
      const backlog = 90_000;
      await produce(producer, topic, backlog, (index) => idEvent(index, EVENTS));
      const chunk = 3_000;
      let produced = backlog;
      const producing = (async () => {
        for (let start = backlog; start < EVENTS; start += chunk) {
          await produce(producer, topic, chunk, (index) => idEvent(start + index, EVENTS), chunk);
          produced = start + chunk;
          await sleep(900);
        }
      })();

      const kills: Array<{ afterMs: number; committed: number; uncommittedFiles: number }> = [];
      for (let kill = 0; kill < KILLS; kill += 1) {
        // Slow writes (each file acknowledged 150 ms after it is in place) keep the ingester
        // busy draining for seconds, most of it between a flush's writes and its commit.
        const ingester = await IngesterProcess.start(setup.config, {
          timeoutMs: 60_000,
          env: { NODE_OPTIONS: `--import=${SLOW_STORAGE}`, STRATA_TEST_WRITE_DELAY_MS: '150' },
        });
        const joined = Date.now();
        // Kill only once this run has committed something of its own (on a loaded machine the
        // join and first flush take seconds), then at a random point of the flushes that follow.
        const before = await committedCount(admin, groupId, topic);
        await waitUntil(
          async () => (await committedCount(admin, groupId, topic)) > before,
          60_000,
          `run ${kill + 1} to commit`,
        );
        await sleep(Math.random() * 1_500);
        ingester.kill('SIGKILL');
        expect((await ingester.exited).signal).toBe('SIGKILL');
        kills.push({
          afterMs: Date.now() - joined,
          committed: await committedCount(admin, groupId, topic),
          uncommittedFiles: await uncommittedFiles(setup.lake),
        });
      }
      await producing;
      expect(produced).toBe(EVENTS);

      const last = await IngesterProcess.start(setup.config, { timeoutMs: 60_000 });
      await waitUntil(
        async () => (await committedCount(admin, groupId, topic)) === EVENTS,
        90_000,
        'every offset to be committed',
      );
      last.kill('SIGTERM');
      expect((await last.exited).code).toBe(0);
      const described = kills.map(
        (k) =>
          `${k.afterMs} ms after the join ` +
          `(${k.committed} committed in all, ${k.uncommittedFiles} files written past the commit)`,
      );
      console.log(`exactly once: killed ${described.join('; ')}`);
      // The kills fell while work was in progress, not before the first or after the last commit,
      // and at least one left files written but never committed, for the next run to find and keep.
      expect(kills.filter((k) => k.committed > 0 && k.committed < EVENTS).length).toBeGreaterThanOrEqual(3);
      expect(kills.some((k) => k.uncommittedFiles > 0)).toBe(true);

      const { counts, lines, files, leftovers } = countIds(setup.lake);
      expect(lines).toBe(EVENTS);
      const missing = [];
      const doubled = [];
      for (let id = 0; id < EVENTS; id += 1) {
        const count = counts[id] ?? 0;
        if (count === 0) missing.push(id);
        if (count > 1) doubled.push(id);
      }
      expect({ missing: missing.slice(0, 10), doubled: doubled.slice(0, 10) }).toEqual({ missing: [], doubled: [] });
      // Each start removed the temporary files the killed run before it left.
      expect(leftovers).toBe(0);
      console.log(`exactly once: ${EVENTS} ids, each found once in ${files} files`);
    },
  );
});
