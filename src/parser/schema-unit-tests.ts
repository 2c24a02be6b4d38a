/**
 * The `unit_tests:` section of a schema file, as dbt 1.8+ writes it: each entry names a
 * model, the rows its inputs hold (`given`) and the rows it must return (`expect`), checked
 * for shape here with file and line; `phases/unit-tests.ts` resolves the names.
 *
 *   unit_tests:
 *     - name: paid_orders_are_doubled
 *       model: paid_orders
 *       given:
 *         - input: ref('orders')
 *           rows: [{id: 1, status: paid}]
 *       expect:
 *         rows: [{id: 1}]
 */
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
  type YamlMap,
} from '../config/yaml-shape.js';
import type { RowsFormat } from '../unit-tests/unit-test-node.js';
import { rejectDuplicate } from './schema-shared.js';

/** Rows as an entry writes them, before a fixture file is read. */
export interface RowsDeclaration {
  format: RowsFormat;
  /** a list of maps (dict), or text (csv, sql); absent when `fixture` names a file */
  rows?: Array<Record<string, unknown>> | string;
  fixture?: string;
  line: number;
}

/** One `given:` entry. */
export interface GivenDeclaration extends RowsDeclaration {
  /** `ref('x')`, `source('s', 't')` or `this`, as written */
  input: string;
}

export interface UnitTestDeclaration {
  name: string;
  model: string;
  description: string;
  given: GivenDeclaration[];
  expect: RowsDeclaration;
  overrides: { macros: Record<string, unknown>; vars: Record<string, unknown>; envVars: Record<string, string> };
  /** `enabled` only when written: dbt_project.yml's `unit_tests:` decides otherwise */
  config: { tags: string[]; enabled?: boolean; meta: Record<string, unknown> };
  versions?: Record<string, unknown>;
  /** the entry as written, for its checksum */
  raw: YamlMap;
  file: string;
  line: number;
}

const ENTRY_KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions'];
const ROWS_KEYS = ['format', 'rows', 'fixture'];
const FORMATS: readonly RowsFormat[] = ['dict', 'csv', 'sql'];
const HINT = 'Start each unit test with "- name: <test name>" and give "model:", "given:" and "expect:".';

/** Parse the `unit_tests:` list of a schema file; every shape mistake is a StrataError at its line. */
export function parseUnitTests(yaml: YamlFile, value: unknown): UnitTestDeclaration[] {
  const seen = new Map<string, number>();
  return expectList(yaml, ['unit_tests'], value, HINT).map((entry, index) => {
    const path: YamlPath = ['unit_tests', index];
    if (!isYamlMap(entry)) throw yaml.error(path, `A unit test must be a map, got ${describeType(entry)}`, HINT);
    const label = typeof entry.name === 'string' ? `unit test "${entry.name}"` : `unit test ${index + 1}`;
    checkKeys(yaml, path, entry, ENTRY_KEYS, label);
    const name = requireString(yaml, [...path, 'name'], entry.name, 'Add "name:", unique among the model\'s tests.');
    const model = requireString(yaml, [...path, 'model'], entry.model, 'Add "model:" with the tested model\'s name.');
    rejectDuplicate(yaml, seen, `${model}.${name}`, path, `unit test "${name}" of model "${model}"`);
    if (entry.expect === undefined) {
      throw yaml.error(path, `Unit test "${name}" has no "expect:"`, 'Add "expect:" with the rows the model returns.');
    }
    const given = expectList(yaml, [...path, 'given'], entry.given ?? [], 'Write "given:" as a list of inputs.');
    return {
      name,
      model,
      description: optionalString(yaml, [...path, 'description'], entry.description) ?? '',
      given: given.map((input, i) => parseGiven(yaml, [...path, 'given', i], input)),
      expect: parseRows(yaml, [...path, 'expect'], expectMap(yaml, [...path, 'expect'], entry.expect)),
      overrides: parseOverrides(yaml, [...path, 'overrides'], entry.overrides),
      config: parseConfig(yaml, [...path, 'config'], entry.config),
      ...(entry.versions === undefined ? {} : { versions: expectMap(yaml, [...path, 'versions'], entry.versions) }),
      raw: entry,
      file: yaml.file,
      line: yaml.lineOf(path),
    };
  });
}

