/**
 * The benchmark's clickstream events as Avro in Confluent's wire format: the schema is
 * registered in the test services' Schema Registry under `<topic>-value`, and each JSON
 * event is encoded with it (event_time as a timestamp-millis, so the landed payload reads
 * the same as the JSON event's).
 */
import { avroType } from '../ingest/formats/avro-decoder.js';
import { wireHeader } from '../ingest/formats/wire-format.js';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { readServicesFile } from '../tests/services/lifecycle/services-file.js';
import { schemaRegistryUrl } from '../tests/services/schema-registry/schema-registry-service.js';
import { registerSchema } from '../tests/support/schema-registry.js';

const STRING_FIELDS = [
  'event_id',
  'event_type',
  'user_id',
  'session_id',
  'device',
  'channel',
  'page_type',
  'page_path',
  'referrer',
  'user_agent',
  'country_code',
  'city',
];

/** The events' Avro schema. */
export const AVRO_SCHEMA = {
  type: 'record',
  name: 'PageView',
  namespace: 'strata.bench',
  fields: [
    ...STRING_FIELDS.slice(0, 2).map((name) => ({ name, type: 'string' })),
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ...STRING_FIELDS.slice(2).map((name) => ({ name, type: 'string' })),
    { name: 'sequence', type: 'long' },
  ],
};

/** The registry URL the test services run. */
export function registryFromServices(): string {
  const info = readServicesFile(serviceCacheDir())['schema-registry'];
  if (!info) throw new Error('no Schema Registry: start one with `npm run services -- start schema-registry`');
  return schemaRegistryUrl(info);
}

/** Registers the schema for `topic` and returns an encoder of JSON event text to wire-format Avro. */
export async function avroEncoder(registry: string, topic: string): Promise<(json: string) => Buffer> {
  return avroEventEncoder(await registerSchema(registry, `${topic}-value`, AVRO_SCHEMA));
}

/** An encoder of JSON event text to wire-format Avro under schema id `id`. */
export function avroEventEncoder(id: number): (json: string) => Buffer {
  const type = avroType(JSON.stringify(AVRO_SCHEMA));
  const header = wireHeader(id);
  return (json) => Buffer.concat([header, type.toBuffer(JSON.parse(json))]);
}
