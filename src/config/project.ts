/**
 * project.yml: the project's name, profile, folders, vars and folder config trees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../errors/strata-error.js';
import type { ProjectConfig } from './types.js';
import { interpolateEnvVars } from './env-var.js';
import type { Environment } from './env-var.js';
import { checkLakeRoot } from './lake-root.js';
import { loadYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import { checkKeys, expectMap, optionalString, requireString, stringList } from './yaml-shape.js';
import type { YamlMap } from './yaml-shape.js';

/** The project file's name, at the project root. */
export const PROJECT_FILE = 'project.yml';

/** Folder settings: canonical (dbt's dashed) key, the snake_case alias, and the default. */
const PATH_KEYS = [
  { key: 'model-paths', alias: 'model_paths', field: 'modelPaths', default: ['models'] },
  { key: 'seed-paths', alias: 'seed_paths', field: 'seedPaths', default: ['seeds'] },
  { key: 'test-paths', alias: 'test_paths', field: 'testPaths', default: ['data-tests'] },
  { key: 'macro-paths', alias: 'macro_paths', field: 'macroPaths', default: ['macros'] },
] as const;

const LISTED_KEYS = [
  'name',
  'version',
  'profile',
  'config-version',
  ...PATH_KEYS.map((entry) => entry.key),
  'target-path',
  'lake-path',
  'vars',
  'models',
  'seeds',
  'data_tests',
];
// Accepted but not advertised: snake_case spellings, and dbt's pre-1.8 `tests:` block.
const ALLOWED_KEYS = [
  ...LISTED_KEYS,
  ...PATH_KEYS.map((entry) => entry.alias),
  'target_path',
  'lake_path',
  'data-tests',
  'tests',
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Read and validate `<projectRoot>/project.yml`. `env` feeds `env_var()` (default process.env). */
export function loadProject(projectRoot: string, options: { env?: Environment } = {}): ProjectConfig {
  const rootDir = path.resolve(projectRoot);
  const absPath = path.join(rootDir, PROJECT_FILE);
  if (!fs.existsSync(absPath)) throw missingProjectFile(rootDir);

  const yaml = loadYamlFile(absPath, rootDir);
  const raw = expectMap(yaml, [], interpolateEnvVars(yaml.value, yaml, options.env));
  checkKeys(yaml, [], raw, ALLOWED_KEYS, PROJECT_FILE, LISTED_KEYS);

  const name = requireString(yaml, ['name'], raw.name, 'Add a line such as "name: my_project".');
  if (!IDENTIFIER.test(name)) {
    throw yaml.error(
      ['name'],
      `Project name "${name}" is not a valid identifier`,
      'Use letters, digits and underscores, starting with a letter, e.g. "name: shop_analytics".',
    );
  }
  const paths = Object.fromEntries(
    PATH_KEYS.map((entry) => [entry.field, readPaths(yaml, raw, entry.key, entry.alias, entry.default)]),
  ) as Record<(typeof PATH_KEYS)[number]['field'], string[]>;
  const targetPath = readPaths(yaml, raw, 'target-path', 'target_path', ['target']);
  if (targetPath.length !== 1) throw yaml.error(['target-path'], '"target-path" must be a single folder');
  const lakePath = readLakePath(yaml, raw, rootDir, [...Object.values(paths).flat(), ...targetPath]);

  return {
    name,
    version: optionalString(yaml, ['version'], raw.version) ?? '1.0.0',
    profile: optionalString(yaml, ['profile'], raw.profile) ?? name,
    rootDir,
    file: PROJECT_FILE,
    ...paths,
    targetPath: targetPath[0] ?? 'target',
    lakePath,
    vars: expectMap(yaml, ['vars'], raw.vars),
    models: expectMap(yaml, ['models'], raw.models),
    seeds: expectMap(yaml, ['seeds'], raw.seeds),
    dataTests: readDataTests(yaml, raw),
    // `data_tests:` may be spelled `tests:` or `data-tests:`; locate the spelling written
    at: (keyPath) => yaml.at(keyPath[0] === 'data_tests' ? [dataTestsKey(raw), ...keyPath.slice(1)] : keyPath),
  };
}

function missingProjectFile(rootDir: string): StrataError {
  const hasDbtFile = fs.existsSync(path.join(rootDir, 'dbt_project.yml'));
  return new StrataError(`No ${PROJECT_FILE} found in ${rootDir}`, {
    location: { file: PROJECT_FILE },
    hint: hasDbtFile
      ? `Strata reads ${PROJECT_FILE}: copy or rename dbt_project.yml to ${PROJECT_FILE}.`
      : `Run Strata from the project folder, or pass --project-dir <folder holding ${PROJECT_FILE}>.`,
  });
}

/** A folder list written as `key` or `alias` (not both), normalized (`./models/` -> `models`). */
function readPaths(yaml: YamlFile, raw: YamlMap, key: string, alias: string, fallback: readonly string[]): string[] {
  if (raw[key] !== undefined && raw[alias] !== undefined) {
    throw yaml.error([alias], `Both "${key}" and "${alias}" are set`, `Keep only "${key}".`);
  }
  const written = raw[key] !== undefined ? key : alias;
  const folders = stringList(yaml, [written], raw[written]);
  if (raw[written] === undefined || raw[written] === null) return [...fallback];
  return folders.map((folder, index) => {
    const normalized = folder.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (normalized === '' || normalized === '.') {
      throw yaml.error([written, index], `"${written}" entries must name a folder below the project root`);
    }
    return normalized;
  });
}

/** `lake-path`: one folder, apart from the project's own folders (see `checkLakeRoot`). */
function readLakePath(yaml: YamlFile, raw: YamlMap, rootDir: string, projectFolders: string[]): string {
  const folders = readPaths(yaml, raw, 'lake-path', 'lake_path', ['lake']);
  const written = raw['lake-path'] !== undefined ? 'lake-path' : 'lake_path';
  if (folders.length !== 1) throw yaml.error([written], '"lake-path" must be a single folder');
  const problem = checkLakeRoot(rootDir, folders[0]!, projectFolders);
  if (problem)
    throw yaml.error(
      [written],
      `"lake-path: ${folders[0]}" ${problem}`,
      'Point it at the folder the lake tables and the ingester write into, e.g. "lake-path: lake".',
    );
  return folders[0]!;
}

function readDataTests(yaml: YamlFile, raw: YamlMap): YamlMap {
  const spellings = ['data_tests', 'data-tests', 'tests'].filter((key) => raw[key] !== undefined);
  if (spellings.length > 1) {
    const message = `Both "${spellings[0]}" and "${spellings[1]}" are set`;
    throw yaml.error([spellings[1] ?? 'tests'], message, 'Keep only "data_tests".');
  }
  const key = dataTestsKey(raw);
  return expectMap(yaml, [key], raw[key]);
}

function dataTestsKey(raw: YamlMap): string {
  return ['data_tests', 'data-tests', 'tests'].find((key) => raw[key] !== undefined) ?? 'data_tests';
}
