/**
 * `strata run --watch --target athena` following the commit feed of a lake on S3: the real
 * ingester lands a topic in moto's S3 with `commit_feed: true` and registers its partitions
 * in Glue; the watcher maps the source's `s3://` location to that feed, runs the models
 * downstream of each pushed commit on Athena's engine (Trino behind the Athena API test host),
 * and the gold table ends up holding every event.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withWarehouse } from '../../conformance/warehouse.js';
import { strata } from '../../support/cli.js';
import {
  IngesterProcess,
  committedCount,
  produce,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import { idEvent } from '../kafka/ingest-ids.js';
import { useKafkaSuite } from '../kafka/kafka-suite.js';
import { awsBehindTrino } from './athena-stack.js';

const FIRST = 1_500;
const SECOND = 2_500;

describeWithService('trino', 'strata run --watch on Athena, following the commit feed of a lake on S3', (trino) => {
  const kafkaService = requireService('kafka');
  if (!kafkaService) {
    it.skip('needs the kafka service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `watch_s3_${run}`;
  const database = `watch_s3_bronze_${run}`;
  const schema = `watch_s3_${run}`;
  const dir = mkdtempSync(join(tmpdir(), 'strata-watch-s3-'));
  const saved = { ...process.env };
  let stack: AthenaTestStack;

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `watch-s3-${run}`);
    Object.assign(process.env, stack.env);
    await kafkaSuite.createTopic(topic, 2);
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs the models downstream of each commit read from S3 until the gold table holds every event',
    { timeout: 300_000 },
    async () => {
      const aws = awsClientConfig(awsBehindTrino());
      const setup = writeIngestConfig({
        broker,
        groupId: `watch-s3-${run}`,
        topics: [{ name: topic }],
        destination: `s3://${stack.bucket}/bronze`,
        s3: { endpoint: aws.endpoint, region: aws.region },
        glue: { database, createTable: true },
        rotation: { maxRecords: 500, maxSeconds: 1 },
        commitFeed: true,
      });
      const ingester = await IngesterProcess.start(setup.config, { env: stack.env, timeoutMs: 60_000 });
      await produce(producer, topic, FIRST, (index) => idEvent(index, FIRST + SECOND));
      await waitUntil(
        async () => (await committedCount(admin, `watch-s3-${run}`, topic)) === FIRST,
        60_000,
        'the first events',
      );

      writeProject({
        'models/sources.yml':
          `version: 2\nsources:\n  - name: bronze\n    schema: ${database}\n    tables:\n` +
          `      - name: events\n        identifier: ${topic}\n` +
          `        external: { location: "s3://${stack.bucket}/bronze/${topic}", format: jsonl, ` +
          'partitions: [dt, hour] }\n',
        'models/stg_events.sql':
          "select cast(json_extract_scalar(payload, '$.id') as integer) as id " +
          "from {{ source('bronze', 'events') }}",
        'models/event_count.sql':
          "{{ config(materialized='table') }}\nselect count(distinct id) as events from {{ ref('stg_events') }}",
      });
      // Polling once an hour: every run after the first is started by a push on /commits,
      // and reads the records it announces from S3.
      const feedUrl = `http://127.0.0.1:${ingester.port}/commits`;
      let produced = false;
      let stopped = false;
      const result = await strata(['run', '--watch', '--feed-url', feedUrl, '--poll-interval', '3600'], {
        cwd: dir,
        env: stack.env,
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
      });
      ingester.kill('SIGTERM');
      expect((await ingester.exited).code, ingester.describe()).toBe(0);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(stopped).toBe(true);
      expect(result.stdout).toContain(`Watching the commit feed of 1 topics: s3://${stack.bucket}/bronze/${topic}`);
      const counted = await withWarehouse(dir, 'watch', 'ci', stack.env, async ({ connection }) =>
        Number((await connection.query(`select events from ${schema}.event_count`)).rows[0]?.['events']),
      );
      expect(counted).toBe(FIRST + SECOND);
    },
  );

  function writeProject(files: Record<string, string>): void {
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'project.yml'), 'name: watch\nversion: "1.0"\nprofile: watch\nmodel-paths: [models]\n');
    const settings = { type: 'athena', ...stack.settings, schema, threads: 1 };
    const lines = Object.entries(settings).map(([key, value]) => `      ${key}: "${String(value)}"`);
    writeFileSync(join(dir, 'profiles.yml'), `watch:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  }
});
