/**
 * The whole pipeline on real components: `strata generate --kafka` produces the shop's
 * events to the broker, `strata ingest` (the project's own ingest/ingest.yml) lands them
 * in the lake, and `strata build` on DuckDB turns them into gold. Every layer must agree
 * with the generator's tally exactly: what the ingester set aside plus what staging set
 * aside is every malformed record produced, and the facts equal the valid ones. The same
 * records landed again by a second consumer group as Parquet (`format: parquet`, whose
 * default for the shop's schema'd topics is typed columns, which the models read by
 * default with `bronze_format: parquet`) build into the same gold tables, row for row.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KafkaGeneratorTally } from '../../../ingest/generator/kafka-generate.js';
import { queryDuckDb, strata, type CliResult } from '../../support/cli.js';
import {
  expectFactsMatchTally,
  expectLayersMatchTally,
  STAGING_MODEL_BY_TOPIC,
} from '../../support/example-reconciliation.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import {
  IngesterProcess,
  kafkaClient,
  metricSum,
  readLake,
  waitUntil,
  type LakeFile,
} from '../../support/ingest-harness.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC);
/** Malformed kinds the topics' JSON Schemas refuse; the rest reach Bronze and staging flags them. */
const REFUSED_BY_SCHEMA = ['missing_id', 'wrong_type', 'negative_value', 'unknown_event_type'] as const;

