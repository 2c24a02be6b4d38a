import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACTION_DEFAULTS, type CompactionOptions } from '../../../../ingest/compaction/compaction-options.js';
import { compactLake, type CompactionSummary } from '../../../../ingest/compaction/lake-compactor.js';
import type { LakeStore } from '../../../../ingest/compaction/lake-store.js';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import { JsonLinesCodec } from '../../../../ingest/compaction/record-codec.js';
import type { Committed } from '../../../../ingest/compaction/write-generation.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { cleanup, landFile, landHour, readerFiles, readerIds, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

/** 2026-01-05 13:00 UTC: hours 10 and 11 are closed with an hour of lateness, 12 is not. */
const NOW = Date.parse('2026-01-05T13:00:00Z');
const TOPICS = [{ name: 'orders', table: 'bronze_orders' }];
const HOUR_FOLDER = 'orders/dt=2026-01-05/hour=10';

function compact(
  store: LakeStore,
  options: Partial<CompactionOptions> = {},
  committed: Committed = 'all',
  now = NOW,
): Promise<CompactionSummary> {
  return compactLake(TOPICS, {
    store,
    codec: new JsonLinesCodec(6),
    options: { ...COMPACTION_DEFAULTS, retentionMs: 0, ...options },
    committed: async () => committed,
    logger: createLogger('error'),
    now: () => now,
  });
}

/** Every id from 0 to `records`-1 per partition, as readers list them. */
function ids(partitions: number[], perPartition: number, from = 0): string[] {
  return partitions.flatMap((p) => Array.from({ length: perPartition }, (_, i) => `${p}-${from + i}`)).sort();
}

/** A store whose writes and removals fail from the `failAt`-th on, as a crash would stop them. */
class CrashingStore implements LakeStore {
  calls = 0;
  constructor(
    private readonly inner: LakeStore,
    private readonly failAt: number,
  ) {}
  get url() {
    return this.inner.url;
  }
  list(folder: string) {
    return this.inner.list(folder);
  }
  read(path: string) {
    return this.inner.read(path);
  }
  create(path: string, body: Buffer) {
    this.step();
    return this.inner.create(path, body);
  }
  remove(paths: string[]) {
    this.step();
    return this.inner.remove(paths);
  }
  removeFolder(folder: string) {
    this.step();
    return this.inner.removeFolder(folder);
  }
  locationOf(folder: string) {
    return this.inner.locationOf(folder);
  }
  close() {
    return this.inner.close();
  }
  private step(): void {
    this.calls += 1;
    if (this.calls >= this.failAt) throw new Error(`crash at step ${this.calls}`);
  }
}

