/**
 * Commit-fed models on Athena (Trino behind the Athena API test host, Glue and S3 on moto):
 * the real ingester lands a topic in S3 with `commit_feed: true` and registers it in Glue;
 * `strata run` builds the models, then each later run reads the Bronze table restricted to
 * exactly the new commits' files (`"$path"`, with their partitions' values) and swaps the
 * table in with the cursor in one Glue update. Four models: appended, merged on a key with
 * summed columns, re-aggregated by event-time hour (distinct users), and replaced by key from
 * a column on (its batch built into a staging table first). After several batches, copies of
 * a batch's files under other names in its folders (never read), a run killed -9 before its
 * swap, and a consumed file removed from S3, each model equals the same query built as a
 * table over the Bronze rows it was fed; a file a pending batch needs, gone, fails the model
 * naming it.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyObjectCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasTableCatalog } from '../../../src/adapters/table-catalog.js';
import { catalogCursor } from '../../../src/feed/catalog-feed-state.js';
import { CommitFeedReader } from '../../../src/feed/commit-feed-reader.js';
import { S3FeedStore } from '../../../src/feed/s3-feed-store.js';
import { withWarehouse } from '../../conformance/warehouse.js';
import { strata, type CliResult } from '../../support/cli.js';
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

const TOTAL = 4_000;
const BATCHES = [1_000, 800, 700, 900, 600];
/** the commit-fed models: appended, merged with sums, re-aggregated by event-time window, replaced by key */
const FED = ['events', 'events_by_bucket', 'users_by_hour', 'user_events'];

