import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACTION_DEFAULTS } from '../../../ingest/compaction/compaction-options.js';
import { compactLake } from '../../../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../../../ingest/compaction/local-lake-store.js';
import { ParquetCodec } from '../../../ingest/compaction/parquet-codec.js';
import { JsonLinesCodec, type RecordCodec } from '../../../ingest/compaction/record-codec.js';
import type { ParquetWriter } from '../../../ingest/pipeline/file-encoder.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';
import { createLogger } from '../../../ingest/ops/logger.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { feedRead } from '../../../src/compile/feed-read.js';
import { CommitFileMissingError, offsetRanges, resolveCommitFiles } from '../../../src/feed/commit-files.js';
import { commitId, type CommitRecord } from '../../../src/feed/commit-record.js';
import { bronzeLine, cleanup, landFile, tempLake } from '../ingest/compaction/small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

const HOURS = ['10', '11'];
const PARTITIONS = [0, 1];
const PER_COMMIT = 6;
const COMMITS = 4;
const EXTERNAL = { location: 'lake/orders', format: 'jsonl' as const, partitions: ['dt', 'hour'] };
const folderOf = (hour: string) => `orders/dt=2026-01-05/hour=${hour}`;

/**
 * One commit of `partition` from `start` as the ingester lands it: its records alternate
 * between hours 10 and 11 (offset parity), so it lists one file per hour, each named by its
 * first record, and each hour's file chain interleaves with the other's.
 */
async function landCommit(
  root: string,
  partition: number,
  start: number,
  count = PER_COMMIT,
  parquet?: ParquetWriter,
): Promise<CommitRecord> {
  const files: CommitRecord['files'] = [];
  for (const [parity, hour] of HOURS.entries()) {
    const offsets = Array.from({ length: count }, (_, index) => start + index).filter((o) => o % 2 === parity);
    if (offsets.length === 0) continue;
    const path = `${folderOf(hour)}/orders+${partition}+${offsets[0]}.${parquet ? 'parquet' : 'jsonl.gz'}`;
    const text = `${offsets.map((offset) => bronzeLine('orders', partition, offset)).join('\n')}\n`;
    write(root, path, parquet ? await parquet.encode(Buffer.from(text)) : gzipSync(text));
    files.push({ path, rows: offsets.length, rejected: false });
  }
  return {
    version: 1,
    id: commitId('orders', partition, start),
    topic: 'orders',
    partition,
    start_offset: start,
    end_offset: start + count,
    files,
    rows: count,
    rejected_rows: 0,
    min_event_time: '2026-01-05T10:00:00.000Z',
    max_event_time: '2026-01-05T11:59:00.000Z',
    ingested_at: '2026-01-05T12:00:00.000Z',
  };
}

