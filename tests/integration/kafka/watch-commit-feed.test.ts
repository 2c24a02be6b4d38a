import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { queryDuckDb, strata, type CliResult } from '../../support/cli.js';
import { produce } from '../../support/ingest-harness.js';
import { liveFeedProject, startFeedIngester, watchRun, type FeedIngester } from '../../support/watch-feed.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const PARTS = [1_500, 2_000, 1_500];
const TOTAL = PARTS.reduce((sum, part) => sum + part, 0);

const EVENTS = `
select
  cast(json_extract(payload, '$.id') as integer) as id,
  json_extract_string(payload, '$.user_id') as user_id,
  cast(json_extract_string(payload, '$.event_time') as timestamp) as event_time,
  "partition" as kafka_partition,
  "offset" as kafka_offset
from {{ source('bronze', 'events') }}`;

const HOURLY = (measures: string) =>
  `with events as (${EVENTS}\n)\nselect date_trunc('hour', event_time) as event_hour, ${measures}\n` +
  'from events\ngroup by 1';

const FED = "materialized='incremental', incremental_strategy='commit_feed'";

/**
 * Commit-fed models (every event; hourly sums merged on the hour; hourly distinct users
 * re-aggregated per hour) under `fed/`, the same queries as tables under `full/`.
 */
function project(feed: FeedIngester): string {
  // the per-record model also burns a moment, so a kill lands while a run is in flight
  const burn = '(select count(*) from range(30000000)) as burnt';
  return liveFeedProject(
    feed,
    {
      'fed/events_fed.sql': `{{ config(${FED}) }}\nselect *, ${burn} from (${EVENTS}\n) events`,
      'full/events_full.sql': `select *, ${burn} from (${EVENTS}\n) events`,
      'fed/hourly_sums_fed.sql':
        `{{ config(${FED}, unique_key='event_hour', merge_sum_columns=['events']) }}\n` + HOURLY('count(*) as events'),
      'full/hourly_sums_full.sql': HOURLY('count(*) as events'),
      'fed/hourly_users_fed.sql':
        `{{ config(${FED}, unique_key='event_hour', event_time='event_hour', batch_size='hour') }}\n` +
        HOURLY('count(*) as events, count(distinct user_id) as users'),
      'full/hourly_users_full.sql': HOURLY('count(*) as events, count(distinct user_id) as users'),
    },
    { folders: 'fed: { +tags: [fed] }', threads: 2 },
  );
}

describeWithService('kafka', 'commit-fed models under strata run --watch, killed and restarted', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { producer } = kafkaSuite;

  it(
    'holds every event exactly once after a kill -9 mid-run and a restart, as a full build does',
    { timeout: 240_000 },
    async () => {
      const feed = await startFeedIngester(kafkaSuite, 'feedinc', 400);
      const { ingester, topic, committed } = feed;
      const event = (offset: number) => (index: number) => idEvent(offset + index, TOTAL);
      const dir = project(feed);
      const watch = (follow: (text: string, kill: (signal: NodeJS.Signals) => void) => boolean) =>
        watchRun(dir, ['--select', 'tag:fed', '--poll-interval', '0.2'], follow);

      await produce(producer, topic, PARTS[0]!, event(0));
      await committed(PARTS[0]!, 'the first events');

      // The first watcher builds, then is killed -9 while it runs the commits of the second part.
      let produced = false;
      let killedAfter = '';
      const killed: CliResult = await watch((text, kill) => {
        if (!produced && text.includes('Waiting for commits...')) {
          produced = true;
          void produce(producer, topic, PARTS[1]!, event(PARTS[0]!));
        }
        const afterCommits = text.split('new commits (').slice(1).join('');
        if (produced && afterCommits.includes('START sql incremental model')) {
          killedAfter = text;
          kill('SIGKILL');
          return true;
        }
        return false;
      });
      expect(killedAfter, killed.stdout + killed.stderr).not.toBe('');
      expect(killed.code).toBeNull();

      await produce(producer, topic, PARTS[2]!, event(PARTS[0]! + PARTS[1]!));
      await committed(TOTAL, 'every event');

      // The restarted watcher takes each model on from its stored cursor, then is stopped.
      const restarted = await watch((text, kill) => {
        if (!text.includes('Waiting for commits...')) return false;
        kill('SIGTERM');
        return true;
      });
      ingester.kill('SIGTERM');
      expect((await ingester.exited).code).toBe(0);
      expect(restarted.stderr, restarted.stdout).toBe('');
      expect(restarted.code).toBe(0);
      expect(restarted.stdout).toMatch(/OK created sql incremental model main\.events_fed .*INSERT/);

      const full = await strata(['run', '--select', 'path:models/full', '--profiles-dir', dir], { cwd: dir });
      expect(full.stderr).toBe('');
      expect(full.code).toBe(0);
      const db = join(dir, 'target/live.duckdb');
      const count = await queryDuckDb(db, 'select count(*) as n, count(distinct id) as ids from main.events_fed');
      expect(count).toEqual([{ n: BigInt(TOTAL), ids: BigInt(TOTAL) }]);
      const same = async (fed: string, fullModel: string, key: string) =>
        expect(await queryDuckDb(db, `select * from main.${fed} order by ${key}`)).toEqual(
          await queryDuckDb(db, `select * from main.${fullModel} order by ${key}`),
        );
      await same('events_fed', 'events_full', 'id');
      await same('hourly_sums_fed', 'hourly_sums_full', 'event_hour');
      await same('hourly_users_fed', 'hourly_users_full', 'event_hour');
    },
  );
});
