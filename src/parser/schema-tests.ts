/**
 * Test declarations in schema YAML, under `tests:` or `data_tests:` of a model, seed,
 * column or source table:
 *
 *   data_tests:
 *     - not_null
 *     - relationships: { to: "ref('dim_users')", field: user_id, severity: warn }
 *     - accepted_values: { values: [a, b], config: { where: "dt > '2024-01-01'" } }
 */
import type { RawConfig } from '../config/types.js';
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { describeType, expectList, isYamlMap, optionalString, requireString } from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import type { TestDeclaration } from './schema-types.js';

/** Keys of a test's map that configure the test rather than being its arguments. */
const TEST_CONFIG_KEYS = [
  'severity',
  'warn_if',
  'error_if',
  'where',
  'store_failures',
  'store_failures_as',
  'tags',
  'enabled',
  'name',
  'limit',
  'fail_calc',
  'meta',
  'alias',
  'schema',
  'database',
];

// as the compiler reads `to:` (see resolveRelationText in compile/compiler.ts)
const REF_CALL = /ref\(\s*['"][^'"]+['"]\s*\)/;
const SOURCE_CALL = /source\(\s*['"][^'"]+['"]\s*,\s*['"][^'"]+['"]\s*\)/;

const SHAPE_HINT =
  'Write a test as a name ("- not_null") or as a map with the test name as its one key and its ' +
  "arguments indented below it:\n    - relationships:\n        to: ref('dim_users')\n        field: user_id";

/** The tests of `owner` (its `tests:` or `data_tests:` list); `ownerPath` locates `owner`. */
export function parseTests(yaml: YamlFile, ownerPath: YamlPath, owner: YamlMap): TestDeclaration[] {
  if (owner.tests !== undefined && owner.data_tests !== undefined) {
    const hint = 'Move every test under "data_tests".';
    throw yaml.error([...ownerPath, 'tests'], 'Both "tests" and "data_tests" are set', hint);
  }
  const key = owner.data_tests !== undefined ? 'data_tests' : 'tests';
  const path = [...ownerPath, key];
  return expectList(yaml, path, owner[key], SHAPE_HINT).map((entry, index) => parseTest(yaml, [...path, index], entry));
}

function parseTest(yaml: YamlFile, path: YamlPath, entry: unknown): TestDeclaration {
  const line = yaml.lineOf(path);
  if (typeof entry === 'string') {
    const name = requireString(yaml, path, entry, SHAPE_HINT).trim();
    return { name, kwargs: {}, config: {}, line };
  }
  if (!isYamlMap(entry)) {
    throw yaml.error(path, `A test must be a name or a map, got ${describeType(entry)}`, SHAPE_HINT);
  }

  // dbt's alternative form: `- test_name: unique` with the arguments beside it.
  if (entry.test_name !== undefined) {
    const name = requireString(yaml, [...path, 'test_name'], entry.test_name).trim();
    const { test_name: _ignored, ...args } = entry;
    checkRelationshipsTo(yaml, path, name, args);
    return { name, ...splitArguments(yaml, path, args), line };
  }
  const keys = Object.keys(entry);
  const name = keys[0];
  if (keys.length !== 1 || name === undefined) {
    const found = keys.map((key) => `"${key}"`).join(', ');
    const message =
      keys.length === 0
        ? 'Empty test declaration'
        : `A test map must have exactly one key, the test name; found ${found}`;
    throw yaml.error(path, message, SHAPE_HINT);
  }
  const args = entry[name];
  if (args !== null && args !== undefined && !isYamlMap(args)) {
    throw yaml.error(path, `The arguments of test "${name}" must be a map, got ${describeType(args)}`, SHAPE_HINT);
  }
  checkRelationshipsTo(yaml, [...path, name], name, args ?? {});
  return { name, ...splitArguments(yaml, [...path, name], args ?? {}), line };
}

/**
 * `to:` of a relationships test names the parent as `ref('model')` or `source('src', 'table')`;
 * a bare name (`to: dim_users`) is a common slip, caught here where its line is known.
 * A missing or non-string `to` is left to the test's own argument check.
 */
function checkRelationshipsTo(yaml: YamlFile, argsPath: YamlPath, name: string, args: YamlMap): void {
  if (name !== 'relationships') return;
  const nested = isYamlMap(args.arguments) && args.arguments.to !== undefined;
  const to = nested ? (args.arguments as YamlMap).to : args.to;
  if (typeof to !== 'string' || REF_CALL.test(to) || SOURCE_CALL.test(to)) return;
  const bare = to.trim();
  const parts = bare.split('.');
  const fix = /^\w+$/.test(bare)
    ? `Write it as to: ref('${bare}') for a model or seed named ${bare}.`
    : parts.length === 2 && parts.every((part) => /^\w+$/.test(part))
      ? `Write it as to: source('${parts[0]}', '${parts[1]}') for a source table.`
      : "Write it as to: ref('model_name') or to: source('source_name', 'table_name').";
  throw yaml.error(
    [...argsPath, ...(nested ? ['arguments'] : []), 'to'],
    `"to" of the relationships test must be a ref() or source() call, got "${to}"`,
    fix,
  );
}

/** Config-like keys (and a nested `config:` map) go to config; `arguments:` and the rest to kwargs. */
function splitArguments(
  yaml: YamlFile,
  path: YamlPath,
  args: YamlMap,
): { kwargs: Record<string, unknown>; config: RawConfig; description?: string } {
  const kwargs: Record<string, unknown> = {};
  const config: RawConfig = {};
  let description: string | undefined;
  for (const [key, value] of Object.entries(args)) {
    if (key === 'description') {
      // documents the test (dbt >= 1.9); neither an argument nor a config
      description = optionalString(yaml, [...path, key], value);
    } else if (key === 'config' || key === 'arguments') {
      if (value === null || value === undefined) continue;
      if (!isYamlMap(value)) {
        throw yaml.error([...path, key], `"${key}" of a test must be a map, got ${describeType(value)}`);
      }
      Object.assign(key === 'config' ? config : kwargs, value);
    } else if (TEST_CONFIG_KEYS.includes(key)) {
      // A nested `config:` is the explicit place, so it wins over a sibling key.
      if (!(key in config)) config[key] = value;
    } else {
      kwargs[key] = value;
    }
  }
  return { kwargs, config, ...(description === undefined ? {} : { description }) };
}
