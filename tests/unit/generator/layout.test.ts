import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBronzeSample, partitionForKey, TOPICS } from '../../../ingest/generator/index.js';
import { murmur2 } from '../../../ingest/generator/partitioner.js';
import { makeTempDir, readLake, removeDir, type LakeFileContent } from '../../support/lake-files.js';

const FILE_NAME =
  /^(users|clickstream|orders|payments)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/\1\+(\d+)\+(\d+)\.jsonl\.gz$/;
const PARTITIONS = 4;

let lakeDir: string;
let files: LakeFileContent[];

beforeAll(async () => {
  lakeDir = await makeTempDir();
  await generateBronzeSample({
    lakeDir,
    seed: 11,
    users: 200,
    days: 3,
    partitions: PARTITIONS,
    malformedShare: 0.05,
    lateShare: 0.05,
  });
  files = await readLake(lakeDir);
});

afterAll(async () => {
  await removeDir(lakeDir);
});

describe('lake layout', () => {
  it('names every file <topic>/dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<startOffset>.jsonl.gz', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.path).toMatch(FILE_NAME);
    expect(new Set(files.map((file) => file.path.split('/')[0]))).toEqual(new Set(TOPICS));
  });

  it('writes the envelope fields in order, with the payload as a string and no headers', () => {
    const line = files[0]?.lines[0];
    expect(Object.keys(line ?? {})).toEqual([
      'topic',
      'partition',
      'offset',
      'kafka_timestamp',
      'ingested_at',
      'event_time_source',
      'payload',
      'headers',
    ]);
    expect(typeof line?.payload).toBe('string');
    expect(line?.headers).toEqual([]);
  });

  it('keeps each file to one topic partition and hour, in offset order, named by its first offset', () => {
    for (const file of files) {
      const [, topic, dt, hour, partition, startOffset] = FILE_NAME.exec(file.path) ?? [];
      expect(file.lines[0]?.offset).toBe(Number(startOffset));
      let previous = -1;
      for (const line of file.lines) {
        expect(line.topic).toBe(topic);
        expect(line.partition).toBe(Number(partition));
        expect(line.offset).toBeGreaterThan(previous);
        previous = line.offset;
        const placedBy =
          line.event_time_source === 'payload'
            ? (JSON.parse(line.payload) as { event_time: string }).event_time
            : line.kafka_timestamp;
        expect(placedBy.slice(0, 10)).toBe(dt);
        expect(placedBy.slice(11, 13)).toBe(hour);
        expect(line.ingested_at >= line.kafka_timestamp).toBe(true);
      }
    }
  });

  it('keeps every event inside the generated window', () => {
    const days = new Set(files.map((file) => FILE_NAME.exec(file.path)?.[2]));
    expect([...days].sort()).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
  });

  it('numbers offsets 0..n-1 per topic partition, without gaps or repeats', () => {
    const offsets = new Map<string, number[]>();
    for (const line of files.flatMap((file) => file.lines)) {
      const key = `${line.topic}/${line.partition}`;
      offsets.set(key, [...(offsets.get(key) ?? []), line.offset]);
    }
    expect(offsets.size).toBe(TOPICS.length * PARTITIONS);
    for (const list of offsets.values()) {
      const sorted = [...list].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, index) => index));
    }
  });

  it("partitions by the user id key with Kafka's default partitioner", () => {
    for (const line of files.flatMap((file) => file.lines)) {
      const userId = (JSON.parse(line.payload) as { user_id?: unknown }).user_id;
      if (typeof userId === 'string') expect(line.partition).toBe(partitionForKey(userId, PARTITIONS));
    }
  });

  it('files late events under their event time, hours before their Kafka timestamp', () => {
    const late = files
      .flatMap((file) => file.lines)
      .filter((line) => line.event_time_source === 'payload')
      .filter((line) => {
        const eventTime = Date.parse((JSON.parse(line.payload) as { event_time: string }).event_time);
        return Date.parse(line.kafka_timestamp) - eventTime >= 3_600_000;
      });
    expect(late.length).toBeGreaterThan(0);
  });
});

describe('partitionForKey', () => {
  it("matches Kafka's murmur2 test vectors", () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('spreads users over every partition', () => {
    const counts = [0, 0, 0];
    for (let i = 1; i <= 3000; i += 1) {
      const partition = partitionForKey(`u_${String(i).padStart(6, '0')}`, 3);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
