/**
 * What the `strata run --watch` suites fed by a real ingester share: a topic landed by
 * `strata ingest` with `commit_feed: true`, a DuckDB project whose `bronze.events`
 * source reads that topic's lake folder, and a watcher whose output a callback follows
 * until it has seen what it waits for.
 */
import { join } from 'node:path';
import type { KafkaSuite } from '../integration/kafka/kafka-suite.js';
import { strata, type CliResult } from './cli.js';
import { IngesterProcess, committedCount, waitUntil, writeIngestConfig } from './ingest-harness.js';
import { tempProject } from './temp-project.js';

/** A commit-feed ingester on a topic of its own. */
export interface FeedIngester {
  ingester: IngesterProcess;
  topic: string;
  /** the lake folder the ingester lands in */
  lake: string;
  /** Wait until the group has committed `count` records of the topic. */
  committed(count: number, what: string): Promise<void>;
}

/**
 * Create topic `<name>-<run>` with two partitions and start `strata ingest` on it with the
 * commit feed on and files rotated every `maxRecords` records or second.
 */
export async function startFeedIngester(suite: KafkaSuite, name: string, maxRecords: number): Promise<FeedIngester> {
  const topic = `${name}-${suite.run}`;
  await suite.createTopic(topic, 2);
  const setup = writeIngestConfig({
    broker: suite.broker,
    groupId: topic,
    topics: [{ name: topic }],
    rotation: { maxRecords, maxSeconds: 1 },
    commitFeed: true,
  });
  const ingester = await IngesterProcess.start(setup.config, { timeoutMs: 60_000 });
  return {
    ingester,
    topic,
    lake: setup.lake,
    committed: (count, what) =>
      waitUntil(async () => (await committedCount(suite.admin, topic, topic)) === count, 90_000, what),
  };
}

/**
 * A DuckDB project `live` (target/live.duckdb) whose source `bronze.events` is the feed's
 * topic in the lake; `models` maps paths under models/ to their text, `folders` is the
 * project's config of its model folders, after `+materialized: table`.
 */
export function liveFeedProject(
  feed: FeedIngester,
  models: Record<string, string>,
  options: { folders?: string; threads?: number } = {},
): string {
  const folders = options.folders ? `, ${options.folders}` : '';
  const threads = options.threads ? `, threads: ${options.threads}` : '';
  return tempProject({
    'project.yml':
      'name: live\nversion: "1.0"\nprofile: live\nmodel-paths: [models]\n' +
      `models: { live: { +materialized: table${folders} } }\n`,
    'profiles.yml': `live:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/live.duckdb${threads} }\n`,
    'models/sources.yml':
      'version: 2\nsources:\n  - name: bronze\n    tables:\n' +
      `      - name: events\n        external: { location: "${join(feed.lake, feed.topic)}", format: jsonl, ` +
      'partitions: [dt, hour] }\n',
    ...Object.fromEntries(Object.entries(models).map(([path, text]) => [`models/${path}`, text])),
  });
}

/**
 * `strata run --watch <args> --profiles-dir <dir>` in `dir`. `follow` gets the output so far
 * and a way to signal the watcher, every 20 ms, until it returns true; a watcher that never
 * gets there is killed after 90 s, so the test fails with its output.
 */
export function watchRun(
  dir: string,
  args: string[],
  follow: (output: string, kill: (signal: NodeJS.Signals) => void) => boolean,
): Promise<CliResult> {
  return strata(['run', '--watch', ...args, '--profiles-dir', dir], {
    cwd: dir,
    onSpawn: (kill, output) => {
      const deadline = setTimeout(() => kill('SIGKILL'), 90_000);
      const poll = setInterval(() => {
        if (!follow(output(), kill)) return;
        clearInterval(poll);
        clearTimeout(deadline);
      }, 20);
    },
  });
}