function parseGiven(yaml: YamlFile, path: YamlPath, value: unknown): GivenDeclaration {
  const hint = `Write each input as "- input: ref('model_name')" with "rows:" below it.`;
  const entry = expectMap(yaml, path, value, hint);
  checkKeys(yaml, path, entry, ['input', ...ROWS_KEYS], 'a given input');
  const input = requireString(yaml, [...path, 'input'], entry.input, hint);
  return { input: input.trim(), ...parseRows(yaml, path, entry) };
}

/** `format`, `rows` and `fixture` of a given input or of `expect`. */
function parseRows(yaml: YamlFile, path: YamlPath, entry: YamlMap): RowsDeclaration {
  if (path.at(-1) === 'expect') checkKeys(yaml, path, entry, ROWS_KEYS, '"expect"');
  const format = (optionalString(yaml, [...path, 'format'], entry.format) ?? 'dict') as RowsFormat;
  if (!FORMATS.includes(format)) {
    throw yaml.error([...path, 'format'], `Unknown rows format "${format}"`, 'Write format: dict, csv or sql.');
  }
  const fixture = optionalString(yaml, [...path, 'fixture'], entry.fixture);
  const line = yaml.lineOf(path);
  if (fixture !== undefined) {
    if (entry.rows !== undefined) {
      throw yaml.error([...path, 'rows'], 'Give "rows:" or "fixture:", not both', 'Keep the one that holds the rows.');
    }
    if (format === 'dict') {
      throw yaml.error(
        [...path, 'fixture'],
        'A fixture file holds csv or sql rows',
        'Add "format: csv" (a .csv file) or "format: sql" (a .sql file).',
      );
    }
    return { format, fixture, line };
  }
  if (format === 'dict') {
    const rows = expectList(yaml, [...path, 'rows'], entry.rows ?? [], 'Write rows as a list of maps: - {id: 1}');
    rows.forEach((row, i) => {
      if (!isYamlMap(row)) {
        throw yaml.error([...path, 'rows', i], `A row must be a map of column to value, got ${describeType(row)}`);
      }
    });
    return { format, rows: rows as Array<Record<string, unknown>>, line };
  }
  if (entry.rows === undefined && format === 'csv') return { format, rows: '', line };
  if (typeof entry.rows !== 'string') {
    throw yaml.error(
      [...path, 'rows'],
      `Rows of format ${format} are text, got ${describeType(entry.rows)}`,
      format === 'csv' ? 'Write "rows: |" and the CSV lines below it.' : 'Write "rows: |" and a select below it.',
    );
  }
  return { format, rows: entry.rows, line };
}

function parseOverrides(yaml: YamlFile, path: YamlPath, value: unknown): UnitTestDeclaration['overrides'] {
  const overrides = expectMap(yaml, path, value);
  checkKeys(yaml, path, overrides, ['macros', 'vars', 'env_vars'], '"overrides"');
  const envVars = expectMap(yaml, [...path, 'env_vars'], overrides.env_vars);
  return {
    macros: { ...expectMap(yaml, [...path, 'macros'], overrides.macros) },
    vars: { ...expectMap(yaml, [...path, 'vars'], overrides.vars) },
    envVars: Object.fromEntries(Object.entries(envVars).map(([key, text]) => [key, String(text)])),
  };
}

function parseConfig(yaml: YamlFile, path: YamlPath, value: unknown): UnitTestDeclaration['config'] {
  const config = expectMap(yaml, path, value);
  checkKeys(yaml, path, config, ['tags', 'enabled', 'meta'], 'the config of a unit test');
  const tags = typeof config.tags === 'string' ? [config.tags] : stringList(yaml, [...path, 'tags'], config.tags);
  if (config.enabled !== undefined && typeof config.enabled !== 'boolean') {
    throw yaml.error([...path, 'enabled'], `"enabled" must be true or false, got ${describeType(config.enabled)}`);
  }
  return {
    tags,
    ...(config.enabled === undefined ? {} : { enabled: config.enabled }),
    meta: { ...expectMap(yaml, [...path, 'meta'], config.meta) },
  };
}
