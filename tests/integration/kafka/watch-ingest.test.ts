import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { queryDuckDb, strata } from '../../support/cli.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { tempProject } from '../../support/temp-project.js';
import { idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const FIRST = 2_000;
const SECOND = 3_000;

describeWithService('kafka', 'strata run --watch fed by the ingester', (service) => {
  const kafkaSuite = useKafkaSuite(service);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `watch-${run}`;
  const groupId = `watch-${run}`;

  beforeAll(async () => {
    await kafkaSuite.createTopic(topic, 2);
  });

  it(
    'runs the models downstream of each pushed commit until the gold table holds every event',
    { timeout: 120_000 },
    async () => {
      const setup = writeIngestConfig({
        broker,
        groupId,
        topics: [{ name: topic }],
        rotation: { maxRecords: 500, maxSeconds: 1 },
        commitFeed: true,
      });
      const ingester = await IngesterProcess.start(setup.config, { timeoutMs: 60_000 });
      await produce(producer, topic, FIRST, (index) => idEvent(index, FIRST + SECOND));
      await waitUntil(async () => (await committedCount(admin, groupId, topic)) === FIRST, 60_000, 'the first events');

      const dir = tempProject({
        'project.yml':
          'name: live\nversion: "1.0"\nprofile: live\nmodel-paths: [models]\n' +
          'models: { live: { +materialized: table } }\n',
        'profiles.yml': 'live:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/live.duckdb }\n',
        'models/sources.yml':
          'version: 2\nsources:\n  - name: bronze\n    tables:\n' +
          `      - name: events\n        external: { location: "${join(setup.lake, topic)}", format: jsonl, ` +
          'partitions: [dt, hour] }\n',
        'models/stg_events.sql':
          "select cast(json_extract(payload, '$.id') as integer) as id from {{ source('bronze', 'events') }}",
        'models/event_count.sql': "select count(distinct id) as events from {{ ref('stg_events') }}",
      });
      // Polling once an hour: every run after the first is started by a push on /commits.
      const feedUrl = `http://127.0.0.1:${ingester.port}/commits`;
      let produced = false;
      let stopped = false;
      const watched = strata(
        ['run', '--watch', '--feed-url', feedUrl, '--poll-interval', '3600', '--profiles-dir', dir],
        {
          cwd: dir,
          onSpawn: (kill, output) => {
            const poll = setInterval(() => {
              const text = output();
              if (!produced && text.includes('Waiting for commits...')) {
                produced = true;
                void produce(producer, topic, SECOND, (index) => idEvent(FIRST + index, FIRST + SECOND));
              }
              const rows = [...text.matchAll(/new commits \((\d+) rows\)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
              if (!stopped && rows === SECOND && text.trimEnd().endsWith('Waiting for commits...')) {
                stopped = true;
                clearInterval(poll);
                kill('SIGTERM');
              }
            }, 50);
          },
        },
      );
      const result = await watched;
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