describe('compactLake', () => {
  it('merges the ingester files of a closed hour into one generation; readers see every record once', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0, 1, 2], 5, 20);
    const before = readerIds(root);
    expect(before).toEqual(ids([0, 1, 2], 100));
    expect(readerFiles(root)).toHaveLength(15);

    const summary = await compact(new LocalLakeStore(root));

    expect(summary).toMatchObject({ partitions: 1, generations: 1, filesBefore: 15, filesAfter: 1, removed: 15 });
    expect(readerIds(root)).toEqual(before);
    expect(readerFiles(root)).toEqual([join(root, HOUR_FOLDER, '_compacted/g000001/part-00000.jsonl.gz')]);
    // The replaced files are gone (retention 0); the partition folder keeps only the generations.
    expect(readdirSync(join(root, HOUR_FOLDER))).toEqual(['_compacted']);
  });

  it('cuts a generation into files of the target size', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0, 1], 10, 50);
    await compact(new LocalLakeStore(root), { targetFileBytes: 4 * 1024 });
    const files = readerFiles(root);
    expect(files.length).toBeGreaterThan(2);
    expect(files.length).toBeLessThan(20);
    expect(readerIds(root)).toEqual(ids([0, 1], 500));
  });

  it('leaves hours inside the lateness window and files above the committed offset alone', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0, 1], 4, 10);
    await landHour(root, '12', [0], 3, 10);
    // Partition 0 committed up to offset 20: its files at 0 and 10 may go, 20 and 30 not; nothing of 1.
    await compact(new LocalLakeStore(root), {}, new Map([[0, 20]]));

    const hour10 = readerFiles(root).filter((file) => file.includes('hour=10'));
    expect(hour10.map((file) => file.slice(file.indexOf('hour=10')))).toEqual([
      'hour=10/_compacted/g000001/part-00000.jsonl.gz',
      'hour=10/orders+0+20.jsonl.gz',
      'hour=10/orders+0+30.jsonl.gz',
      'hour=10/orders+1+0.jsonl.gz',
      'hour=10/orders+1+10.jsonl.gz',
      'hour=10/orders+1+20.jsonl.gz',
      'hour=10/orders+1+30.jsonl.gz',
    ]);
    expect(readerFiles(root).filter((file) => file.includes('hour=12'))).toHaveLength(3);
    expect(readerIds(root)).toEqual([...ids([0, 1], 40), ...ids([0], 30)].sort());
  });

  it('reads files landed late beside the generation, and folds them into the next one', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0], 3, 10);
    await compact(new LocalLakeStore(root));
    await landFile(root, { hour: '10', partition: 0, firstOffset: 500, count: 5 });
    expect(readerIds(root)).toEqual([...ids([0], 30), ...ids([0], 5, 500)].sort());
    expect(readerFiles(root)).toHaveLength(2);

    await compact(new LocalLakeStore(root));
    expect(readerFiles(root)).toEqual([join(root, HOUR_FOLDER, '_compacted/g000002/part-00000.jsonl.gz')]);
    expect(readerIds(root)).toEqual([...ids([0], 30), ...ids([0], 5, 500)].sort());
    expect(readdirSync(join(root, HOUR_FOLDER, '_compacted'))).toEqual(['g000002']);
  });

  it('keeps replaced files through the retention period, without readers seeing them', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0, 1], 3, 10);
    await compact(new LocalLakeStore(root), { retentionMs: 3_600_000 });
    expect(readdirSync(join(root, HOUR_FOLDER))).toHaveLength(7);
    expect(readerFiles(root)).toHaveLength(1);
    expect(readerIds(root)).toEqual(ids([0, 1], 30));

    await compact(new LocalLakeStore(root), { retentionMs: 3_600_000 }, 'all', NOW + 3_600_000);
    expect(readdirSync(join(root, HOUR_FOLDER))).toEqual(['_compacted']);
    expect(readerIds(root)).toEqual(ids([0, 1], 30));
  });

  it('does not read a file landed again under a replaced name (a stalled writer), and removes it', async () => {
    const root = tempLake(made);
    await landHour(root, '10', [0], 3, 10);
    await compact(new LocalLakeStore(root));
    // A writer frozen before its link lands its copy of offsets 10-24 where the replaced file was.
    await landFile(root, { hour: '10', partition: 0, firstOffset: 10, count: 15 });
    expect(readerIds(root)).toEqual(ids([0], 30));

    const summary = await compact(new LocalLakeStore(root));
    expect(summary.generations).toBe(0);
    expect(existsSync(join(root, HOUR_FOLDER, 'orders+0+10.jsonl.gz'))).toBe(false);
    expect(readerIds(root)).toEqual(ids([0], 30));
  });

  it('refuses a partition where two files hold the same record, and changes nothing', async () => {
    const root = tempLake(made);
    await landFile(root, { hour: '10', partition: 0, firstOffset: 0, count: 10 });
    await landFile(root, { hour: '10', partition: 0, firstOffset: 5, count: 10 });
    await expect(compact(new LocalLakeStore(root))).rejects.toThrow('record 0/5 is in two of the files to compact');
    expect(readerFiles(root)).toHaveLength(2);
  });

  it('leaves readers on the old files or the new ones whatever step a run stops at, and a rerun finishes', async () => {
    const setUp = async (root: string) => {
      await landHour(root, '10', [0, 1], 4, 10);
      await landHour(root, '11', [0, 1], 3, 10);
    };
    const expected = [...ids([0, 1], 40), ...ids([0, 1], 30)].sort();
    // Count the steps of an uninterrupted run, then stop a run at each of them.
    const probe = tempLake(made);
    await setUp(probe);
    const counting = new CrashingStore(new LocalLakeStore(probe), Number.POSITIVE_INFINITY);
    await compact(counting, { targetFileBytes: 1024 });
    expect(counting.calls).toBeGreaterThan(20);

    for (let failAt = 1; failAt <= counting.calls; failAt += 1) {
      const root = tempLake(made);
      await setUp(root);
      await expect(
        compact(new CrashingStore(new LocalLakeStore(root), failAt), { targetFileBytes: 1024 }),
      ).rejects.toThrow('crash at step');
      expect(readerIds(root)).toEqual(expected);
      await compact(new LocalLakeStore(root), { targetFileBytes: 1024 });
      expect(readerIds(root)).toEqual(expected);
      // Finished: no ingester file and no older generation left behind.
      for (const hour of ['10', '11']) {
        const folder = join(root, `orders/dt=2026-01-05/hour=${hour}`);
        expect(readdirSync(folder)).toEqual(['_compacted']);
        expect(readdirSync(join(folder, '_compacted'))).toHaveLength(1);
      }
    }
  });
});
