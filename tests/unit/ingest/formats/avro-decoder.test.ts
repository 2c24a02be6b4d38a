/**
 * What an Avro topic reads from a record whose payload is written straight from its bytes:
 * the event time from a nested field, and every field when the topic's JSON Schema checks
 * the record (the decoder then decodes it whole).
 */
import { describe, expect, it } from 'vitest';
import type { TopicConfig } from '../../../../ingest/config/ingest-config.js';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { topicDecoders } from '../../../../ingest/formats/topic-decoders.js';
import { wireHeader } from '../../../../ingest/formats/wire-format.js';
import { RecordClassifier, type ClassifiedRecord } from '../../../../ingest/records/record-classifier.js';
import { topicConfig } from '../records/topic-config.js';

const SCHEMA = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'quantity', type: 'long' },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'Meta',
        fields: [{ name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } }],
      },
    },
  ],
};
const PLACED_AT = Date.parse('2026-01-05T10:30:00.000Z');

/** Classifies an `Order` record on `topic` (schema id 1, also the topic's reader schema). */
async function classify(topic: TopicConfig, order: Record<string, unknown>): Promise<ClassifiedRecord> {
  const schema = { id: 1, schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) };
  const client = { schemaById: async () => schema, subjectVersion: async () => schema };
  const decoder = topicDecoders(
    { topics: [topic], schemaRegistry: { url: 'memory:', onUnavailable: 'wait' } },
    client,
  ).get(topic.name)!;
  const value = Buffer.concat([wireHeader(1), avroType(schema.schema).toBuffer(order)]);
  await decoder.prepare([value]);
  const record = { key: null, value, timestamp: String(PLACED_AT + 1000), offset: '7' };
  return new RecordClassifier(topic, 1 << 20, decoder).classify(record, 0, '2026-01-05T10:31:00.000Z');
}

function avroTopic(overrides: Partial<TopicConfig> & { schema?: object } = {}): TopicConfig {
  return topicConfig({ format: 'avro', readerSchema: { subject: 'orders-value', version: 'latest' }, ...overrides });
}

describe('Avro topics', () => {
  it('read the event time from a nested field of a record whose payload is written from its bytes', async () => {
    const classified = await classify(avroTopic({ eventTimeField: 'meta.placed_at' }), {
      id: 'o-1',
      quantity: 3,
      meta: { placed_at: '2026-01-05T10:30:00.000Z' },
    });
    expect(classified).toMatchObject({ kind: 'bronze', source: 'payload', eventMs: PLACED_AT });
    expect(JSON.parse(JSON.parse(classified.line).payload as string)).toEqual({
      id: 'o-1',
      quantity: 3,
      meta: { placed_at: '2026-01-05T10:30:00.000Z' },
    });
  });

  it("check every field against the topic's JSON Schema, not only the event time field", async () => {
    const schema = { type: 'object', properties: { quantity: { type: 'integer', minimum: 1 } } };
    const topic = avroTopic({ eventTimeField: 'meta.placed_at', schema });
    const meta = { placed_at: '2026-01-05T10:30:00.000Z' };
    expect(await classify(topic, { id: 'o-2', quantity: 0, meta })).toMatchObject({
      kind: 'rejected',
      reason: 'schema',
    });
    expect(await classify(topic, { id: 'o-3', quantity: 1, meta })).toMatchObject({ kind: 'bronze' });
  });
});
