/**
 * Schema YAML files (`models/**\/*.yml`): documentation, config, columns and tests of
 * models and seeds, and source declarations, each with its file and line.
 *
 *   version: 2
 *   models:
 *     - name: stg_orders
 *       description: One row per order.
 *       config: { materialized: table }
 *       columns:
 *         - name: order_id
 *           data_tests: [not_null, unique]
 */
import { checkConfigKeys, configKeysFor, type ConfigKeys } from '../config/config-keys.js';
import { KNOWN_CONFIG_KEYS } from '../config/node-config.js';
import { loadYamlFile } from '../config/yaml-file.js';
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import {
  checkKeys,
  describeType,
  expectList,
  expectMap,
  isYamlMap,
  optionalString,
  requireString,
  stringList,
} from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { DBT_CONFIG_KEYS } from '../config/dbt-config-keys.js';
import { formatLocation } from '../errors/strata-error.js';
import { parseColumns } from './schema-columns.js';
import { nonEmpty, parseConstraints } from './schema-constraints.js';
import { rejectDuplicate } from './schema-shared.js';
import { parseSources } from './schema-sources.js';
import {
  allKeys,
  ANALYSIS_KEYS,
  COLUMN_KEYS,
  columnWarnings,
  MODEL_COLUMN_KEYS,
  MODEL_KEYS,
  noEffectWarnings,
  SEED_KEYS,
  SECTION_KEYS,
  SNAPSHOT_KEYS,
  type SchemaKeys,
} from './schema-keys.js';
import { parseTests } from './schema-tests.js';
import { parseUnitTests } from './schema-unit-tests.js';
import { parseExposures } from './schema-exposures.js';
import type { ColumnDeclaration, NodePatch, SchemaFile } from './schema-types.js';

const ROOT_HINT = 'A schema file is a map with "models:", "seeds:", "snapshots:", "sources:" and/or "analyses:" lists.';

/**
 * Read and parse one schema YAML file; every shape mistake is a StrataError with its line.
 * `configKeys` are the config keys the target's warehouse acts on (default: Strata's own).
 */
export function parseSchemaFile(absPath: string, projectRoot: string, configKeys?: ConfigKeys): SchemaFile {
  return parseSchemaYaml(loadYamlFile(absPath, projectRoot), configKeys);
}

/** Parse an already loaded schema YAML file. An empty file declares nothing. */
export function parseSchemaYaml(yaml: YamlFile, configKeys: ConfigKeys = configKeysFor()): SchemaFile {
  const root = expectMap(yaml, [], yaml.value, ROOT_HINT);
  checkKeys(yaml, [], root, allKeys(SECTION_KEYS), 'a schema file');
  if (root.version !== undefined && String(root.version) !== '2') {
    throw yaml.error(['version'], 'Unsupported schema file version', 'Write "version: 2" or leave the line out.');
  }
  const warnings = noEffectWarnings(yaml, [], root, SECTION_KEYS, 'this schema file', 'a dbt section');
  return {
    file: yaml.file,
    models: parsePatches(yaml, 'models', root.models, configKeys, warnings),
    seeds: parsePatches(yaml, 'seeds', root.seeds, configKeys, warnings),
    analyses: parsePatches(yaml, 'analyses', root.analyses, configKeys, warnings),
    snapshots: parsePatches(yaml, 'snapshots', root.snapshots, configKeys, warnings),
    sources: parseSources(yaml, root.sources, warnings),
    ...(root.unit_tests === undefined ? {} : { unitTests: parseUnitTests(yaml, root.unit_tests) }),
    ...(root.exposures === undefined ? {} : { exposures: parseExposures(yaml, root.exposures) }),
    warnings,
  };
}

/** The sections of a schema file that describe nodes parsed from files. */
type PatchSection = 'models' | 'seeds' | 'analyses' | 'snapshots';

const PATCH_SECTIONS = {
  models: { kind: 'model', keys: MODEL_KEYS },
  seeds: { kind: 'seed', keys: SEED_KEYS },
  analyses: { kind: 'analysis', keys: ANALYSIS_KEYS },
  snapshots: { kind: 'snapshot', keys: SNAPSHOT_KEYS },
} as const;