describeWithService('trino', 'commit-fed models on Athena, reading exactly the commits files', (trino) => {
  const kafkaService = requireService('kafka');
  if (!kafkaService) {
    it.skip('needs the kafka service too', () => undefined);
    return;
  }
  const kafkaSuite = useKafkaSuite(kafkaService);
  const { broker, admin, producer, run } = kafkaSuite;
  const topic = `athena_feed_${run}`;
  const group = `athena-feed-${run}`;
  const database = `athena_feed_bronze_${run}`;
  const schema = `athena_feed_${run}`;
  const dir = mkdtempSync(join(tmpdir(), 'strata-athena-feed-'));
  const saved = { ...process.env };
  let stack: AthenaTestStack;
  let ingester: IngesterProcess | undefined;
  let produced = 0;

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `athena-feed-${run}`);
    Object.assign(process.env, stack.env);
    await kafkaSuite.createTopic(topic, 2);
  });
  afterAll(async () => {
    ingester?.kill('SIGTERM');
    await ingester?.exited;
    await stack?.host.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'appends and merges batch after batch, survives a kill before the swap, and reads no file twice',
    { timeout: 600_000 },
    async () => {
      const aws = awsClientConfig(awsBehindTrino());
      const lake = `s3://${stack.bucket}/bronze`;
      const setup = writeIngestConfig({
        broker,
        groupId: group,
        topics: [{ name: topic }],
        destination: lake,
        s3: { endpoint: aws.endpoint, region: aws.region },
        glue: { database, createTable: true },
        rotation: { maxRecords: 300, maxSeconds: 1 },
        commitFeed: true,
      });
      ingester = await IngesterProcess.start(setup.config, { env: stack.env, timeoutMs: 60_000 });
      writeProject(lake);

      // batch 1 is the full build; each later run reads only the commits after the cursor
      await land(BATCHES[0]!);
      expectOk(await cli(['run']));
      for (const size of BATCHES.slice(1, 3)) {
        await land(size);
        const result = await cli(['run', '--select', ...FED]);
        expectOk(result);
        expect(result.stdout).toMatch(/\(\d+ commits?\)/);
        expect(pathsIn('events')).toEqual(expect.arrayContaining([expect.stringMatching(`^${lake}/${topic}/dt=`)]));
      }
      await expectEqualToFullBuild(BATCHES[0]! + BATCHES[1]! + BATCHES[2]!);

      // The compiled batch names only the files of its own commits, with their partitions' values.
      // Copies of them under names no commit lists, in the same folders (strays the feed does not
      // know, holding the batch's very offsets), are never read.
      const s3 = new S3Client(aws);
      const key = (uri: string) => uri.slice(`s3://${stack.bucket}/`.length);
      const before = pathsIn('events');
      await land(BATCHES[3]!);
      const fresh = await newFiles(s3, lake, 'events');
      const strays = fresh.map((path) => path.replace(/[^/]+$/, (name) => `stray-${name}`));
      for (const [index, stray] of strays.entries()) {
        const from = `${stack.bucket}/${key(fresh[index]!)}`;
        await s3.send(new CopyObjectCommand({ Bucket: stack.bucket, Key: key(stray), CopySource: from }));
      }
      expectOk(await cli(['run', '--select', ...FED]));
      const batchPaths = pathsIn('events');
      expect(batchPaths.sort()).toEqual(fresh.sort());
      expect(batchPaths.filter((path) => before.includes(path))).toEqual([]);
      expect(readCompiled('events')).toMatch(/"dt" = '\d{4}-\d{2}-\d{2}' AND "hour" = '\d{2}'/);
      const ids = await rows('select count(*) as n, count(distinct id) as ids from events');
      expect(ids).toEqual([{ n: produced, ids: produced }]);
      for (const stray of strays) await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: key(stray) }));

      // a consumed file removed from S3: the next batch never reads it
      try {
        await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: key(batchPaths[0]!) }));
      } finally {
        s3.destroy();
      }

      // killed -9 while the batch's table is being built beside the live one: no cursor moved, no row
      // written; the next run reads the same commits again, and each row lands once
      await land(BATCHES[4]!);
      const rowsBefore = await count('events');
      const started = stack.host.executions().length;
      const killed = await cli(['run', '--select', 'events'], (kill) => {
        const poll = setInterval(() => {
          const building = stack.host
            .executions()
            .slice(started)
            .some((execution) => /CREATE TABLE[^(]*events__strata_tmp/i.test(execution.sql));
          if (building) {
            clearInterval(poll);
            kill('SIGKILL');
          }
        }, 10);
      });
      expect(killed.code).not.toBe(0);
      expect(await count('events')).toBe(rowsBefore);
      expectOk(await cli(['run', '--select', 'events', 'events_by_bucket']));
      // the removed file's rows stay in the models; the tables built over the lake now miss them
      expect(await count('events')).toBe(produced);
      await expectEqualToFullBuild(produced, { missingFromLake: true });
      // users_by_hour has yet to read the last batch: with one of its files gone too, the model
      // fails naming a missing file, and no row is skipped silently
      const last = pathsIn('events');
      const gone = new S3Client(aws);
      try {
        await gone.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: key(last[0]!) }));
      } finally {
        gone.destroy();
      }
      const windowed = await cli(['run', '--select', 'users_by_hour']);
      expect(windowed.code).toBe(1);
      expect(windowed.stdout).toMatch(/, listed by commit \S+ of the commit feed, is not in the lake/);
      expect([batchPaths[0], last[0]].some((path) => windowed.stdout.includes(`${path}, listed by`))).toBe(true);
    },
  );

  /** Produce `size` more events and wait until the ingester committed them (their commits are in the feed). */
  async function land(size: number): Promise<void> {
    const from = produced;
    await produce(producer, topic, size, (index) => idEvent(from + index, TOTAL));
    produced += size;
    await waitUntil(async () => (await committedCount(admin, group, topic)) === produced, 60_000, `${produced} events`);
  }

  /** The Bronze files of the commits after the model's cursor (the Glue property of its table). */
  async function newFiles(s3: S3Client, lake: string, model: string): Promise<string[]> {
    const cursor = await withWarehouse(dir, 'feed', 'ci', stack.env, async ({ connection }) =>
      hasTableCatalog(connection)
        ? catalogCursor(connection.tableCatalog, { schema, identifier: model }, `model.feed.${model}`)
        : new Map<string, number>(),
    );
    expect(cursor.size).toBeGreaterThan(0);
    const commits = await new CommitFeedReader(new S3FeedStore(lake, s3)).after([topic], cursor);
    return commits.flatMap((commit) => commit.files.filter((f) => !f.rejected).map((f) => `${lake}/${f.path}`));
  }

  async function expectEqualToFullBuild(events: number, { missingFromLake = false } = {}): Promise<void> {
    const full = ['events_full', 'events_by_bucket_full', 'users_by_hour_full', 'user_events_full'];
    expectOk(await cli(['run', '--select', ...full]));
    const fed = await rows('select id, kafka_partition, kafka_offset from events order by id');
    expect(fed.length).toBe(events);
    expect(new Set(fed.map((row) => row['id'])).size).toBe(events);
    const byBucket = 'select bucket, events, total from {t} order by bucket';
    const merged = await rows(byBucket.replace('{t}', 'events_by_bucket'));
    expect(merged.reduce((sum, row) => sum + Number(row['events']), 0)).toBe(events);
    if (missingFromLake) {
      expect(await count('events_full')).toBeLessThan(events);
      return;
    }
    expect(fed).toEqual(await rows('select id, kafka_partition, kafka_offset from events_full order by id'));
    expect(merged).toEqual(await rows(byBucket.replace('{t}', 'events_by_bucket_full')));
    const byHour = 'select to_unixtime(hour_start) as hour_start, events, users from {t} order by 1';
    const hours = await rows(byHour.replace('{t}', 'users_by_hour'));
    expect(hours.length).toBeGreaterThan(1);
    expect(hours).toEqual(await rows(byHour.replace('{t}', 'users_by_hour_full')));
    const byUser = 'select user_id, id from {t} order by user_id, id';
    expect(await rows(byUser.replace('{t}', 'user_events'))).toEqual(
      await rows(byUser.replace('{t}', 'user_events_full')),
    );
  }

  async function rows(sql: string): Promise<Array<Record<string, unknown>>> {
    const qualified = sql.replace(/from (\w+)/, `from ${schema}.$1`);
    return withWarehouse(dir, 'feed', 'ci', stack.env, async ({ connection }) =>
      (await connection.query(qualified)).rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])),
      ),
    );
  }

  async function count(table: string): Promise<number> {
    return Number((await rows(`select count(*) as n from ${table}`))[0]?.['n']);
  }

  function cli(args: string[], onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void): Promise<CliResult> {
    return strata(args, { cwd: dir, env: stack.env, ...(onSpawn ? { onSpawn } : {}) });
  }

  function expectOk(result: CliResult): void {
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }

  /** The SQL the model's last run compiled. */
  function readCompiled(model: string): string {
    const root = join(dir, 'target/compiled');
    const find = (folder: string): string | undefined => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          const found = find(path);
          if (found) return found;
        } else if (entry.name === `${model}.sql`) return path;
      }
      return undefined;
    };
    return readFileSync(find(root)!, 'utf8');
  }

  /** The files the model's last compiled batch read: its `"$path" IN (...)` list. */
  function pathsIn(model: string): string[] {
    const list = /"\$path" IN \(([^)]*)\)/.exec(readCompiled(model))?.[1] ?? '';
    return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
  }

  function writeProject(lake: string): void {
    const fields =
      'cast(json_extract_scalar(payload, \'$.id\') as integer) as id, "partition" as kafka_partition, ' +
      '"offset" as kafka_offset';
    const buckets =
      "cast(json_extract_scalar(payload, '$.id') as integer) % 7 as bucket, count(*) as events, " +
      "sum(cast(json_extract_scalar(payload, '$.id') as bigint)) as total";
    // distinct users per hour: not a sum of deltas, so each batch re-aggregates the hours it touches
    const hourly =
      "date_trunc('hour', cast(from_iso8601_timestamp(json_extract_scalar(payload, '$.event_time')) " +
      "at time zone 'UTC' as timestamp(3))) as hour_start, count(*) as events, " +
      "count(distinct json_extract_scalar(payload, '$.user_id')) as users";
    // each user's rows from the batch's first id on are replaced (by the batch's, as ids only grow)
    const users =
      "cast(substr(json_extract_scalar(payload, '$.user_id'), 3) as integer) as user_id, " +
      "cast(json_extract_scalar(payload, '$.id') as integer) as id";
    const fed = "{{ config(materialized='incremental', incremental_strategy='commit_feed'";
    const userRows = `select ${users} from {{ source('bronze', 'events') }}`;
    const table = "{{ config(materialized='table') }}";
    const bronze = "{{ source('bronze', 'events') }}";
    const files: Record<string, string> = {
      'models/sources.yml':
        `version: 2\nsources:\n  - name: bronze\n    schema: ${database}\n    tables:\n` +
        `      - name: events\n        identifier: ${topic}\n` +
        `        external: { location: "${lake}/${topic}", format: jsonl, partitions: [dt, hour] }\n`,
      'models/events.sql': `${fed}) }}\nselect ${fields} from {{ source('bronze', 'events') }}`,
      'models/events_by_bucket.sql':
        `${fed}, unique_key='bucket', merge_sum_columns=['events', 'total']) }}\n` +
        `select ${buckets} from {{ source('bronze', 'events') }} group by 1`,
      'models/users_by_hour.sql':
        `${fed}, unique_key='hour_start', event_time='hour_start', batch_size='hour') }}\n` +
        `select ${hourly} from ${bronze} group by 1`,
      'models/users_by_hour_full.sql': `${table}\nselect ${hourly} from ${bronze} group by 1`,
      'models/user_events.sql': `${fed}, replace_key=['user_id'], replace_from='id') }}\n${userRows}`,
      'models/user_events_full.sql': `${table}\n${userRows}`,
      'models/events_full.sql': `${table}\nselect ${fields} from {{ source('bronze', 'events') }}`,
      'models/events_by_bucket_full.sql': `${table}\nselect ${buckets} from ${bronze} group by 1`,
    };
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'project.yml'), 'name: feed\nversion: "1.0"\nprofile: feed\nmodel-paths: [models]\n');
    const settings = { type: 'athena', ...stack.settings, schema, threads: 1 };
    const lines = Object.entries(settings).map(([key, value]) => `      ${key}: "${String(value)}"`);
    writeFileSync(join(dir, 'profiles.yml'), `feed:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  }
});
