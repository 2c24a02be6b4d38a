/**
 * Lake compaction (issue 20 point 3): a day of the example's events as the ingester lands
 * them with `rotation.max_seconds: 60` (one file per topic partition and minute of
 * ingestion), then `strata lake compact`. Prints the files DuckDB reads and the time of a
 * query over the day's events, before and after. Not a test.
 *
 *   npm run build && node dist/bench/lake-compaction.js [--users 40000] [--runs 5]
 *     [--target-file-size 128MiB]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseByteSize } from '../ingest/config/byte-size.js';
import { COMPACTION_DEFAULTS } from '../ingest/compaction/compaction-options.js';
import { compactLake } from '../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../ingest/compaction/local-lake-store.js';
import { JsonLinesCodec } from '../ingest/compaction/record-codec.js';
import { createLogger } from '../ingest/ops/logger.js';
import { DuckDbDialect } from '../src/adapters/duckdb/duckdb-dialect.js';
import { compactedTableFiles, lakeFileMatcher } from '../src/compacted-lake/compacted-table-files.js';

const TOPICS = ['users', 'clickstream', 'orders', 'payments'];
const REPO = resolve(import.meta.dirname, '../..');

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** Split the generator's one file per partition-hour into one file per minute of ingestion. */
function landAsIngester(generated: string, lake: string): number {
  let files = 0;
  for (const topic of TOPICS) {
    for (const dt of readdirSync(join(generated, topic))) {
      for (const hour of readdirSync(join(generated, topic, dt))) {
        for (const name of readdirSync(join(generated, topic, dt, hour))) {
          const lines = gunzipSync(readFileSync(join(generated, topic, dt, hour, name)))
            .toString('utf8')
            .split('\n')
            .filter((line) => line !== '');
          const byMinute = new Map<string, string[]>();
          for (const line of lines) {
            const minute = String((JSON.parse(line) as { ingested_at: string }).ingested_at).slice(0, 16);
            byMinute.set(minute, [...(byMinute.get(minute) ?? []), line]);
          }
          for (const minuteLines of byMinute.values()) {
            const first = JSON.parse(minuteLines[0] as string) as { partition: number; offset: number };
            const path = join(lake, topic, dt, hour, `${topic}+${first.partition}+${first.offset}.jsonl.gz`);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, gzipSync(`${minuteLines.join('\n')}\n`));
            files += 1;
          }
        }
      }
    }
  }
  return files;
}

/** Files read and the median time of a query over every topic's day, as Strata renders the readers. */
async function measure(lake: string, runs: number): Promise<{ files: number; events: number; medianMs: number }> {
  const dialect = new DuckDbDialect();
  const readers = TOPICS.map((topic) => {
    const location = join(lake, topic);
    const files = compactedTableFiles(location, 2, lakeFileMatcher('jsonl'));
    const external = { location, format: 'jsonl' as const, partitions: ['dt', 'hour'] };
    return { files: files?.length, sql: dialect.readExternalSource(external, location, files) };
  });
  const globbed = TOPICS.reduce(
    (sum, topic) =>
      sum +
      readdirSync(join(lake, topic), { recursive: true }).filter((name) => String(name).endsWith('.jsonl.gz')).length,
    0,
  );
  const files = readers.every((reader) => reader.files !== undefined)
    ? readers.reduce((sum, reader) => sum + (reader.files ?? 0), 0)
    : globbed;
  const sql = readers
    .map((reader) => `select count(distinct json_extract_string(payload, '$.event_id')) as n from ${reader.sql}`)
    .join(' union all ');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const times: number[] = [];
  let events = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const rows = (await connection.runAndReadAll(`select sum(n) as events from (${sql})`)).getRowObjectsJS();
    times.push(performance.now() - started);
    events = Number((rows[0] as { events: bigint }).events);
  }
  connection.closeSync();
  instance.closeSync();
  times.sort((a, b) => a - b);
  return { files, events, medianMs: times[Math.floor(times.length / 2)] as number };
}

async function main(): Promise<void> {
  const users = flag('users', '40000');
  const runs = Number(flag('runs', '5'));
  const target = parseByteSize(flag('target-file-size', '128MiB')) ?? COMPACTION_DEFAULTS.targetFileBytes;
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-compaction-'));
  try {
    const generated = join(dir, 'generated');
    execFileSync(
      process.execPath,
      [join(REPO, 'bin/strata.js'), 'generate', '--lake', generated, '--days', '1', '--users', users],
      { stdio: 'ignore' },
    );
    const lake = join(dir, 'lake');
    const landed = landAsIngester(generated, lake);
    const before = await measure(lake, runs);
    const started = performance.now();
    const summary = await compactLake(
      TOPICS.map((name) => ({ name, table: `bronze_${name}` })),
      {
        store: new LocalLakeStore(lake),
        codec: new JsonLinesCodec(6),
        options: { ...COMPACTION_DEFAULTS, latenessMs: 0, retentionMs: 0, targetFileBytes: target },
        committed: async () => 'all',
        logger: createLogger('warn'),
      },
    );
    const compactMs = performance.now() - started;
    const after = await measure(lake, runs);
    console.log(`one day, ${users} users: ${before.events} events in ${landed} ingester files (one per minute)`);
    console.log(`compaction: ${summary.generations} generations in ${(compactMs / 1000).toFixed(1)} s`);
    console.log('| lake | files DuckDB reads | query over the day (median of ' + runs + ') | events |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| before compaction | ${before.files} | ${before.medianMs.toFixed(0)} ms | ${before.events} |`);
    console.log(`| after compaction | ${after.files} | ${after.medianMs.toFixed(0)} ms | ${after.events} |`);
    if (after.events !== before.events) throw new Error('compaction changed the events readers see');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
