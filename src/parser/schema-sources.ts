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
} from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { parseColumns } from './schema-columns.js';
import { parseExternal } from './schema-external.js';
import { parseFreshness } from './schema-freshness.js';
import { readTagsAndMeta, rejectDuplicate } from './schema-shared.js';
import { allKeys, columnWarnings, noEffectWarnings, type SchemaKeys } from './schema-keys.js';
import { parseTests } from './schema-tests.js';
import type { FreshnessDeclaration, SourceDeclaration, SourceTableDeclaration } from './schema-types.js';

const SHARED_KEYS = [
  'name',
  'description',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'tags',
  'meta',
  'config',
];
// `quoting` and `overrides` are dbt keys Strata accepts but does not act on yet (a warning each)
const SOURCE_KEYS: SchemaKeys = {
  acted: [...SHARED_KEYS, 'schema', 'database', 'loader', 'tables'],
  dbtOnly: ['overrides', 'quoting'],
};
const TABLE_KEYS: SchemaKeys = {
  acted: [...SHARED_KEYS, 'identifier', 'external', 'columns', 'data_tests', 'tests'],
  dbtOnly: ['quoting'],
};
/** dbt >= 1.10 moves these under `config:`; both places are read, `config:` winning. */
const MOVED_TO_CONFIG = ['tags', 'meta', 'freshness', 'loaded_at_field', 'loaded_at_query'];
/** A source's or table's `config:`; `enabled: false` leaves the table out (a table inherits its source's). */
const CONFIG_KEYS: SchemaKeys = { acted: [...MOVED_TO_CONFIG, 'enabled', 'event_time'], dbtOnly: [] };
const ENTRY_HINT = 'Start each item with "- name: <name>" and indent its keys below it.';

/** Tests belong to a source's tables and columns, as in dbt (which rejects them on the source too). */
function rejectSourceLevelTests(yaml: YamlFile, path: YamlPath, source: YamlMap): void {
  const key = ['data_tests', 'tests'].find((each) => source[each] !== undefined);
  if (key === undefined) return;
  throw yaml.error(
    [...path, key],
    `"${key}" is not a property of a source: tests are declared on its tables and their columns`,
    `Move the list under a table: tables: [{ name: <table>, ${key}: [...] }], or under one of its columns.`,
  );
}

/**
 * The `sources:` list of a schema file. dbt keys without an effect (`quoting`, a column's
 * `quote`...) are added to `warnings`, one each at its line.
 */
export function parseSources(yaml: YamlFile, value: unknown, warnings: string[] = []): SourceDeclaration[] {
  const seen = new Map<string, number>();
  return expectList(yaml, ['sources'], value).map((entry, index) => {
    const path = ['sources', index];
    const source = entryMap(yaml, path, entry, 'A source');
    rejectSourceLevelTests(yaml, path, source);
    checkKeys(yaml, path, source, allKeys(SOURCE_KEYS), `source "${String(source.name ?? index + 1)}"`);
    const nameHint = "Give the source a \"name:\", used as source('<name>', '<table>').";
    const name = requireString(yaml, [...path, 'name'], source.name, nameHint);
    rejectDuplicate(yaml, seen, name, path, `Source "${name}"`);
    warnings.push(...noEffectWarnings(yaml, path, source, SOURCE_KEYS, `source "${name}"`));
    const tableNames = new Map<string, number>();
    const common = readCommon(yaml, path, source, `source "${name}"`, warnings);
    const tables = expectList(yaml, [...path, 'tables'], source.tables)
      .map((table, tableIndex) => parseTable(yaml, [...path, 'tables', tableIndex], table, name, tableNames, warnings))
      .filter((table) => (table.enabled ?? common.enabled) !== false)
      // switched on in YAML: dbt_project.yml's `sources:` cannot switch it off
      .map(({ enabled, ...table }) =>
        (enabled ?? common.enabled) === true ? { ...table, enabled: true as const } : table,
      );
    return {
      name,
      description: optionalString(yaml, [...path, 'description'], source.description) ?? '',
      ...optionalField('schema', optionalString(yaml, [...path, 'schema'], source.schema)),
      ...optionalField('database', optionalString(yaml, [...path, 'database'], source.database)),
      ...optionalField('loader', optionalString(yaml, [...path, 'loader'], source.loader)),
      ...withoutEnabled(common),
      tables,
      file: yaml.file,
      line: yaml.lineOf(path),
    };
  });
}

