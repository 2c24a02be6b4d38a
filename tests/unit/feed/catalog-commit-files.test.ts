/**
 * What a batch names for an engine reading the lake through a catalog table (Athena): the
 * commits' files still in the lake and every committed generation of their folders, filtered
 * to the commits' offset ranges once a generation is among them, whichever folder the
 * catalog's partition points at when the query runs. A lake folder laid out by hand as
 * `strata lake compact` lays it out (compacted-layout.ts), read through the feed store.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { resolveCatalogCommitFiles } from '../../../src/feed/catalog-commit-files.js';
import { CommitFileMissingError } from '../../../src/feed/commit-files.js';
import type { CommitRecord } from '../../../src/feed/commit-record.js';
import { LocalFeedStore } from '../../../src/feed/feed-store.js';

const HOUR = 'orders/dt=2026-01-05/hour=10';
let root: string;

const commit = (start: number, end: number, ...names: string[]): CommitRecord => ({
  version: 1,
  id: `orders+0+${start}`,
  topic: 'orders',
  partition: 0,
  start_offset: start,
  end_offset: end,
  files: [
    ...names.map((name) => ({ path: `${HOUR}/${name}`, rows: 1, rejected: false })),
    { path: `rejected/orders/${start}.jsonl.gz`, rows: 1, rejected: true },
  ],
  rows: names.length,
  rejected_rows: 1,
  min_event_time: null,
  max_event_time: null,
  ingested_at: '2026-01-05T10:00:00Z',
});

const put = (path: string, text = '') => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

/** A generation of the hour holding partition 0 below `bound`, committed (manifest in place) or not. */
const generation = (number: number, bound: number, committed = true) => {
  const folder = `${HOUR}/_compacted/g${String(number).padStart(6, '0')}`;
  put(`${folder}/part-00000.jsonl.gz`);
  if (!committed) return;
  const manifest = {
    generation: number,
    createdAt: '2026-01-05T12:00:00Z',
    format: 'jsonl.gz',
    files: [{ name: 'part-00000.jsonl.gz', records: bound, bytes: 1 }],
    bounds: { '0': bound },
    inputs: [],
  };
  put(`${folder}/_manifest.json`, JSON.stringify(manifest));
};

const resolve = (...commits: CommitRecord[]) => resolveCatalogCommitFiles(new LocalFeedStore(root), commits);
const uri = (name: string) => `${root}/${HOUR}/${name}`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'strata-catalog-files-'));
  put(`${HOUR}/orders+0+0.jsonl.gz`);
  put(`${HOUR}/orders+0+2.jsonl.gz`);
  put(`${HOUR}/orders+0+4.jsonl.gz`);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('names exactly the Bronze files of the commits in a folder never compacted', async () => {
  const read = await resolve(commit(2, 4, 'orders+0+2.jsonl.gz'), commit(4, 6, 'orders+0+4.jsonl.gz'));
  expect(read).toEqual({
    files: [uri('orders+0+2.jsonl.gz'), uri('orders+0+4.jsonl.gz')],
    ranges: [{ partition: 0, start: 2, end: 6 }],
  });
});

it("adds every committed generation of the folder and filters to the commits' offsets", async () => {
  generation(1, 2);
  generation(2, 4);
  generation(3, 6, false);
  const read = await resolve(commit(2, 4, 'orders+0+2.jsonl.gz'), commit(4, 6, 'orders+0+4.jsonl.gz'));
  expect(read.files).toEqual([
    uri('_compacted/g000001/part-00000.jsonl.gz'),
    uri('_compacted/g000002/part-00000.jsonl.gz'),
    uri('orders+0+2.jsonl.gz'),
    uri('orders+0+4.jsonl.gz'),
  ]);
  expect(read.ranges).toEqual([{ partition: 0, start: 2, end: 6 }]);
});

it('reads a removed file through the generation holding it, and fails naming one no generation holds', async () => {
  generation(1, 4);
  rmSync(join(root, HOUR, 'orders+0+2.jsonl.gz'));
  const read = await resolve(commit(2, 4, 'orders+0+2.jsonl.gz'));
  expect(read.files).toEqual([uri('_compacted/g000001/part-00000.jsonl.gz')]);

  rmSync(join(root, HOUR, 'orders+0+4.jsonl.gz'));
  const missing = resolve(commit(4, 6, 'orders+0+4.jsonl.gz'));
  await expect(missing).rejects.toThrow(CommitFileMissingError);
  await expect(missing).rejects.toThrow(`${uri('orders+0+4.jsonl.gz')}, listed by commit orders+0+4`);
});
