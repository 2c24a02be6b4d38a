/**
 * `columns:` of a model, seed or source table in schema YAML.
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
import { allKeys, COLUMN_KEYS } from './schema-keys.js';
import { nonEmpty, parseConstraints } from './schema-constraints.js';
import { readTagsAndMeta, rejectDuplicate } from './schema-shared.js';
import { parseTests } from './schema-tests.js';
import type { ColumnDeclaration } from './schema-types.js';

const COLUMN_CONFIG_KEYS = ['meta', 'tags'];
const HINT = 'List columns as "- name: <column>" items, each with optional description, data_type and data_tests.';

/** The columns listed under `owner.columns`; `what` names the owner in messages (`model "orders"`). */
export function parseColumns(yaml: YamlFile, ownerPath: YamlPath, owner: YamlMap, what: string): ColumnDeclaration[] {
  const path = [...ownerPath, 'columns'];
  const seen = new Map<string, number>();
  return expectList(yaml, path, owner.columns, HINT).map((entry, index) => {
    const itemPath = [...path, index];
    if (!isYamlMap(entry)) {
      throw yaml.error(itemPath, `A column of ${what} must be a map, got ${describeType(entry)}`, HINT);
    }
    // dbt's keys that have no effect are warned about by the caller (schema-yaml.ts)
    checkKeys(yaml, itemPath, entry, allKeys(COLUMN_KEYS), `a column of ${what}`);
    const name = requireString(yaml, [...itemPath, 'name'], entry.name, 'Give every column a "name:".');
    rejectDuplicate(yaml, seen, name, itemPath, `Column "${name}" of ${what}`);
    const config = expectMap(yaml, [...itemPath, 'config'], entry.config);
    checkKeys(yaml, [...itemPath, 'config'], config, COLUMN_CONFIG_KEYS, `the config of column "${name}"`);
    return {
      name,
      description: optionalString(yaml, [...itemPath, 'description'], entry.description) ?? '',
      ...optionalField('dataType', optionalString(yaml, [...itemPath, 'data_type'], entry.data_type)),
      ...nonEmpty(parseConstraints(yaml, itemPath, entry.constraints, 'column', `column "${name}" of ${what}`)),
      ...readTagsAndMeta(yaml, itemPath, entry, config),
      tests: parseTests(yaml, itemPath, entry),
      line: yaml.lineOf(itemPath),
    };
  });
}
