import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { TO_OBJECT } from '../../../../ingest/formats/protobuf-decoder.js';
import { HEADER_BYTES, wireHeader } from '../../../../ingest/formats/wire-format.js';
import { TOPICS, type MalformedReason, type Topic } from '../../../../ingest/generator/event-types.js';
import { buildEventStream } from '../../../../ingest/generator/index.js';
import {
  canonicalJson,
  exactAvroEncoder,
  exactProtobufEncoder,
  firstMessage,
  schemaText,
  type RegistryFormat,
} from '../../../../ingest/generator/registry-values.js';

const REPO = resolve(import.meta.dirname, '../../../..');
const HEADER = wireHeader(7);

/** A topic's encoder and the decoding the ingester applies (without the wire header). */
interface Codec {
  encode: (payload: unknown) => Buffer | undefined;
  decode: (body: Buffer) => unknown;
}

const CODECS: Record<RegistryFormat, (text: string) => Codec> = {
  avro: (text) => {
    const type = avroType(text);
    return { encode: exactAvroEncoder(type, HEADER), decode: (body) => type.fromBuffer(body.subarray(HEADER_BYTES)) };
  },
  protobuf: (text) => {
    const type = firstMessage(text);
    // the header, then message index [0] as one byte
    return {
      encode: exactProtobufEncoder(type, HEADER),
      decode: (body) => type.toObject(type.decode(body.subarray(HEADER_BYTES + 1)), TO_OBJECT),
    };
  },
};

/** What each format cannot carry: a missing id or a string for a number; Protobuf also an epoch-number time. */
const SENT_AS_TEXT: Record<RegistryFormat, MalformedReason[]> = {
  avro: ['missing_id', 'wrong_type'],
  protobuf: ['missing_id', 'wrong_type', 'bad_timestamp'],
};

const config = loadIngestConfig('ingest/ingest.yml', { projectRoot: REPO, env: {} });
const validators = new Map(config.topics.map((topic) => [topic.name, topic.validate!]));
const records = buildEventStream({
  seed: 11,
  users: 300,
  days: 3,
  startDate: '2026-01-05',
  malformedShare: 0.2,
  duplicateShare: 0.05,
  lateShare: 0.05,
});

describe.each(['avro', 'protobuf'] as const)("the example topics' %s schemas against the generator", async (format) => {
  const codecs = new Map<Topic, Codec>();
  for (const topic of TOPICS) codecs.set(topic, CODECS[format](await schemaText(format, topic)));
  const outcomes = records.map((record) => {
    const codec = codecs.get(record.topic)!;
    const payload: unknown = JSON.parse(record.value);
    const encoded = codec.encode(payload);
    return { record, payload, encoded, decoded: encoded && codec.decode(encoded) };
  });

  it('carry every valid event and re-send, which decodes to the same fields and values', () => {
    const good = outcomes.filter(({ record }) => record.kind !== 'malformed');
    expect(good.length).toBeGreaterThan(3_000);
    for (const { record, payload, encoded, decoded } of good) {
      expect(encoded?.subarray(0, HEADER_BYTES), record.value).toEqual(HEADER);
      expect(canonicalJson(decoded)).toBe(canonicalJson(payload));
    }
  });

  it("give a decoded record the JSON Schema's verdict on the JSON event: both formats reject the same", () => {
    for (const { record, payload, decoded } of outcomes.filter((outcome) => outcome.decoded !== undefined)) {
      const validate = validators.get(record.topic)!;
      expect(validate(decoded), record.value).toBe(validate(payload));
    }
  });

  it('leave unencoded (sent as JSON text, rejected for its framing) only malformed records they cannot carry', () => {
    const raw = outcomes.filter(({ encoded }) => encoded === undefined);
    expect(raw.every(({ record }) => record.kind === 'malformed')).toBe(true);
    expect(new Set(raw.map(({ record }) => record.malformedReason))).toEqual(new Set(SENT_AS_TEXT[format]));
    // Broken values the format can carry are encoded: the JSON Schema refuses a negative amount or an
    // unknown event type, and staging flags a time nobody can parse, as for JSON events.
    const carried = outcomes.filter(({ record, encoded }) => record.kind === 'malformed' && encoded !== undefined);
    expect(new Set(carried.map(({ record }) => record.malformedReason))).toEqual(
      new Set(['negative_value', 'unknown_event_type', 'bad_timestamp']),
    );
  });
});
