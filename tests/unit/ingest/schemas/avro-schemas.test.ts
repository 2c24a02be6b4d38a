import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { HEADER_BYTES, wireHeader } from '../../../../ingest/formats/wire-format.js';
import { avroSchemaText, canonicalJson, exactAvroEncoder } from '../../../../ingest/generator/avro-values.js';
import { TOPICS, type Topic } from '../../../../ingest/generator/event-types.js';
import { buildEventStream } from '../../../../ingest/generator/index.js';

const REPO = resolve(import.meta.dirname, '../../../..');

describe("the example topics' Avro schemas against the generator", async () => {
  const config = loadIngestConfig('ingest/ingest.yml', { projectRoot: REPO, env: {} });
  const validators = new Map(config.topics.map((topic) => [topic.name, topic.validate!]));
  const types = new Map<Topic, ReturnType<typeof avroType>>();
  for (const topic of TOPICS) types.set(topic, avroType(await avroSchemaText(topic)));
  const records = buildEventStream({
    seed: 11,
    users: 300,
    days: 3,
    startDate: '2026-01-05',
    malformedShare: 0.2,
    duplicateShare: 0.05,
    lateShare: 0.05,
  });
  const header = wireHeader(7);
  const outcomes = records.map((record) => {
    const type = types.get(record.topic)!;
    const payload: unknown = JSON.parse(record.value);
    const encoded = exactAvroEncoder(type, header)(payload);
    const decoded = encoded && type.fromBuffer(encoded.subarray(HEADER_BYTES));
    return { record, payload, encoded, decoded };
  });

  it('carry every valid event and re-send, which decodes to the same fields and values', () => {
    const good = outcomes.filter(({ record }) => record.kind !== 'malformed');
    expect(good.length).toBeGreaterThan(3_000);
    for (const { record, payload, encoded, decoded } of good) {
      expect(encoded?.subarray(0, HEADER_BYTES), record.value).toEqual(header);
      expect(canonicalJson(decoded)).toBe(canonicalJson(payload));
    }
  });

  it("give a decoded record the JSON Schema's verdict on the JSON event: both formats reject the same", () => {
    const encoded = outcomes.filter(({ decoded }) => decoded !== undefined);
    for (const { record, payload, decoded } of encoded) {
      const validate = validators.get(record.topic)!;
      expect(validate(decoded), record.value).toBe(validate(payload));
    }
  });

  it('leave unencoded (sent as JSON text, rejected for its framing) only malformed records they cannot carry', () => {
    const raw = outcomes.filter(({ encoded }) => encoded === undefined);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every(({ record }) => record.kind === 'malformed')).toBe(true);
    const reasons = new Set(raw.map(({ record }) => record.malformedReason));
    expect(reasons).toEqual(new Set(['missing_id', 'wrong_type']));
    // Broken values Avro can carry are encoded: the JSON Schema refuses a negative amount or an
    // unknown event type, and staging flags a time nobody can parse, as for JSON events.
    const carried = outcomes.filter(({ record, encoded }) => record.kind === 'malformed' && encoded !== undefined);
    expect(new Set(carried.map(({ record }) => record.malformedReason))).toEqual(
      new Set(['negative_value', 'unknown_event_type', 'bad_timestamp']),
    );
  });
});
