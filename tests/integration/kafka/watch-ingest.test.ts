import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { queryDuckDb } from '../../support/cli.js';
import { produce } from '../../support/ingest-harness.js';
import { liveFeedProject, startFeedIngester, watchRun } from '../../support/watch-feed.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const FIRST = 2_000;
const SECOND = 3_000;

describeWithService('kafka', 'strata run --watch fed by the ingester', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { producer } = kafkaSuite;

  it(
    'runs the models downstream of each pushed commit until the gold table holds every event',
    { timeout: 120_000 },
    async () => {
      const feed = await startFeedIngester(kafkaSuite, 'watch', 500);
      const { ingester, topic } = feed;
      await produce(producer, topic, FIRST, (index) => idEvent(index, FIRST + SECOND));
      await feed.committed(FIRST, 'the first events');

      const dir = liveFeedProject(feed, {
        'stg_events.sql':
          "select cast(json_extract(payload, '$.id') as integer) as id from {{ source('bronze', 'events') }}",
        'event_count.sql': "select count(distinct id) as events from {{ ref('stg_events') }}",
      });
      // Polling once an hour: every run after the first is started by a push on /commits.
      const feedUrl = `http://127.0.0.1:${ingester.port}/commits`;
      let produced = false;
      let stopped = false;
      const result = await watchRun(dir, ['--feed-url', feedUrl, '--poll-interval', '3600'], (text, kill) => {
        if (!produced && text.includes('Waiting for commits...')) {
          produced = true;
          void produce(producer, topic, SECOND, (index) => idEvent(FIRST + index, FIRST + SECOND));
        }
        const rows = [...text.matchAll(/new commits \((\d+) rows\)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        if (rows !== SECOND || !text.trimEnd().endsWith('Waiting for commits...')) return false;
        stopped = true;
        kill('SIGTERM');
        return true;
      });
      ingester.kill('SIGTERM');
      expect((await ingester.exited).code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(stopped).toBe(true);
      const rows = await queryDuckDb(join(dir, 'target/live.duckdb'), 'select events from main.event_count');
      expect(rows).toEqual([{ events: BigInt(FIRST + SECOND) }]);
    },
  );
});
