/**
 * The generator's events in a Schema Registry format, in Confluent's wire format: each
 * topic's schema (`ingest/schemas/<topic>.avsc` or `.proto`) is registered under
 * `<topic>-value` (TopicNameStrategy) and every payload the schema carries exactly is
 * encoded with it. A payload it cannot carry (a missing id, a string where a number
 * belongs) is sent as its JSON text, as a producer without a serializer would: the
 * ingester rejects it (`wire_format`) as the JSON path rejects the same record, so
 * consumed = written + rejected holds for every format.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type avro from 'avsc';
import type protobuf from 'protobufjs';
import { avroType } from '../formats/avro-decoder.js';
import { parseProto, TO_OBJECT } from '../formats/protobuf-decoder.js';
import { SchemaRegistryClient } from '../formats/registry-client.js';
import { wireHeader, writeMessageIndexes } from '../formats/wire-format.js';
import type { Topic } from './event-types.js';
import type { EncodeValue } from './kafka-messages.js';

/** The Schema Registry formats the generator writes. */
export type RegistryFormat = 'avro' | 'protobuf';

/** Encodes a payload, or undefined when the schema cannot carry it exactly. */
type PayloadEncoder = (payload: unknown) => Buffer | undefined;

const FORMATS = {
  avro: {
    extension: 'avsc',
    schemaType: 'AVRO',
    compile: (text, id) => exactAvroEncoder(avroType(text), wireHeader(id)),
  },
  protobuf: {
    extension: 'proto',
    schemaType: 'PROTOBUF',
    compile: (text, id) => exactProtobufEncoder(firstMessage(text), wireHeader(id)),
  },
} satisfies Record<
  RegistryFormat,
  { extension: string; schemaType: 'AVRO' | 'PROTOBUF'; compile: (text: string, id: number) => PayloadEncoder }
>;

/** Where the example's schemas are, from the source tree or from `dist/`. */
function schemasDir(): string {
  const candidates = [join(import.meta.dirname, '../schemas'), join(import.meta.dirname, '../../../ingest/schemas')];
  return candidates.find((dir) => existsSync(join(dir, 'users.avsc'))) ?? (candidates[0] as string);
}

/** The schema text of a generator topic in a format. */
export async function schemaText(format: RegistryFormat, topic: Topic): Promise<string> {
  return readFile(join(schemasDir(), `${topic}.${FORMATS[format].extension}`), 'utf8');
}

/**
 * Registers each topic's schema under `<kafka topic>-value` and returns the encoder.
 * `kafkaTopics` maps generator topics to the Kafka topics they are produced to.
 */
export async function registryValueEncoder(
  format: RegistryFormat,
  registryUrl: string,
  kafkaTopics: Record<Topic, string>,
): Promise<EncodeValue> {
  const client = new SchemaRegistryClient({ url: registryUrl.replace(/\/+$/, ''), onUnavailable: 'wait' });
  const { schemaType, compile } = FORMATS[format];
  const encoders = new Map<Topic, PayloadEncoder>();
  for (const [topic, kafkaTopic] of Object.entries(kafkaTopics) as [Topic, string][]) {
    const text = await schemaText(format, topic);
    encoders.set(topic, compile(text, await client.register(`${kafkaTopic}-value`, schemaType, text)));
  }
  return (record) => encoders.get(record.topic)?.(JSON.parse(record.value)) ?? record.value;
}

/**
 * Encodes a payload (after `header`) when decoding it gives the same JSON back (fields the
 * schema holds as null may be absent from the payload); undefined otherwise.
 */
export function exactAvroEncoder(type: avro.Type, header: Buffer): PayloadEncoder {
  return (payload) => {
    if (!type.isValid(payload)) return undefined;
    const body = type.toBuffer(payload);
    if (canonicalJson(type.fromBuffer(body)) !== canonicalJson(payload)) return undefined;
    return Buffer.concat([header, body]);
  };
}

/** As {@link exactAvroEncoder}, for the first message of a .proto file (message index 0). */
export function exactProtobufEncoder(type: protobuf.Type, header: Buffer): PayloadEncoder {
  const prefix = Buffer.concat([header, writeMessageIndexes([0])]);
  return (payload) => {
    if (typeof payload !== 'object' || payload === null || type.verify(payload) !== null) return undefined;
    const body = Buffer.from(type.encode(type.fromObject(payload as Record<string, unknown>)).finish());
    if (canonicalJson(type.toObject(type.decode(body), TO_OBJECT)) !== canonicalJson(payload)) return undefined;
    return Buffer.concat([prefix, body]);
  };
}

/** The first message type of a .proto file. */
export function firstMessage(text: string): protobuf.Type {
  const message = parseProto(text).messages[0];
  if (!message) throw new Error('the .proto file declares no message');
  return message;
}

/** JSON text with object keys sorted and null fields left out, to compare payloads by content. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).filter(([, field]) => field !== null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
