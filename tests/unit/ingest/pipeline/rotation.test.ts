import { describe, expect, it } from 'vitest';
import { GzipFileBuffer, RawFileBuffer } from '../../../../ingest/pipeline/file-buffer.js';
import { PartitionBuffer, type Segment } from '../../../../ingest/pipeline/partition-buffer.js';
import { hourPartition } from '../../../../ingest/records/lake-paths.js';
import type { ClassifiedRecord } from '../../../../ingest/records/record-classifier.js';
import { gunzipSync } from 'node:zlib';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T00:00:00Z');
const ROTATION = { maxRecords: 3, maxBytes: 1_000_000, maxSeconds: 60 };

function bronze(hour: number, id: string): ClassifiedRecord {
  const eventMs = START + hour * HOUR;
  return { kind: 'bronze', part: hourPartition(eventMs), line: `{"id":"${id}"}`, source: 'payload', eventMs };
}

function rejectedRecord(hour: number, id: string): ClassifiedRecord {
  return {
    kind: 'rejected',
    part: hourPartition(START + hour * HOUR),
    line: `{"reason":"schema","id":"${id}"}`,
    reason: 'schema',
  };
}

const raw = (path: string, first: number, rejected: boolean) => new RawFileBuffer(path, first, rejected);

describe('files and their names', () => {
  it('one file per (Bronze or rejected, dt, hour), named by the offset of its first record', () => {
    const buffer = new PartitionBuffer('clicks', 4, 'jsonl.gz', raw);
    buffer.append(bronze(0, 'a'), 100, 0);
    buffer.append(bronze(1, 'b'), 101, 0);
    buffer.append(rejectedRecord(1, 'c'), 102, 0);
    buffer.append(bronze(0, 'd'), 103, 0);
    const segment = buffer.take() as Segment;
    expect(segment.files.map((file) => [file.path, file.records])).toEqual([
      ['clicks/dt=2026-01-05/hour=00/clicks+4+100.jsonl.gz', 2],
      ['clicks/dt=2026-01-05/hour=01/clicks+4+101.jsonl.gz', 1],
      ['rejected/clicks/dt=2026-01-05/hour=01/clicks+4+102.jsonl.gz', 1],
    ]);
    expect(segment.firstOffset).toBe(100);
    expect(segment.commitOffset).toBe(104);
    expect(segment.written).toBe(3);
    expect([...segment.rejected]).toEqual([['schema', 1]]);
    expect(buffer.take()).toBeUndefined();
    expect(buffer.nextOffset).toBe(104);
    buffer.append(bronze(2, 'e'), 104, 0);
    expect((buffer.take() as Segment).firstOffset).toBe(104);
  });

  it('rotate when a file reaches max_records or max_bytes, or the oldest record max_seconds', () => {
    const buffer = new PartitionBuffer('clicks', 0, 'jsonl.gz', raw);
    let file = buffer.append(bronze(0, 'a'), 0, 1_000);
    expect(buffer.needsFlush(ROTATION, 1_000, file)).toBe(false);
    buffer.append(bronze(1, 'b'), 1, 1_000);
    file = buffer.append(bronze(0, 'c'), 2, 1_000);
    expect(buffer.needsFlush(ROTATION, 1_000, file)).toBe(false);
    file = buffer.append(bronze(0, 'd'), 3, 2_000);
    expect(buffer.needsFlush(ROTATION, 2_000, file)).toBe(true);
    expect(buffer.needsFlush({ ...ROTATION, maxRecords: 100, maxBytes: 20 }, 2_000, file)).toBe(true);
    expect(buffer.needsFlush({ ...ROTATION, maxRecords: 100 }, 60_999)).toBe(false);
    expect(buffer.needsFlush({ ...ROTATION, maxRecords: 100 }, 61_000)).toBe(true);
  });

  it('gzip files compress as they fill and hold less memory than their lines', async () => {
    const file = new GzipFileBuffer('t/dt=2026-01-05/hour=00/t+0+0.jsonl.gz', 0, false, 6);
    const lines = Array.from({ length: 5_000 }, (_, index) =>
      JSON.stringify({ index, text: 'the same words again and again' }),
    );
    for (const line of lines) file.append(line);
    expect(file.bytes).toBe(lines.reduce((sum, line) => sum + line.length + 1, 0));
    const body = await file.finish();
    expect(gunzipSync(body).toString()).toBe(`${lines.join('\n')}\n`);
    expect(body.length).toBeLessThan(file.bytes / 5);
  });
});
