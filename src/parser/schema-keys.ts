/**
 * The keys of schema YAML files as dbt documents them (dbt-core 1.10/1.11): those Strata
 * acts on, and dbt's others, accepted with one warning each at their line, so a ported
 * project parses and nothing it says is dropped without a word. Any other key is an error
 * naming the closest key (see `checkKeys`).
 */
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { isYamlMap, type YamlMap } from '../config/yaml-shape.js';
import { formatLocation } from '../errors/strata-error.js';

/** The keys one kind of YAML map may hold. */
export interface SchemaKeys {
  /** keys Strata reads */
  acted: readonly string[];
  /** keys dbt documents that Strata does not act on yet: a warning each */
  dbtOnly: readonly string[];
}

/** The top level of a schema file. */
export const SECTION_KEYS: SchemaKeys = {
  acted: ['version', 'models', 'seeds', 'sources', 'analyses', 'snapshots', 'unit_tests', 'exposures'],
  dbtOnly: ['data_tests', 'functions', 'groups', 'macros', 'metrics', 'saved_queries', 'semantic_models'],
};

// `tags` joins config.tags; `meta` is kept in manifest.json
const NODE_ACTED = ['name', 'description', 'config', 'columns', 'data_tests', 'tests', 'meta', 'tags'];

/** A `models:` entry. */
export const MODEL_KEYS: SchemaKeys = {
  acted: [...NODE_ACTED, 'constraints'],
  dbtOnly: ['access', 'deprecation_date', 'docs', 'group', 'latest_version', 'time_spine', 'versions'],
};

/** A `seeds:` entry. */
export const SEED_KEYS: SchemaKeys = { acted: NODE_ACTED, dbtOnly: ['docs', 'group'] };

/** An `analyses:` entry: documentation and config of an analysis, which has no tests. */
export const ANALYSIS_KEYS: SchemaKeys = {
  acted: NODE_ACTED.filter((key) => key !== 'data_tests' && key !== 'tests'),
  dbtOnly: ['docs', 'group'],
};

/** A `snapshots:` entry: a snapshot of its own (`relation:` is its query) or the YAML of a `{% snapshot %}` block. */
export const SNAPSHOT_KEYS: SchemaKeys = { acted: [...NODE_ACTED, 'relation'], dbtOnly: ['docs', 'group'] };

/** A column of a model, seed or source table. */
export const COLUMN_KEYS: SchemaKeys = {
  acted: ['name', 'description', 'data_type', 'data_tests', 'tests', 'meta', 'tags', 'config'],
  dbtOnly: ['constraints', 'docs', 'granularity', 'policy_tags', 'quote'],
};

/** A column of a model: its constraints shape the DDL of a contracted model. */
export const MODEL_COLUMN_KEYS: SchemaKeys = {
  acted: [...COLUMN_KEYS.acted, 'constraints'],
  dbtOnly: COLUMN_KEYS.dbtOnly.filter((key) => key !== 'constraints'),
};

/** `allKeys` of each key set, worked out once: it is asked for every column of every model. */
const allKeysOf = new WeakMap<SchemaKeys, readonly string[]>();

/** Every key of `keys`, for `checkKeys`. */
export function allKeys(keys: SchemaKeys): readonly string[] {
  let all = allKeysOf.get(keys);
  if (!all) allKeysOf.set(keys, (all = [...keys.acted, ...keys.dbtOnly]));
  return all;
}

/**
 * One warning per dbt-only key of `map` (at `path`), each `file:line: message`. `owner`
 * names the map in messages (`model "orders"`); `what` says what the key is to dbt.
 */
export function noEffectWarnings(
  yaml: YamlFile,
  path: YamlPath,
  map: YamlMap,
  keys: SchemaKeys,
  owner: string,
  what = 'a dbt property',
): string[] {
  // in the order the file writes them
  return Object.keys(map)
    .filter((key) => keys.dbtOnly.includes(key) && map[key] !== undefined)
    .map(
      (key) =>
        `${formatLocation(yaml.at([...path, key]))}: "${key}" of ${owner} ` +
        `is ${what} Strata does not act on yet; it has no effect.`,
    );
}

/** One warning per dbt-only key of each column of `owner` (at `path`); `what` names the owner. */
export function columnWarnings(
  yaml: YamlFile,
  path: YamlPath,
  owner: YamlMap,
  what: string,
  keys: SchemaKeys = COLUMN_KEYS,
): string[] {
  const columns = Array.isArray(owner.columns) ? (owner.columns as unknown[]) : [];
  return columns.flatMap((column, index) =>
    isYamlMap(column)
      ? noEffectWarnings(yaml, [...path, 'columns', index], column, keys, `column "${String(column.name)}" of ${what}`)
      : [],
  );
}
