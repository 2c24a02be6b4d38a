/**
 * The Bronze lines of Schema Registry records do not change when the decoders change how
 * they build them: a fixed corpus (`payload-corpus.ts`) is classified and its lines must
 * be byte for byte those in tests/fixtures/registry-payloads/, which the ingester wrote
 * when payloads were `JSON.stringify` of the decoded record.
 */
import { describe, expect, it } from 'vitest';
import type { TopicConfig } from '../../../../ingest/config/ingest-config.js';
import { SchemaNotFoundError, type RegistrySchema } from '../../../../ingest/formats/registry-client.js';
import { topicDecoders } from '../../../../ingest/formats/topic-decoders.js';
import { readWireHeader } from '../../../../ingest/formats/wire-format.js';
import { RecordClassifier } from '../../../../ingest/records/record-classifier.js';
import { topicConfig } from '../records/topic-config.js';
import { avroCorpus, protobufCorpus } from './payload-corpus.js';

const INGESTED_AT = '2026-01-05T12:00:00.000Z';
const KAFKA_TIME = String(Date.parse('2026-01-05T11:59:00.000Z'));

/** Classifies `values` on `topic`, the registry holding `schemas` and `readers` (subject -> id). */
async function bronzeLines(
  topic: TopicConfig,
  schemas: RegistrySchema[],
  readers: Record<string, number>,
  values: Buffer[],
): Promise<string> {
  const byId = new Map(schemas.map((schema) => [schema.id, schema]));
  const client = {
    schemaById: async (id: number) => {
      const schema = byId.get(id);
      if (!schema) throw new SchemaNotFoundError(`the schema registry has no schema id ${id}`);
      return schema;
    },
    subjectVersion: async (subject: string) => {
      const schema = byId.get(readers[subject] ?? -1);
      if (!schema) throw new SchemaNotFoundError(`the schema registry has no subject "${subject}"`);
      return schema;
    },
  };
  const decoder = topicDecoders(
    { topics: [topic], schemaRegistry: { url: 'memory:', onUnavailable: 'wait' } },
    client,
  ).get(topic.name)!;
  await decoder.prepare(values);
  const classifier = new RecordClassifier(topic, 1 << 20, decoder);
  return values
    .map((value, offset) => {
      const record = { key: null, value, timestamp: KAFKA_TIME, offset: String(offset) };
      return `${classifier.classify(record, 0, INGESTED_AT).line}\n`;
    })
    .join('');
}

function registryTopic(name: string, format: 'avro' | 'protobuf'): TopicConfig {
  // No event-time window: records of any time land, so every payload shows in a Bronze line.
  return topicConfig({
    name,
    format,
    readerSchema: { subject: `${name}-value`, version: 'latest' },
    eventTimeWindow: {},
  });
}

describe('Schema Registry payloads', () => {
  it('Avro records land as they always did: every type, escapes, evolution, malformed records', async () => {
    const { schemas, values } = avroCorpus();
    const flat = values.filter((value) => readWireHeader(value).ok && value.readUInt32BE(1) === 3);
    const rest = values.filter((value) => !flat.includes(value));
    const lines =
      (await bronzeLines(registryTopic('everything', 'avro'), schemas, { 'everything-value': 2 }, rest)) +
      (await bronzeLines(registryTopic('flat', 'avro'), schemas, {}, flat));
    await expect(lines).toMatchFileSnapshot('../../../fixtures/registry-payloads/avro-lines.jsonl');
  });

  it('Protobuf records land as they always did: every type, escapes, unknown fields, malformed records', async () => {
    const { schemas, values } = protobufCorpus();
    const lines = await bronzeLines(
      registryTopic('everything', 'protobuf'),
      schemas,
      { 'everything-value': 11 },
      values,
    );
    await expect(lines).toMatchFileSnapshot('../../../fixtures/registry-payloads/protobuf-lines.jsonl');
  });
});
