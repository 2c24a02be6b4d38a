/**
 * Test helper: a local lake grown the way the ingester grows it, one commit at a time:
 * a gzip JSON-lines Bronze file per commit and the commit feed's record naming it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { commitId, commitRecordPath, type CommitRecord } from '../../src/feed/commit-record.js';
import { tempProject } from './temp-project.js';

/** Offsets handed out per `<topic>/<partition>` of a lake. */
const ends = new Map<string, number>();

/**
 * Land `payloads` (event objects with an ISO `event_time`) as the next commit of
 * `topic` partition `partition`, all in the hour of the first event; returns the record.
 */
export function appendCommit(lake: string, topic: string, partition: number, payloads: object[]): CommitRecord {
  const key = `${lake}/${topic}/${partition}`;
  const start = ends.get(key) ?? 0;
  const times = payloads.map((payload) => Date.parse((payload as { event_time: string }).event_time));
  const first = new Date(Math.min(...times)).toISOString();
  const path = `${topic}/dt=${first.slice(0, 10)}/hour=${first.slice(11, 13)}/${topic}+${partition}+${start}.jsonl.gz`;
  const now = new Date().toISOString();
  const lines = payloads.map((payload, index) =>
    JSON.stringify({
      topic,
      partition,
      offset: start + index,
      kafka_timestamp: now,
      ingested_at: now,
      event_time_source: 'payload',
      payload: JSON.stringify(payload),
      headers: [],
    }),
  );
  write(lake, path, gzipSync(`${lines.join('\n')}\n`));
  const record: CommitRecord = {
    version: 1,
    id: commitId(topic, partition, start),
    topic,
    partition,
    start_offset: start,
    end_offset: start + payloads.length,
    files: [{ path, rows: payloads.length, rejected: false }],
    rows: payloads.length,
    rejected_rows: 0,
    min_event_time: first,
    max_event_time: new Date(Math.max(...times)).toISOString(),
    ingested_at: now,
  };
  write(lake, commitRecordPath(topic, partition, start), Buffer.from(`${JSON.stringify(record)}\n`));
  ends.set(key, record.end_offset);
  return record;
}

function write(root: string, path: string, body: Buffer): void {
  const target = join(root, ...path.split('/'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, body);
}

/** The config of a commit-fed model. */
export const COMMIT_FEED = "materialized='incremental', incremental_strategy='commit_feed'";

/**
 * A DuckDB project (`target/fed.duckdb`, models tables by default) whose source
 * `bronze.orders` is the local lake's `lake/orders`, with `files` (models, ...) added.
 */
export function fedOrdersProject(files: Record<string, string>): string {
  return tempProject({
    'project.yml':
      'name: fed\nversion: "1.0"\nprofile: fed\nmodel-paths: [models]\nmodels: { fed: { +materialized: table } }\n',
    'profiles.yml':
      'fed:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/fed.duckdb, schema: main }\n',
    'models/sources.yml':
      'version: 2\nsources:\n  - name: bronze\n    tables:\n' +
      '      - name: orders\n        external: { location: lake/orders, format: jsonl, partitions: [dt, hour] }\n',
    ...files,
  });
}