function parseTable(
  yaml: YamlFile,
  path: YamlPath,
  entry: unknown,
  sourceName: string,
  seen: Map<string, number>,
  warnings: string[],
): Omit<SourceTableDeclaration, 'enabled'> & { enabled?: boolean } {
  const table = entryMap(yaml, path, entry, `A table of source "${sourceName}"`);
  checkKeys(yaml, path, table, allKeys(TABLE_KEYS), `a table of source "${sourceName}"`);
  const name = requireString(yaml, [...path, 'name'], table.name, 'Give every table a "name:".');
  rejectDuplicate(yaml, seen, name, path, `Table "${name}" of source "${sourceName}"`);
  const what = `source table "${sourceName}.${name}"`;
  warnings.push(...noEffectWarnings(yaml, path, table, TABLE_KEYS, what));
  warnings.push(...columnWarnings(yaml, path, table, what));
  const external =
    table.external === undefined ? undefined : parseExternal(yaml, [...path, 'external'], table.external);
  return {
    name,
    ...optionalField('identifier', optionalString(yaml, [...path, 'identifier'], table.identifier)),
    description: optionalString(yaml, [...path, 'description'], table.description) ?? '',
    ...optionalField('external', external),
    ...readCommon(yaml, path, table, what, warnings),
    columns: parseColumns(yaml, path, table, what),
    tests: parseTests(yaml, path, table),
    line: yaml.lineOf(path),
  };
}

interface CommonFields {
  tags: string[];
  meta: Record<string, unknown>;
  loadedAtField?: string;
  loadedAtQuery?: string;
  eventTime?: string;
  freshness?: FreshnessDeclaration | null;
  /** `config: { enabled }`, when written */
  enabled?: boolean;
}

/** tags, meta, loaded_at_field and freshness, written beside the name or under `config:`; config's `enabled`. */
function readCommon(yaml: YamlFile, path: YamlPath, owner: YamlMap, what: string, warnings: string[]): CommonFields {
  const config = expectMap(yaml, [...path, 'config'], owner.config);
  checkKeys(yaml, [...path, 'config'], config, allKeys(CONFIG_KEYS), `the config of ${what}`);
  warnings.push(...noEffectWarnings(yaml, [...path, 'config'], config, CONFIG_KEYS, `the config of ${what}`));
  const pick = (key: string): { value: unknown; path: YamlPath; present: boolean } =>
    key in config
      ? { value: config[key], path: [...path, 'config', key], present: true }
      : { value: owner[key], path: [...path, key], present: key in owner };
  const loaded = pick('loaded_at_field');
  const query = pick('loaded_at_query');
  const freshness = pick('freshness');
  if (loaded.value !== undefined && loaded.value !== null && query.value !== undefined && query.value !== null) {
    throw yaml.error(
      query.path,
      `${what} sets both "loaded_at_field" and "loaded_at_query"`,
      'Keep one: loaded_at_query is the SQL of the max loaded-at time, loaded_at_field a column to take the max of.',
    );
  }
  return {
    ...optionalField('loadedAtField', optionalString(yaml, loaded.path, loaded.value)),
    ...optionalField('loadedAtQuery', optionalString(yaml, query.path, query.value)),
    ...optionalField('eventTime', optionalString(yaml, [...path, 'config', 'event_time'], config.event_time)),
    ...optionalField('freshness', parseFreshness(yaml, freshness.path, freshness.value, freshness.present)),
    ...readTagsAndMeta(yaml, path, owner, config),
    ...optionalField('enabled', enabledFlag(yaml, [...path, 'config', 'enabled'], config.enabled)),
  };
}

function withoutEnabled({ enabled: _enabled, ...fields }: CommonFields): Omit<CommonFields, 'enabled'> {
  return fields;
}

function enabledFlag(yaml: YamlFile, path: YamlPath, value: unknown): boolean | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  throw yaml.error(path, `"enabled" must be true or false, got ${describeType(value)}`, 'Write enabled: false.');
}

function entryMap(yaml: YamlFile, path: YamlPath, entry: unknown, what: string): YamlMap {
  if (isYamlMap(entry)) return entry;
  throw yaml.error(path, `${what} must be a map, got ${describeType(entry)}`, ENTRY_HINT);
}
