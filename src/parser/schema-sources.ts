/**
 * `sources:` in schema YAML: tables that Strata reads but does not build, optionally
 * files in the lake (`external:`), with freshness expectations.
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
  stringList,
} from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { parseColumns, unique } from './schema-columns.js';
import { parseFreshness } from './schema-freshness.js';
import { parseTests } from './schema-tests.js';
import type { SourceDeclaration, SourceTableDeclaration } from './schema-types.js';

// `quoting` is a dbt key Strata accepts but does not use yet.
const SOURCE_KEYS = ['name', 'description', 'schema', 'database', 'loader', 'loaded_at_field', 'freshness', 'tables', 'tags', 'meta', 'config', 'quoting'];
const TABLE_KEYS = ['name', 'identifier', 'description', 'external', 'columns', 'data_tests', 'tests', 'loaded_at_field', 'freshness', 'meta', 'tags', 'config', 'quoting'];
/** dbt >= 1.10 moves these under `config:`; both places are read, `config:` winning. */
const CONFIG_KEYS = ['tags', 'meta', 'freshness', 'loaded_at_field'];
const EXTERNAL_KEYS = ['location', 'format', 'partitions', 'file_glob'];
const FORMATS: Record<string, 'jsonl' | 'parquet' | 'csv'> = { jsonl: 'jsonl', json: 'jsonl', ndjson: 'jsonl', parquet: 'parquet', csv: 'csv' };

/** The `sources:` list of a schema file. */
export function parseSources(yaml: YamlFile, value: unknown): SourceDeclaration[] {
  const names = new Map<string, number>();
  return expectList(yaml, ['sources'], value).map((entry, index) => {
    const path = ['sources', index];
    const source = entryMap(yaml, path, entry, 'A source');
    checkKeys(yaml, path, source, SOURCE_KEYS, `source "${String(source.name ?? index + 1)}"`);
    const name = requireString(yaml, [...path, 'name'], source.name, 'Give the source a "name:", used as source(\'<name>\', \'<table>\').');
    const line = yaml.lineOf(path);
    rejectDuplicate(yaml, path, names, name, `Source "${name}"`, line);
    const common = readCommon(yaml, path, source, `source "${name}"`);
    const tableNames = new Map<string, number>();
    const tables = expectList(yaml, [...path, 'tables'], source.tables).map((table, tableIndex) =>
      parseTable(yaml, [...path, 'tables', tableIndex], table, name, tableNames),
    );
    return {
      name,
      description: optionalString(yaml, [...path, 'description'], source.description) ?? '',
      ...optionalField('schema', optionalString(yaml, [...path, 'schema'], source.schema)),
      ...optionalField('database', optionalString(yaml, [...path, 'database'], source.database)),
      ...optionalField('loader', optionalString(yaml, [...path, 'loader'], source.loader)),
      ...common,
      tables,
      file: yaml.file,
      line,
    };
  });
}

function parseTable(yaml: YamlFile, path: YamlPath, entry: unknown, sourceName: string, seen: Map<string, number>): SourceTableDeclaration {
  const table = entryMap(yaml, path, entry, `A table of source "${sourceName}"`);
  checkKeys(yaml, path, table, TABLE_KEYS, `a table of source "${sourceName}"`);
  const name = requireString(yaml, [...path, 'name'], table.name, 'Give every table a "name:".');
  const line = yaml.lineOf(path);
  rejectDuplicate(yaml, path, seen, name, `Table "${name}" of source "${sourceName}"`, line);
  const what = `source table "${sourceName}.${name}"`;
  return {
    name,
    ...optionalField('identifier', optionalString(yaml, [...path, 'identifier'], table.identifier)),
    description: optionalString(yaml, [...path, 'description'], table.description) ?? '',
    ...optionalField('external', table.external === undefined ? undefined : parseExternal(yaml, [...path, 'external'], table.external)),
    ...readCommon(yaml, path, table, what),
    columns: parseColumns(yaml, path, table, what),
    tests: parseTests(yaml, path, table),
    line,
  };
}

/** tags, meta, loaded_at_field and freshness, written beside the name or under `config:`. */
function readCommon(yaml: YamlFile, path: YamlPath, owner: YamlMap, what: string) {
  const config = expectMap(yaml, [...path, 'config'], owner.config);
  checkKeys(yaml, [...path, 'config'], config, CONFIG_KEYS, `the config of ${what}`);
  const pick = (key: string): { value: unknown; path: YamlPath; present: boolean } =>
    key in config
      ? { value: config[key], path: [...path, 'config', key], present: true }
      : { value: owner[key], path: [...path, key], present: key in owner };
  const loaded = pick('loaded_at_field');
  const freshness = pick('freshness');
  return {
    ...optionalField('loadedAtField', optionalString(yaml, loaded.path, loaded.value)),
    ...optionalField('freshness', parseFreshness(yaml, freshness.path, freshness.value, freshness.present)),
    tags: unique([...stringList(yaml, [...path, 'tags'], owner.tags), ...stringList(yaml, [...path, 'config', 'tags'], config.tags)]),
    meta: { ...expectMap(yaml, [...path, 'meta'], owner.meta), ...expectMap(yaml, [...path, 'config', 'meta'], config.meta) },
  };
}

function parseExternal(yaml: YamlFile, path: YamlPath, value: unknown): NonNullable<SourceTableDeclaration['external']> {
  const external = entryMap(yaml, path, value, '"external"');
  checkKeys(yaml, path, external, EXTERNAL_KEYS, '"external"');
  const location = requireString(yaml, [...path, 'location'], external.location, 'Set "location:" to the lake folder (e.g. lake/orders) or an s3:// prefix.');
  const written = requireString(yaml, [...path, 'format'], external.format, 'Set "format:" to jsonl, parquet or csv.');
  const format = FORMATS[written.trim().toLowerCase()];
  if (!format) throw yaml.error([...path, 'format'], `Unknown external format "${written}"`, 'Use one of: jsonl, parquet, csv.');
  const partitions = expectList(yaml, [...path, 'partitions'], external.partitions).map((item, index) => {
    const itemPath = [...path, 'partitions', index];
    if (typeof item === 'string') return item;
    // dbt-external-tables writes `- name: dt` with a data_type; only the name matters here.
    if (isYamlMap(item)) return requireString(yaml, [...itemPath, 'name'], item.name, 'Write a partition as "- dt" or "- name: dt".');
    throw yaml.error(itemPath, `A partition must be a column name, got ${describeType(item)}`, 'Write partitions as a list of column names, e.g. [dt, hour].');
  });
  const fileGlob = optionalString(yaml, [...path, 'file_glob'], external.file_glob);
  return { location, format, partitions, ...optionalField('fileGlob', fileGlob) };
}

function entryMap(yaml: YamlFile, path: YamlPath, entry: unknown, what: string): YamlMap {
  if (isYamlMap(entry)) return entry;
  throw yaml.error(path, `${what} must be a map, got ${describeType(entry)}`, 'Start each item with "- name: <name>" and indent its keys below it.');
}

function rejectDuplicate(yaml: YamlFile, path: YamlPath, seen: Map<string, number>, name: string, what: string, line: number): void {
  const first = seen.get(name);
  if (first !== undefined) throw yaml.error(path, `${what} is declared twice (first at line ${first})`, 'Merge the two entries into one.');
  seen.set(name, line);
}