function write(root: string, path: string, body: Buffer): void {
  const target = join(root, ...path.split('/'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, body);
}

/** Every partition's commits, chained from offset 0. */
async function landFeed(root: string, parquet?: ParquetWriter): Promise<CommitRecord[]> {
  const commits: CommitRecord[] = [];
  for (const partition of PARTITIONS) {
    for (let index = 0; index < COMMITS; index += 1)
      commits.push(await landCommit(root, partition, index * PER_COMMIT, PER_COMMIT, parquet));
  }
  return commits;
}

/** The ids a commit-fed read of `commits` reads (duplicates kept), with the SQL Strata renders. */
async function readIds(root: string, commits: CommitRecord[], format: 'jsonl' | 'parquet'): Promise<string[]> {
  const { files, ranges } = resolveCommitFiles(root, commits);
  const from = feedRead(new DuckDbDialect(), { ...EXTERNAL, format }, join(root, 'orders'), files, ranges);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const sql = `select json_extract_string(payload, '$.event_id') as id from ${from}`;
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<{ id: string }>;
    return rows.map((row) => row.id).sort();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The ids of `commits`' records. */
function idsOf(commits: CommitRecord[]): string[] {
  return commits
    .flatMap((commit) =>
      Array.from(
        { length: commit.end_offset - commit.start_offset },
        (_, i) => `${commit.partition}-${commit.start_offset + i}`,
      ),
    )
    .sort();
}

function compact(root: string, retentionMs: number, codec: RecordCodec = new JsonLinesCodec(6)): Promise<unknown> {
  return compactLake([{ name: 'orders', table: 'bronze_orders' }], {
    store: new LocalLakeStore(root),
    codec,
    options: { ...COMPACTION_DEFAULTS, retentionMs },
    committed: async () => 'all',
    logger: createLogger('error'),
    now: () => Date.parse('2026-01-05T14:00:00Z'),
  });
}

/** Batches a model could read: a cursor behind in one partition, each single commit, the whole feed. */
function batches(commits: CommitRecord[]): CommitRecord[][] {
  const of = (partition: number) => commits.filter((commit) => commit.partition === partition);
  return [commits, [...of(0).slice(1, 3), ...of(1).slice(3)], ...commits.map((commit) => [commit])];
}

async function expectEveryBatchExact(root: string, commits: CommitRecord[], format: 'jsonl' | 'parquet' = 'jsonl') {
  for (const batch of batches(commits)) expect(await readIds(root, batch, format)).toEqual(idsOf(batch));
}

describe('resolveCommitFiles', () => {
  it('reads the listed files as they are until a compaction replaced them', async () => {
    const root = tempLake(made);
    const commits = await landFeed(root);
    const resolved = resolveCommitFiles(root, commits.slice(0, 1));
    expect(resolved).toEqual({ files: commits[0]!.files.map((file) => join(root, file.path)) });
    await expectEveryBatchExact(root, commits);
  });

  it('reads every commit exactly once while originals and the generation both exist, and after removal', async () => {
    const root = tempLake(made);
    const commits = await landFeed(root);
    await expectEveryBatchExact(root, commits);

    // a generation committed, the originals kept for the retention period
    await compact(root, 3_600_000);
    expect(readdirSync(join(root, folderOf('10'), '_compacted'))).toEqual(['g000001']);
    expect(existsSync(join(root, commits[0]!.files[0]!.path))).toBe(true);
    const during = resolveCommitFiles(root, commits.slice(0, 1));
    expect(during.files.every((file) => file.includes('/_compacted/g000001/'))).toBe(true);
    expect(during.ranges).toEqual([{ partition: 0, start: 0, end: PER_COMMIT }]);
    await expectEveryBatchExact(root, commits);

    // a removal cut short (a kill during the compactor's last step): some originals gone
    rmSync(join(root, commits[1]!.files[0]!.path));
    rmSync(join(root, commits[6]!.files[1]!.path));
    await expectEveryBatchExact(root, commits);

    // the originals removed
    await compact(root, 0);
    expect(existsSync(join(root, commits[0]!.files[0]!.path))).toBe(false);
    await expectEveryBatchExact(root, commits);
  });

  it('reads late files beside the generation, and follows a later generation that took them in', async () => {
    const root = tempLake(made);
    const commits = await landFeed(root);
    await compact(root, 0);
    // late records of both partitions land in the compacted hours, above the generation's bounds
    const late = [];
    for (const partition of PARTITIONS) late.push(await landCommit(root, partition, COMMITS * PER_COMMIT, 3));
    const all = [...commits, ...late];
    const lateRead = resolveCommitFiles(root, late);
    expect(lateRead).toEqual({ files: late.flatMap((commit) => commit.files.map((file) => join(root, file.path))) });
    await expectEveryBatchExact(root, all);
    await compact(root, 0);
    expect(readdirSync(join(root, folderOf('11'), '_compacted'))).toEqual(['g000002']);
    await expectEveryBatchExact(root, all);
  });

  it('never reads a replaced name landed again by a stalled writer', async () => {
    const root = tempLake(made);
    const commits = await landFeed(root);
    await compact(root, 0);
    // a writer frozen past its session links a file under a name the generation replaced
    const stale = commits[2]!.files[0]!.path;
    await landFile(root, { hour: '10', partition: 0, firstOffset: 12, count: 2 });
    expect(existsSync(join(root, stale))).toBe(true);
    await expectEveryBatchExact(root, commits);
  });

  it('reads the commits of a Parquet lake through its Parquet generations', async () => {
    const root = tempLake(made);
    const writer = await createParquetWriter();
    const commits = await landFeed(root, writer).finally(() => writer.close());
    await expectEveryBatchExact(root, commits, 'parquet');
    const codec = await ParquetCodec.open();
    try {
      await compact(root, 0, codec);
    } finally {
      await codec.close();
    }
    expect(existsSync(join(root, folderOf('10'), '_compacted/g000001/part-00000.parquet'))).toBe(true);
    expect(existsSync(join(root, commits[0]!.files[0]!.path))).toBe(false);
    await expectEveryBatchExact(root, commits, 'parquet');
  });

  it('names a listed file that is gone when no generation holds it', async () => {
    const root = tempLake(made);
    const commits = await landFeed(root);
    const gone = commits[3]!.files[1]!.path;
    rmSync(join(root, gone));
    expect(() => resolveCommitFiles(root, commits)).toThrow(CommitFileMissingError);
    expect(() => resolveCommitFiles(root, commits)).toThrow(
      `${join(root, gone)}, listed by commit orders+0+18 of the commit feed, is not in the lake`,
    );
    expect(resolveCommitFiles(root, commits.slice(0, 3)).files).toHaveLength(6);
  });
});

describe('offsetRanges', () => {
  it('merges the chained commits of a partition and keeps partitions and gaps apart', () => {
    const commit = (partition: number, start: number, end: number) =>
      ({ partition, start_offset: start, end_offset: end }) as CommitRecord;
    expect(offsetRanges([commit(1, 0, 4), commit(0, 5, 9), commit(0, 0, 5), commit(0, 12, 14)])).toEqual([
      { partition: 0, start: 0, end: 9 },
      { partition: 0, start: 12, end: 14 },
      { partition: 1, start: 0, end: 4 },
    ]);
  });
});
