import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { buildEventStream } from '../../../../ingest/generator/index.js';
import { RecordClassifier } from '../../../../ingest/records/record-classifier.js';

const REPO = resolve(import.meta.dirname, '../../../..');

describe("the example topics' JSON Schemas against the generator", () => {
  const config = loadIngestConfig('ingest/ingest.yml', { projectRoot: REPO, env: {} });
  const classifiers = new Map(
    config.topics.map((topic) => [topic.name, new RecordClassifier(topic, config.maxRecordBytes)]),
  );
  const records = buildEventStream({
    seed: 11,
    users: 400,
    days: 3,
    startDate: '2026-01-05',
    malformedShare: 0.2,
    duplicateShare: 0.05,
    lateShare: 0.05,
  });
  const outcomes = records.map((record, index) => ({
    record,
    result: (classifiers.get(record.topic) as RecordClassifier).classify(
      {
        key: Buffer.from(record.key),
        value: Buffer.from(record.value),
        timestamp: String(record.timestampMs),
        offset: String(index),
      },
      0,
      '2026-11-22T00:00:00.000Z',
    ),
  }));

  it('accept every valid event and re-send, placed by its own event time', () => {
    const good = outcomes.filter(({ record }) => record.kind !== 'malformed');
    expect(good.length).toBeGreaterThan(5_000);
    for (const { record, result } of good) {
      expect(result, record.value).toMatchObject({ kind: 'bronze', source: 'payload' });
    }
  });

  it('reject every broken copy, except a bad timestamp, which lands by Kafka time', () => {
    const broken = outcomes.filter(({ record }) => record.kind === 'malformed');
    const reasons = new Set(broken.map(({ record }) => record.malformedReason));
    expect([...reasons].sort()).toEqual([
      'bad_timestamp',
      'missing_id',
      'negative_value',
      'unknown_event_type',
      'wrong_type',
    ]);
    for (const { record, result } of broken) {
      if (record.malformedReason === 'bad_timestamp')
        expect(result, record.value).toMatchObject({ kind: 'bronze', source: 'kafka' });
      else
        expect(result, `${record.malformedReason}: ${record.value}`).toMatchObject({
          kind: 'rejected',
          reason: 'schema',
        });
    }
  });
});
