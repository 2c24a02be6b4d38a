/**
 * Writes records into the local lake exactly as the ingester lands them:
 * `<lakeDir>/<topic>/dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<startOffset>.jsonl.gz`,
 * gzip JSON lines, one envelope per record with the payload kept as the original string
 * and the record's Kafka headers (`headers`, empty: the generator's records carry none).
 * Records are placed by the event time in their payload (UTC), falling back to the Kafka
 * timestamp when the payload has none that parses; one file per (topic, partition, dt, hour).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ProducedRecord, Topic } from './event-types.js';
import { MINUTE_MS, isoTime } from './event-types.js';
import { partitionForKey } from './partitioner.js';

export interface LakeSinkOptions {
  lakeDir: string;
  partitions: number;
  /** how long after the minute a record was produced in it is ingested */
  ingestDelayMs: number;
}

/** Where one record landed. */
export interface LakePlacement {
  topic: Topic;
  partition: number;
  offset: number;
  /** `YYYY-MM-DD` and `HH` of the partition directory */
  dt: string;
  hour: string;
  eventTimeSource: 'payload' | 'kafka';
}

/** One written file. */
export interface LakeFile {
  /** path relative to the lake directory, with `/` separators */
  path: string;
  topic: Topic;
  partition: number;
  startOffset: number;
  records: number;
}

interface OpenFile extends LakeFile {
  lines: string[];
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const WRITE_CONCURRENCY = 16;

/** The event time an ingester reads from a payload: `event_time` if it is a parseable ISO-8601 string. */
export function payloadEventTime(value: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  const eventTime = (parsed as { event_time?: unknown } | null)?.event_time;
  if (typeof eventTime !== 'string' || !ISO_TIMESTAMP.test(eventTime)) return undefined;
  const ms = Date.parse(eventTime);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The lake's file layout for a topic partition's records in one hour. */
export function lakeFilePath(topic: string, dt: string, hour: string, partition: number, startOffset: number): string {
  return `${topic}/dt=${dt}/hour=${hour}/${topic}+${partition}+${startOffset}.jsonl.gz`;
}

/** Collects records in offset order and writes them as gzip JSON-lines files. */
export class LakeSink {
  private readonly nextOffset = new Map<string, number>();
  private readonly files = new Map<string, OpenFile>();

  constructor(private readonly options: LakeSinkOptions) {}

  /** Assign the record its partition and offset and file it under its event hour. */
  append(record: ProducedRecord): LakePlacement {
    const partition = partitionForKey(record.key, this.options.partitions);
    const logKey = `${record.topic}/${partition}`;
    const offset = this.nextOffset.get(logKey) ?? 0;
    this.nextOffset.set(logKey, offset + 1);

    const eventTime = payloadEventTime(record.value);
    const eventTimeSource = eventTime === undefined ? 'kafka' : 'payload';
    const placedAt = isoTime(eventTime ?? record.timestampMs);
    const dt = placedAt.slice(0, 10);
    const hour = placedAt.slice(11, 13);
    const ingestedAtMs = Math.ceil(record.timestampMs / MINUTE_MS) * MINUTE_MS + this.options.ingestDelayMs;
    const line = JSON.stringify({
      topic: record.topic,
      partition,
      offset,
      kafka_timestamp: isoTime(record.timestampMs),
      ingested_at: isoTime(ingestedAtMs),
      event_time_source: eventTimeSource,
      payload: record.value,
      headers: [],
    });

    const fileKey = `${record.topic}/${partition}/${dt}/${hour}`;
    let file = this.files.get(fileKey);
    if (!file) {
      const path = lakeFilePath(record.topic, dt, hour, partition, offset);
      file = { path, topic: record.topic, partition, startOffset: offset, records: 0, lines: [] };
      this.files.set(fileKey, file);
    }
    file.lines.push(line);
    file.records += 1;
    return { topic: record.topic, partition, offset, dt, hour, eventTimeSource };
  }

  /** Write every file (gzip, streamed) and return them sorted by path. */
  async close(): Promise<LakeFile[]> {
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const directories = new Map<string, Promise<unknown>>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++] as OpenFile;
        const target = join(this.options.lakeDir, ...file.path.split('/'));
        const dir = join(target, '..');
        let made = directories.get(dir);
        if (!made) {
          made = mkdir(dir, { recursive: true });
          directories.set(dir, made);
        }
        await made;
        // One gzip call per file: hourly files are small, and a stream per file costs more than it saves.
        await writeFile(target, gzipSync(`${file.lines.join('\n')}\n`));
        file.lines = [];
      }
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
    this.files.clear();
    return files.map(({ path, topic, partition, startOffset, records }) => ({
      path,
      topic,
      partition,
      startOffset,
      records,
    }));
  }
}
