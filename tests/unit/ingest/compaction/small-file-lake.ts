/**
 * A local lake of small Bronze files as the ingester lands them (`<topic>+<p>+<first>`,
 * gzip JSON lines through LocalDestination), and what its readers read, for the
 * compaction tests. Every record's payload carries the id `<partition>-<offset>`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { compactedTableFiles, lakeFileMatcher } from '../../../../src/compacted-lake/compacted-table-files.js';

/** A temporary lake folder; `cleanup` removes every one made. */
export function tempLake(made: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-compact-'));
  made.push(dir);
  return dir;
}

export function cleanup(made: string[]): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The Bronze line of one record. */
export function bronzeLine(topic: string, partition: number, offset: number): string {
  return JSON.stringify({
    topic,
    partition,
    offset,
    kafka_timestamp: '2026-01-05T10:00:00.000Z',
    ingested_at: '2026-01-05T10:00:01.000Z',
    event_time_source: 'payload',
    payload: JSON.stringify({ event_id: `${partition}-${offset}` }),
    headers: [],
  });
}

/** Land one ingester file holding `count` records of `partition` from `firstOffset`; returns its path. */
export async function landFile(
  root: string,
  at: { topic?: string; dt?: string; hour: string; partition: number; firstOffset: number; count: number },
): Promise<string> {
  const topic = at.topic ?? 'orders';
  const lines = Array.from({ length: at.count }, (_, index) => bronzeLine(topic, at.partition, at.firstOffset + index));
  const folder = `${topic}/dt=${at.dt ?? '2026-01-05'}/hour=${at.hour}`;
  const path = `${folder}/${topic}+${at.partition}+${at.firstOffset}.jsonl.gz`;
  const destination = new LocalDestination(root);
  await destination.writeFile(path, gzipSync(`${lines.join('\n')}\n`));
  return path;
}

/** Land `files` files of `perFile` records for each partition in an hour; returns the record count. */
export async function landHour(
  root: string,
  hour: string,
  partitions: number[],
  files: number,
  perFile: number,
  /** offset of each partition's first record */
  base = 0,
  topic = 'orders',
): Promise<number> {
  for (const partition of partitions) {
    for (let file = 0; file < files; file += 1) {
      await landFile(root, { topic, hour, partition, firstOffset: base + file * perFile, count: perFile });
    }
  }
  return partitions.length * files * perFile;
}

/** The files a DuckDB reader of `<root>/<topic>` reads (resolved, or the glob's files when uncompacted). */
export function readerFiles(root: string, topic = 'orders'): string[] {
  const location = join(root, topic);
  const resolved = compactedTableFiles(location, 2, lakeFileMatcher('jsonl'));
  if (resolved) return resolved;
  return globFiles(location);
}

/** The record ids readers see, sorted, duplicates kept. */
export function readerIds(root: string, topic = 'orders'): string[] {
  return readerFiles(root, topic)
    .flatMap((file) => gunzipSync(readFileSync(file)).toString('utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(JSON.parse(line).payload as string) as { event_id: string }).event_id)
    .sort();
}

function globFiles(location: string): string[] {
  if (!existsSync(location)) return [];
  const found: string[] = [];
  for (const dt of readdirSync(location).filter((name) => name.startsWith('dt='))) {
    for (const hour of readdirSync(join(location, dt)).filter((name) => name.startsWith('hour='))) {
      for (const name of readdirSync(join(location, dt, hour))) {
        if (name.includes('.jsonl')) found.push(join(location, dt, hour, name));
      }
    }
  }
  return found.sort();
}
