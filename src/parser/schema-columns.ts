/**
 * `columns:` of a model, seed or source table in schema YAML.
 */
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { checkKeys, describeType, expectList, expectMap, isYamlMap, optionalString, requireString, stringList } from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { parseTests } from './schema-tests.js';
import type { ColumnDeclaration } from './schema-types.js';

// `quote`, `docs` and `constraints` are dbt keys Strata accepts but does not use yet.
const COLUMN_KEYS = ['name', 'description', 'data_type', 'data_tests', 'tests', 'meta', 'tags', 'quote', 'config', 'docs', 'constraints'];
const COLUMN_CONFIG_KEYS = ['meta', 'tags'];

/** The columns listed under `owner.columns`; `what` names the owner in messages (`model "orders"`). */
export function parseColumns(yaml: YamlFile, ownerPath: YamlPath, owner: YamlMap, what: string): ColumnDeclaration[] {
  const path = [...ownerPath, 'columns'];
  const hint = 'List columns as "- name: <column>" items, each with optional description, data_type and data_tests.';
  const seen = new Map<string, number>();
  return expectList(yaml, path, owner.columns, hint).map((entry, index) => {
    const itemPath = [...path, index];
    if (!isYamlMap(entry)) {
      throw yaml.error(itemPath, `A column of ${what} must be a map, got ${describeType(entry)}`, hint);
    }
    checkKeys(yaml, itemPath, entry, COLUMN_KEYS, `a column of ${what}`);
    const name = requireString(yaml, [...itemPath, 'name'], entry.name, 'Give every column a "name:".');
    const line = yaml.lineOf(itemPath);
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      throw yaml.error(itemPath, `Column "${name}" of ${what} is declared twice (first at line ${first})`, 'Merge the two entries into one.');
    }
    seen.set(name.toLowerCase(), line);
    const config = expectMap(yaml, [...itemPath, 'config'], entry.config);
    checkKeys(yaml, [...itemPath, 'config'], config, COLUMN_CONFIG_KEYS, `the config of column "${name}"`);
    const dataType = optionalString(yaml, [...itemPath, 'data_type'], entry.data_type);
    return {
      name,
      description: optionalString(yaml, [...itemPath, 'description'], entry.description) ?? '',
      ...(dataType === undefined ? {} : { dataType }),
      tags: unique([...stringList(yaml, [...itemPath, 'tags'], entry.tags), ...stringList(yaml, [...itemPath, 'config', 'tags'], config.tags)]),
      meta: { ...expectMap(yaml, [...itemPath, 'meta'], entry.meta), ...expectMap(yaml, [...itemPath, 'config', 'meta'], config.meta) },
      tests: parseTests(yaml, itemPath, entry),
      line,
    };
  });
}

/** Tags in first-seen order without repeats. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
