/**
 * `parquet_layout` (top level, and per topic to override it): the columns of Bronze
 * Parquet files. `payload` keeps the record value as one JSON string; `typed` writes a
 * column per field of the topic's schema, which a topic has only with a JSON Schema
 * (`schema:`) or a Schema Registry format (avro, protobuf). A JSON Schema's columns are
 * derived here, so a schema the typed layout cannot hold is reported at its key.
 *
 * Unset (or set to an empty `${VAR:-}`), a topic with a schema is `typed`, as a Kafka
 * Connect S3 sink writes Parquet columns from the record's schema, and a topic without one
 * (or with a JSON Schema the typed layout cannot hold) keeps `payload`. A default yields to
 * the layout the topic's lake folder already has (pipeline/lake-parquet-layout.ts), so an
 * upgrade never switches a lake's layout mid-way.
 */
import { readFileSync } from 'node:fs';
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import type { YamlMap } from '../../src/config/yaml-shape.js';
import { jsonSchemaFields } from '../formats/parquet-schema-json.js';
import { collidingFields } from '../pipeline/typed-bronze-select.js';
import type { ParquetLayout, TopicConfig } from './ingest-config.js';

const LAYOUTS: readonly ParquetLayout[] = ['payload', 'typed'];

/** Sets each topic's `parquetLayout` and where it came from, checking a layout the config names can be honoured. */
export function readParquetLayouts(yaml: YamlFile, root: YamlMap, topics: TopicConfig[]): void {
  const fallback = layout(yaml, ['parquet_layout'], root.parquet_layout);
  const items = Array.isArray(root.topics) ? (root.topics as unknown[]) : [];
  topics.forEach((topic, index) => {
    const item = items[index];
    const ownPath: YamlPath = ['topics', index, 'parquet_layout'];
    const own = layout(
      yaml,
      ownPath,
      typeof item === 'object' && item !== null ? (item as YamlMap).parquet_layout : '',
    );
    const named = own ?? fallback;
    if (named === undefined) {
      topic.parquetLayout = typedColumnsProblem(topic) === undefined ? 'typed' : 'payload';
      topic.parquetLayoutOrigin = 'default';
      return;
    }
    topic.parquetLayout = named;
    topic.parquetLayoutOrigin = 'config';
    if (named === 'typed') checkTyped(yaml, own === undefined ? ['parquet_layout'] : ownPath, topic);
  });
}

/**
 * Why `topic` cannot have typed Parquet columns, or undefined when it can: it has no
 * schema, or its JSON Schema has no single type per field or names a metadata column.
 * A registry topic's reader schema is known only once fetched: it counts as typable here.
 */
export function typedColumnsProblem(topic: TopicConfig): string | undefined {
  if (topic.format === 'avro' || topic.format === 'protobuf') return undefined;
  if (!topic.schemaFile) return 'it has no schema to derive typed Parquet columns from';
  try {
    const fields = jsonSchemaFields(JSON.parse(readFileSync(topic.schemaFile, 'utf8')));
    const colliding = collidingFields({ fields });
    return colliding.length > 0 ? `its field(s) ${colliding.join(', ')} are ingest metadata column names` : undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function checkTyped(yaml: YamlFile, path: YamlPath, topic: TopicConfig): void {
  if (!topic.schemaFile && topic.format !== 'avro' && topic.format !== 'protobuf') {
    throw yaml.error(
      path,
      `Topic "${topic.name}" has no schema to derive typed Parquet columns from`,
      'Give the topic a JSON Schema (schema: <file>.schema.json), or use parquet_layout: payload for it.',
    );
  }
  const problem = typedColumnsProblem(topic);
  if (problem) {
    throw yaml.error(
      path,
      `Topic "${topic.name}" cannot have typed Parquet columns: ${problem}`,
      'Use parquet_layout: payload for this topic.',
    );
  }
}

/**
 * A layout named where the Bronze files are not Parquet would change nothing: refused at its
 * key rather than ignored.
 */
export function requireParquetForLayouts(yaml: YamlFile, root: YamlMap, format: string): void {
  if (format === 'parquet') return;
  const items = Array.isArray(root.topics) ? (root.topics as unknown[]) : [];
  const named: YamlPath[] = [
    ['parquet_layout'],
    ...items.map((_, index): YamlPath => ['topics', index, 'parquet_layout']),
  ].filter((path) => layout(yaml, path, valueAt(root, path)) !== undefined);
  const [first] = named;
  if (first) {
    throw yaml.error(
      first,
      `"parquet_layout" applies only to Parquet Bronze files, and this config writes ${format}`,
      'Set format: parquet, or remove parquet_layout.',
    );
  }
}

function valueAt(root: YamlMap, path: YamlPath): unknown {
  let value: unknown = root;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

/** The layout a key names; undefined when it is absent or empty (an unset `${VAR:-}`). */
function layout(yaml: YamlFile, path: YamlPath, value: unknown): ParquetLayout | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (LAYOUTS as readonly string[]).includes(value)) return value as ParquetLayout;
  throw yaml.error(path, `"parquet_layout" must be one of ${LAYOUTS.join(', ')}, got ${JSON.stringify(value)}`);
}