describeWithService('kafka', 'generate -> Kafka -> strata ingest -> strata build agrees with the tally', (service) => {
  const broker = kafkaBroker(service);
  const admin: Admin = kafkaClient(broker).admin();
  const dir = mkdtempSync(join(tmpdir(), 'strata-end-to-end-'));
  let tally: KafkaGeneratorTally;
  let ingesterStop: { code: number | null; signal: NodeJS.Signals | null };
  let committed: number;
  let landedFiles: LakeFile[];
  let rejectedFiles: LakeFile[];
  let build: CliResult;
  const typedDir = mkdtempSync(join(tmpdir(), 'strata-end-to-end-typed-'));
  let typedStop: { code: number | null; signal: NodeJS.Signals | null };
  let typedBuild: CliResult;

  beforeAll(async () => {
    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests', 'ingest'])
      cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    await admin.connect();
    await dropTopics(admin, TOPICS);

    const generated = await strata(
      ['generate', '--kafka', broker, '--seed', '11', '--users', '400', '--days', '2', '--malformed-share', '0.02'],
      { cwd: dir },
    );
    expect(generated.code, generated.stderr).toBe(0);
    tally = JSON.parse(readFileSync(join(dir, 'target/generator-tally.json'), 'utf8')) as KafkaGeneratorTally;

    const ingester = await IngesterProcess.start(join(dir, 'ingest/ingest.yml'), {
      cwd: dir,
      env: { KAFKA_BROKERS: broker, STRATA_INGEST_GROUP: `end-to-end-${Date.now()}`, STRATA_INGEST_HTTP_PORT: '0' },
    });
    await waitUntil(
      async () => metricSum(await ingester.metrics(), 'strata_ingest_records_fetched_total') >= tally.records.total,
      60_000,
      'the ingester to fetch every record',
    );
    // SIGTERM flushes the open files and commits: the lake is complete once it exits
    ingester.kill('SIGTERM');
    ingesterStop = await ingester.exited;
    committed = Number((await ingester.waitForLog((line) => line.msg === 'stopped', 1_000)).committed_records);
    const lake = readLake(join(dir, 'lake')).files;
    landedFiles = lake.filter((file) => !file.path.startsWith('rejected/'));
    rejectedFiles = lake.filter((file) => file.path.startsWith('rejected/'));

    build = await strata(['build'], { cwd: dir });

    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests', 'ingest'])
      cpSync(join(REPO, entry), join(typedDir, entry), { recursive: true });
    const typed = await IngesterProcess.start(join(typedDir, 'ingest/ingest.yml'), {
      cwd: typedDir,
      env: {
        KAFKA_BROKERS: broker,
        STRATA_INGEST_GROUP: `end-to-end-typed-${Date.now()}`,
        STRATA_INGEST_HTTP_PORT: '0',
        STRATA_LAKE_FORMAT: 'parquet',
      },
    });
    await waitUntil(
      async () => metricSum(await typed.metrics(), 'strata_ingest_records_fetched_total') >= tally.records.total,
      60_000,
      'the typed Parquet ingester to fetch every record',
    );
    typed.kill('SIGTERM');
    typedStop = await typed.exited;
    const vars = JSON.stringify({ bronze_format: 'parquet' });
    typedBuild = await strata(['build', '--vars', vars], { cwd: typedDir });
  }, 360_000);

  afterAll(async () => {
    await dropTopics(admin, TOPICS).catch(() => undefined);
    await admin.disconnect();
  });

  const sql = async (query: string) => (await queryDuckDb(join(dir, 'target/shop.duckdb'), query))[0]!;

  it('produces every event of the stream and lands each one once: written or set aside', () => {
    const lineCount = (files: LakeFile[]) => files.reduce((sum, file) => sum + file.lines.length, 0);
    expect(tally.kafka.complete).toBe(true);
    expect(ingesterStop).toEqual({ code: 0, signal: null });
    expect(committed).toBe(tally.records.total);
    expect(lineCount(landedFiles) + lineCount(rejectedFiles)).toBe(tally.records.total);
  });

  it('sets aside exactly the malformed events the topic schemas refuse, with their reason', () => {
    const lines = rejectedFiles.flatMap((file) => file.lines);
    const refused = REFUSED_BY_SCHEMA.reduce((sum, reason) => sum + (tally.malformed.byReason[reason] ?? 0), 0);
    expect(refused).toBeGreaterThan(0);
    expect(lines).toHaveLength(refused);
    expect(new Set(lines.map((line) => line.reason))).toEqual(new Set(['schema']));
  });

  it('builds every model and passes every data test', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
  });

  it('accounts for every record in Bronze, rejected/ and staging, per topic', async () => {
    const setAside = Object.fromEntries(TOPICS.map((topic) => [topic, 0]));
    for (const file of rejectedFiles)
      for (const line of file.lines) setAside[line.topic as string] = (setAside[line.topic as string] ?? 0) + 1;
    await expectLayersMatchTally(sql, tally, setAside);
    const flaggedByStaging = await sql(
      "select count(*)::int as n from main_staging.stg_invalid_events where rejection_reason = 'invalid_event_time'",
    );
    expect(flaggedByStaging).toEqual({ n: tally.malformed.byReason.bad_timestamp ?? 0 });
  });

  it('lands the same users, sessions, orders, payments and revenue in marts and gold', async () => {
    await expectFactsMatchTally(sql, tally);
  });

  it('builds the same gold tables, row for row, from the typed Parquet lake', async () => {
    expect(typedStop).toEqual({ code: 0, signal: null });
    expect(typedBuild.stderr).toBe('');
    expect(typedBuild.stdout).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
    const typedSql = (query: string) => queryDuckDb(join(typedDir, 'target/shop.duckdb'), query);
    const jsonSql = (query: string) => queryDuckDb(join(dir, 'target/shop.duckdb'), query);
    const orders = join(typedDir, 'lake/orders/*/*/*.parquet');
    const columns = await typedSql(`describe select * from read_parquet('${orders}', hive_partitioning = false)`);
    expect(columns.map((column) => column.column_name)).toContain('items');
    expect(columns.map((column) => column.column_name)).not.toContain('payload');
    for (const model of Object.values(STAGING_MODEL_BY_TOPIC)) {
      const count = `select count(*)::int as n from main_staging.${model}`;
      expect(await typedSql(count), model).toEqual(await jsonSql(count));
    }
    const gold = await jsonSql("select table_name from information_schema.tables where table_schema = 'main_gold'");
    expect(gold.length).toBeGreaterThan(5);
    for (const { table_name: table } of gold) {
      const rows = `select * from main_gold.${String(table)} order by all`;
      expect(await typedSql(rows), String(table)).toEqual(await jsonSql(rows));
    }
  });

  it('finds every Bronze topic fresh: the ingester has just written each record', async () => {
    const freshness = await strata(['source', 'freshness'], { cwd: dir });
    expect(freshness.stderr).toBe('');
    expect(freshness.code).toBe(0);
    expect(freshness.stdout.match(/ PASS freshness of /g)).toHaveLength(4);
    expect(freshness.stdout.trim().endsWith('Done.')).toBe(true);
  });
});

/** The example's topic names are fixed by its ingest.yml, so each run starts them afresh. */
async function dropTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = (await admin.listTopics()).filter((topic) => topics.includes(topic));
  if (existing.length === 0) return;
  await admin.deleteTopics({ topics: existing, timeout: 30_000 });
  await waitUntil(
    async () => (await admin.listTopics()).every((topic) => !topics.includes(topic)),
    30_000,
    'the topics to be deleted',
  );
}
