/**
 * `parquet_layout` (top level, and per topic to override it): the columns of Bronze
 * Parquet files. `payload` keeps the record value as one JSON string; `typed` writes a
 * column per field of the topic's schema, which a topic has only with a JSON Schema
 * (`schema:`) or a Schema Registry format (avro, protobuf). A JSON Schema's columns are
 * derived here, so a schema the typed layout cannot hold is reported at its key.
 */
import { readFileSync } from 'node:fs';
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import type { YamlMap } from '../../src/config/yaml-shape.js';
import { jsonSchemaFields } from '../formats/parquet-schema-json.js';
import { collidingFields } from '../pipeline/typed-bronze-select.js';
import type { ParquetLayout, TopicConfig } from './ingest-config.js';

const LAYOUTS: readonly ParquetLayout[] = ['payload', 'typed'];

/** Sets each topic's `parquetLayout` from the config (default `payload`), checking it can be honoured. */
export function readParquetLayouts(yaml: YamlFile, root: YamlMap, topics: TopicConfig[]): void {
  const fallback = layout(yaml, ['parquet_layout'], root.parquet_layout, 'payload');
  const items = Array.isArray(root.topics) ? (root.topics as unknown[]) : [];
  topics.forEach((topic, index) => {
    const item = items[index];
    const own = typeof item === 'object' && item !== null ? (item as YamlMap).parquet_layout : undefined;
    const path: YamlPath = own === undefined ? ['parquet_layout'] : ['topics', index, 'parquet_layout'];
    topic.parquetLayout = layout(yaml, path, own, fallback);
    if (topic.parquetLayout === 'typed') checkTyped(yaml, path, topic);
  });
}

function checkTyped(yaml: YamlFile, path: YamlPath, topic: TopicConfig): void {
  if (topic.format === 'avro' || topic.format === 'protobuf') return;
  if (!topic.schemaFile) {
    throw yaml.error(
      path,
      `Topic "${topic.name}" has no schema to derive typed Parquet columns from`,
      'Give the topic a JSON Schema (schema: <file>.schema.json), or use parquet_layout: payload for it.',
    );
  }
  let problem: string | undefined;
  try {
    const fields = jsonSchemaFields(JSON.parse(readFileSync(topic.schemaFile, 'utf8')));
    const colliding = collidingFields({ fields });
    if (colliding.length > 0) problem = `its field(s) ${colliding.join(', ')} are ingest metadata column names`;
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) {
    throw yaml.error(
      path,
      `Topic "${topic.name}" cannot have typed Parquet columns: ${problem}`,
      'Use parquet_layout: payload for this topic.',
    );
  }
}

function layout(yaml: YamlFile, path: YamlPath, value: unknown, fallback: ParquetLayout): ParquetLayout {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (LAYOUTS as readonly string[]).includes(value)) return value as ParquetLayout;
  throw yaml.error(path, `"parquet_layout" must be one of ${LAYOUTS.join(', ')}, got ${JSON.stringify(value)}`);
}
