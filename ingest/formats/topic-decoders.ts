/** The decoder of each avro, protobuf or json-schema topic of a config, sharing one registry client and cache. */
import type { IngestConfig } from '../config/ingest-config.js';
import { AvroDecoder } from './avro-decoder.js';
import { JsonSchemaDecoder } from './json-schema-decoder.js';
import { ProtobufDecoder } from './protobuf-decoder.js';
import { SchemaRegistryClient } from './registry-client.js';
import type { RegistryDecoder } from './registry-decoder.js';
import { SchemaSource } from './schema-source.js';

/** A decoder of any registry format. */
export type TopicDecoder = RegistryDecoder<unknown, unknown>;

/**
 * Decoders by topic name; empty when no topic uses the registry. `client` stands in for
 * the registry's REST API (a benchmark serves its schemas from memory).
 */
export function topicDecoders(
  config: Pick<IngestConfig, 'topics' | 'schemaRegistry'>,
  client?: Pick<SchemaRegistryClient, 'schemaById' | 'subjectVersion'>,
): Map<string, TopicDecoder> {
  const decoders = new Map<string, TopicDecoder>();
  const registry = config.schemaRegistry;
  if (!registry) return decoders;
  const source = new SchemaSource(client ?? new SchemaRegistryClient(registry));
  for (const topic of config.topics) {
    if (topic.format === 'avro') {
      decoders.set(topic.name, new AvroDecoder({ ...topic, format: 'avro' }, source, registry.onUnavailable));
    } else if (topic.format === 'protobuf') {
      decoders.set(topic.name, new ProtobufDecoder({ ...topic, format: 'protobuf' }, source, registry.onUnavailable));
    } else if (topic.format === 'json-schema') {
      const json = { ...topic, format: 'json-schema' as const };
      decoders.set(topic.name, new JsonSchemaDecoder(json, source, registry.onUnavailable));
    }
  }
  return decoders;
}
