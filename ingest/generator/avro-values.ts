/**
 * The generator's events as Avro in Confluent's wire format: each topic's schema
 * (`ingest/schemas/<topic>.avsc`) is registered under `<topic>-value` (TopicNameStrategy)
 * and every payload the schema carries exactly is encoded with it. A payload it cannot
 * carry (a missing required field, a string where a number belongs, an event time that
 * is not a time) is sent as its JSON text, as a producer without a serializer would: the
 * ingester rejects it (`wire_format`) as the JSON path rejects the same record, so
 * consumed = written + rejected holds for either format.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type avro from 'avsc';
import { avroType } from '../formats/avro-decoder.js';
import { SchemaRegistryClient } from '../formats/registry-client.js';
import { wireHeader } from '../formats/wire-format.js';
import type { Topic } from './event-types.js';
import type { EncodeValue } from './kafka-messages.js';

/** Where the example's schemas are, from the source tree or from `dist/`. */
function schemasDir(): string {
  const candidates = [join(import.meta.dirname, '../schemas'), join(import.meta.dirname, '../../../ingest/schemas')];
  return candidates.find((dir) => existsSync(join(dir, 'users.avsc'))) ?? (candidates[0] as string);
}

/** The Avro schema text of a generator topic. */
export async function avroSchemaText(topic: Topic): Promise<string> {
  return readFile(join(schemasDir(), `${topic}.avsc`), 'utf8');
}

/**
 * Registers each topic's schema under `<kafka topic>-value` and returns the encoder.
 * `kafkaTopics` maps generator topics to the Kafka topics they are produced to.
 */
export async function avroValueEncoder(registryUrl: string, kafkaTopics: Record<Topic, string>): Promise<EncodeValue> {
  const client = new SchemaRegistryClient({ url: registryUrl.replace(/\/+$/, ''), onUnavailable: 'wait' });
  const encoders = new Map<Topic, (payload: unknown) => Buffer | undefined>();
  for (const [topic, kafkaTopic] of Object.entries(kafkaTopics) as [Topic, string][]) {
    const text = await avroSchemaText(topic);
    const id = await client.register(`${kafkaTopic}-value`, 'AVRO', text);
    encoders.set(topic, exactAvroEncoder(avroType(text), wireHeader(id)));
  }
  return (record) => encoders.get(record.topic)?.(JSON.parse(record.value)) ?? record.value;
}

/**
 * Encodes a payload (after `header`) when decoding it gives the same JSON back (fields the
 * schema holds as null may be absent from the payload); undefined otherwise.
 */
export function exactAvroEncoder(type: avro.Type, header: Buffer): (payload: unknown) => Buffer | undefined {
  return (payload) => {
    if (!type.isValid(payload)) return undefined;
    const body = type.toBuffer(payload);
    if (canonicalJson(type.fromBuffer(body)) !== canonicalJson(payload)) return undefined;
    return Buffer.concat([header, body]);
  };
}

/** JSON text with object keys sorted and null fields left out, to compare payloads by content. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).filter(([, field]) => field !== null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
