/**
 * `external:` of a source table: lake files behind it.
 *
 *   external:
 *     location: lake/orders        # or s3://bucket/bronze/orders
 *     format: jsonl                # jsonl | parquet | csv
 *     partitions: [dt, hour]       # hive folders, in path order
 */
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import {
  checkKeys,
  describeType,
  expectList,
  expectMap,
  isYamlMap,
  optionalField,
  optionalString,
  requireString,
} from '../config/yaml-shape.js';
import type { SourceTableDeclaration } from './schema-types.js';

type External = NonNullable<SourceTableDeclaration['external']>;

const EXTERNAL_KEYS = ['location', 'format', 'partitions', 'file_glob'];
// `json` and `ndjson` are what people write for JSON-lines files; DuckDB reads both as such.
const FORMATS: Record<string, External['format']> = {
  jsonl: 'jsonl',
  json: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  csv: 'csv',
};
const PARTITION_HINT = 'Write partitions as a list of column names, e.g. [dt, hour].';

/** The `external:` map at `path`. */
export function parseExternal(yaml: YamlFile, path: YamlPath, value: unknown): External {
  const external = expectMap(yaml, path, value);
  checkKeys(yaml, path, external, EXTERNAL_KEYS, '"external"');
  const locationHint = 'Set "location:" to the lake folder (e.g. lake/orders) or an s3:// prefix.';
  const location = requireString(yaml, [...path, 'location'], external.location, locationHint);
  const written = requireString(yaml, [...path, 'format'], external.format, 'Set "format:" to jsonl, parquet or csv.');
  const format = FORMATS[written.trim().toLowerCase()];
  if (!format) {
    throw yaml.error([...path, 'format'], `Unknown external format "${written}"`, 'Use one of: jsonl, parquet, csv.');
  }
  const listed = expectList(yaml, [...path, 'partitions'], external.partitions, PARTITION_HINT);
  const partitions = listed.map((item, index) => {
    const itemPath = [...path, 'partitions', index];
    if (typeof item === 'string') return item;
    // dbt-external-tables writes `- name: dt` with a data_type; only the name matters here.
    if (isYamlMap(item)) return requireString(yaml, [...itemPath, 'name'], item.name, PARTITION_HINT);
    throw yaml.error(itemPath, `A partition must be a column name, got ${describeType(item)}`, PARTITION_HINT);
  });
  return {
    location,
    format,
    partitions,
    ...optionalField('fileGlob', optionalString(yaml, [...path, 'file_glob'], external.file_glob)),
  };
}
