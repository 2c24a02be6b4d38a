/**
 * The typed Parquet columns of each topic with `parquet_layout: typed`: from its JSON
 * Schema file (read once), or from the reader schema its Schema Registry decoder fetched
 * before the topic's first records were classified (so every record of a file was read
 * with the schema its columns come from). A new reader schema (a restart after the config
 * named another version) gives new columns; Glue and compaction follow them.
 */
import { readFileSync } from 'node:fs';
import type { TopicConfig } from '../config/ingest-config.js';
import type { TopicDecoder } from '../formats/topic-decoders.js';
import { avroSchemaFields } from '../formats/parquet-schema-avro.js';
import { jsonSchemaFields } from '../formats/parquet-schema-json.js';
import { protobufSchemaFields } from '../formats/parquet-schema-protobuf.js';
import { glueType, type TypedSchema } from '../formats/parquet-schema.js';
import type { TypedColumn } from '../destination.js';
import type { RegistrySchema } from '../formats/registry-client.js';

export class TypedSchemas {
  private readonly topics: Map<string, TopicConfig>;
  private readonly fromFiles = new Map<string, TypedSchema>();
  private readonly fromRegistry = new Map<string, { schema: RegistrySchema; typed: TypedSchema }>();

  constructor(
    topics: readonly TopicConfig[],
    private readonly decoders: ReadonlyMap<string, Pick<TopicDecoder, 'readerSchema'>>,
  ) {
    this.topics = new Map(topics.filter((topic) => topic.parquetLayout === 'typed').map((t) => [t.name, t]));
  }

  /** The columns of `topic`'s Parquet files, or undefined when they keep the payload as a string. */
  of(topicName: string): TypedSchema | undefined {
    const topic = this.topics.get(topicName);
    if (!topic) return undefined;
    if (topic.format === 'avro' || topic.format === 'protobuf') return this.registryColumns(topic);
    let typed = this.fromFiles.get(topic.name);
    if (!typed) {
      const file = topic.schemaFile;
      if (!file) throw new Error(`topic ${topic.name} has parquet_layout: typed but no JSON Schema`);
      typed = { source: file, fields: jsonSchemaFields(JSON.parse(readFileSync(file, 'utf8'))) };
      this.fromFiles.set(topic.name, typed);
    }
    return typed;
  }

  private registryColumns(topic: TopicConfig): TypedSchema {
    const reader = this.decoders.get(topic.name)?.readerSchema;
    const ref = topic.readerSchema;
    const named = ref ? `${ref.subject} version ${ref.version}` : `${topic.name}-value`;
    if (!reader) {
      throw new Error(
        `typed Parquet columns of topic ${topic.name} come from its reader schema ${named}, ` +
          `which the registry ${reader === null ? 'does not have' : 'has not served yet'}`,
      );
    }
    const cached = this.fromRegistry.get(topic.name);
    if (cached && cached.schema === reader) return cached.typed;
    const source = `${named} (schema id ${reader.id})`;
    const fields = topic.format === 'avro' ? avroSchemaFields(reader.schema) : protobufSchemaFields(reader.schema);
    const typed = { source, fields };
    this.fromRegistry.set(topic.name, { schema: reader, typed });
    return typed;
  }
}

/** The payload columns of typed files with their Glue types, for the catalog; undefined for payload files. */
export function typedGlueColumns(typed: TypedSchema | undefined): TypedColumn[] | undefined {
  return typed?.fields.map((field) => ({ name: field.name, type: glueType(field.type) }));
}
