/**
 * The exactly-once proof under SIGKILL, shared by the topic formats: a backlog and a live
 * stream of events with unique ids, an ingester killed at random moments while slowed
 * writes keep flushes in progress, then every id found exactly once in the lake.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  IngesterProcess,
  committedCount,
  produce,
  readLake,
  sleep,
  waitUntil,
  writeIngestConfig,
  type OutgoingMessage,
  type TopicSpec,
} from '../../support/ingest-harness.js';
import { countIds, countParquetIds } from './ingest-ids.js';
import type { KafkaSuite } from './kafka-suite.js';

/** Preloaded into the ingester to make file writes slow; see the file. */
const SLOW_STORAGE = fileURLToPath(new URL('./slow-storage.mjs', import.meta.url));

export interface ExactlyOnceScenario {
  suite: KafkaSuite;
  topic: TopicSpec;
  groupId: string;
  events: number;
  kills: number;
  /** event `index` of `total` as produced (its payload carries `id: index`) */
  event: (index: number, total: number) => OutgoingMessage;
  schemaRegistry?: string;
  /** Parquet Bronze files in this layout; gzip JSON lines when absent */
  parquetLayout?: 'payload' | 'typed';
}

/** Runs the scenario; the topic exists already. */
export async function runExactlyOnceScenario(scenario: ExactlyOnceScenario): Promise<void> {
  const { suite, topic, groupId, events: EVENTS, kills: KILLS, event } = scenario;
  const { admin, producer, broker } = suite;
  const label = `${topic.format ?? 'json'}${scenario.parquetLayout ? ` to ${scenario.parquetLayout} Parquet` : ''}`;
  /** Files a killed ingester wrote but did not commit: named at or past their partition's committed offset. */
  async function uncommittedFiles(lake: string): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
    const committed = new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
    const { files, other } = readLake(lake);
    return [...files.map((file) => file.path), ...other].filter((path) => {
      const [, partition, start] = /\+(\d+)\+(\d+)\.(?:jsonl\.gz|parquet)$/.exec(path) ?? [];
      return start !== undefined && Number(start) >= (committed.get(Number(partition)) ?? 0);
    }).length;
  }

  const setup = writeIngestConfig({
    broker,
    groupId,
    topics: [topic],
    // Small files and frequent flushes: many commits for the kills to fall between.
    rotation: { maxRecords: 500, maxSeconds: 1 },
    sessionTimeoutMs: 6_000,
    ...(scenario.schemaRegistry ? { schemaRegistry: scenario.schemaRegistry } : {}),
    ...(scenario.parquetLayout ? { format: 'parquet' as const, parquetLayout: scenario.parquetLayout } : {}),
  });
  // Most events wait in the topic, a backlog to drain; the rest keep arriving while the
  // ingester is killed and restarted.
  const backlog = Math.floor(EVENTS * 0.75);
  await produce(producer, topic.name, backlog, (index) => event(index, EVENTS));
  const chunk = Math.floor(EVENTS / 40);
  let produced = backlog;
  const producing = (async () => {
    for (let start = backlog; start < EVENTS; start += chunk) {
      const size = Math.min(chunk, EVENTS - start);
      await produce(producer, topic.name, size, (index) => event(start + index, EVENTS), size);
      produced = start + size;
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
    const before = await committedCount(admin, groupId, topic.name);
    await waitUntil(
      async () => (await committedCount(admin, groupId, topic.name)) > before,
      60_000,
      `run ${kill + 1} to commit`,
    );
    await sleep(Math.random() * 1_500);
    ingester.kill('SIGKILL');
    expect((await ingester.exited).signal).toBe('SIGKILL');
    kills.push({
      afterMs: Date.now() - joined,
      committed: await committedCount(admin, groupId, topic.name),
      uncommittedFiles: await uncommittedFiles(setup.lake),
    });
  }
  await producing;
  expect(produced).toBe(EVENTS);

  const last = await IngesterProcess.start(setup.config, { timeoutMs: 60_000 });
  await waitUntil(
    async () => (await committedCount(admin, groupId, topic.name)) === EVENTS,
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
  console.log(`exactly once (${label}): killed ${described.join('; ')}`);
  // The kills fell while work was in progress, not before the first or after the last commit,
  // and at least one left files written but never committed, for the next run to find and keep.
  expect(kills.filter((k) => k.committed > 0 && k.committed < EVENTS).length).toBeGreaterThanOrEqual(KILLS - 1);
  expect(kills.some((k) => k.uncommittedFiles > 0)).toBe(true);

  const { counts, lines, files, leftovers } = scenario.parquetLayout
    ? await countParquetIds(setup.lake, scenario.parquetLayout)
    : countIds(setup.lake);
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
  console.log(`exactly once (${label}): ${EVENTS} ids, each found once in ${files} files`);
}
