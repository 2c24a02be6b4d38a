/**
 * The exactly-once proof under SIGKILL, shared by the topic formats: a backlog and a live
 * stream of events with unique ids, an ingester killed at random moments while slowed
 * writes keep flushes in progress, then every id found exactly once in the lake.
 */
import { expect } from 'vitest';
import {
  IngesterProcess,
  committedCount,
  lakePaths,
  produce,
  sleep,
  waitUntil,
  writeIngestConfig,
  type OutgoingMessage,
  type TopicSpec,
} from '../../support/ingest-harness.js';
import { countIds, countParquetIds } from './ingest-ids.js';
import type { KafkaSuite } from './kafka-suite.js';
import { killMidFlush } from './kills-mid-flush.js';

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
  /** Files a killed ingester wrote but did not commit: named at or past their partition's committed offset. */
  const uncommittedFiles = (committed: Map<number, number>): number => {
    return lakePaths(setup.lake).filter((path) => {
      const [, partition, start] = /\+(\d+)\+(\d+)\.(?:jsonl\.gz|parquet)$/.exec(path) ?? [];
      return start !== undefined && Number(start) >= (committed.get(Number(partition)) ?? 0);
    }).length;
  };

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

  const kills = await killMidFlush({
    suite,
    config: setup.config,
    groupId,
    topic: topic.name,
    kills: KILLS,
    pastCommit: uncommittedFiles,
  });
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
      `(${k.committed} committed in all, ${k.pastCommit} files written past the commit)`,
  );
  console.log(`exactly once (${label}): killed ${described.join('; ')}`);
  // The kills fell while work was in progress, not before the first or after the last commit,
  // and at least one left files written but never committed, for the next run to find and keep.
  expect(kills.filter((k) => k.committed > 0 && k.committed < EVENTS).length).toBeGreaterThanOrEqual(KILLS - 1);
  expect(kills.some((k) => k.pastCommit > 0)).toBe(true);

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