function parsePatches(
  yaml: YamlFile,
  key: PatchSection,
  value: unknown,
  configKeys: ConfigKeys,
  warnings: string[],
): NodePatch[] {
  const { kind, keys } = PATCH_SECTIONS[key];
  const hint = `Start each ${kind} with "- name: <${kind} name>" and indent its keys below it.`;
  const seen = new Map<string, number>();
  return expectList(yaml, [key], value, hint).map((entry, index) => {
    const path = [key, index];
    if (!isYamlMap(entry)) throw yaml.error(path, `A ${kind} entry must be a map, got ${describeType(entry)}`, hint);
    // Keys first: a typo'd `nmae:` is better reported as "did you mean name" than as a missing name.
    const label = typeof entry.name === 'string' ? `${kind} "${entry.name}"` : `${kind} ${index + 1}`;
    rejectBareConfig(yaml, path, entry, label, keys);
    checkKeys(yaml, path, entry, allKeys(keys), label);
    const nameHint = `Add "name:" with the ${kind}'s file name, without extension.`;
    const name = requireString(yaml, [...path, 'name'], entry.name, nameHint);
    const what = `${kind} "${name}"`;
    rejectDuplicate(yaml, seen, name, path, what);

    const config = { ...expectMap(yaml, [...path, 'config'], entry.config) };
    warnings.push(
      ...checkConfigKeys(
        config,
        configKeys,
        (configKey) => yaml.at([...path, 'config', configKey]),
        `the config of ${what}`,
      ),
    );
    const columnKeys = kind === 'model' ? MODEL_COLUMN_KEYS : COLUMN_KEYS;
    warnings.push(
      ...noEffectWarnings(yaml, path, entry, keys, what),
      ...columnWarnings(yaml, path, entry, what, columnKeys),
    );
    const columns = parseColumns(yaml, path, entry, what);
    if (kind === 'analysis') warnings.push(...columnTestWarnings(yaml, path, columns, what));
    const tags = stringList(yaml, [...path, 'tags'], entry.tags);
    if (tags.length > 0) {
      config.tags = [...new Set([...stringList(yaml, [...path, 'config', 'tags'], config.tags), ...tags])];
    }
    return {
      name,
      description: optionalString(yaml, [...path, 'description'], entry.description) ?? '',
      config,
      columns,
      tests: parseTests(yaml, path, entry),
      ...(kind === 'model' ? nonEmpty(parseConstraints(yaml, path, entry.constraints, 'model', what)) : {}),
      meta: expectMap(yaml, [...path, 'meta'], entry.meta),
      ...(entry.relation === undefined
        ? {}
        : { relation: requireString(yaml, [...path, 'relation'], entry.relation, RELATION_HINT) }),
      file: yaml.file,
      line: yaml.lineOf(path),
    };
  });
}

const RELATION_HINT = "Write the snapshot's input as relation: ref('model_name') or relation: source('src', 'table').";

/** Column tests of an analysis: nothing ever builds an analysis for them to test. */
function columnTestWarnings(yaml: YamlFile, path: YamlPath, columns: ColumnDeclaration[], what: string): string[] {
  return columns.flatMap((column, index) =>
    column.tests.length === 0
      ? []
      : [
          `${formatLocation(yaml.at([...path, 'columns', index]))}: the tests of column "${column.name}" of ${what} ` +
            'have no effect: an analysis is never built, so it is never tested.',
        ],
  );
}

/**
 * `materialized: table` or `contract: ...` beside `name:` is a common slip: a config key,
 * Strata's or dbt's, written where dbt reads properties. Say where it belongs.
 */
function rejectBareConfig(yaml: YamlFile, path: YamlPath, entry: YamlMap, what: string, keys: SchemaKeys): void {
  const properties = allKeys(keys);
  const key = Object.keys(entry).find(
    (candidate) =>
      !properties.includes(candidate) && (KNOWN_CONFIG_KEYS.includes(candidate) || DBT_CONFIG_KEYS.includes(candidate)),
  );
  if (key === undefined) return;
  throw yaml.error(
    [...path, key],
    `"${key}" is a config key and must be under "config:" in ${what}`,
    `Write it as:\n    config:\n      ${key}: ...`,
  );
}
