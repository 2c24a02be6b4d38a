/**
 * The project file: Strata's project.yml, or dbt's dbt_project.yml when there is no
 * project.yml. Its name, profile, folders, vars and folder config trees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../errors/strata-error.js';
import type { ProjectConfig } from './types.js';
import { DBT_PROJECT_KEYS_WITHOUT_EFFECT, dbtProjectKeyWarnings } from './dbt-project-keys.js';
import { readDispatchConfig } from './dispatch-config.js';
import { readRunHooks } from './run-hooks-config.js';
import { renderProjectFile, type ProjectJinjaOptions } from './jinja/render-project-file.js';
import { checkLakeRoot } from './lake-root.js';
import { readPackagesInstallPath } from './packages-install-path.js';
import { checkRequiredDbtVersion } from './require-dbt-version.js';
import { loadYamlFile } from './yaml-file.js';
import type { YamlFile } from './yaml-file.js';
import { checkKeys, expectMap, optionalField, optionalString, requireString, stringList } from './yaml-shape.js';
import type { YamlMap } from './yaml-shape.js';

/** Strata's project file's name, at the project root; it wins when both files exist. */
export const PROJECT_FILE = 'project.yml';
/** dbt's project file, read when there is no project.yml. */
export const DBT_PROJECT_FILE = 'dbt_project.yml';

/**
 * Folder settings: canonical (dbt's dashed) key, other spellings (snake_case, and dbt's
 * deprecated names it still reads), and the default (dbt's tests folder differs from ours).
 */
const PATH_KEYS = [
  { key: 'model-paths', aliases: ['model_paths', 'source-paths'], field: 'modelPaths', default: ['models'] },
  { key: 'seed-paths', aliases: ['seed_paths', 'data-paths'], field: 'seedPaths', default: ['seeds'] },
  { key: 'test-paths', aliases: ['test_paths'], field: 'testPaths', default: ['data-tests'], dbtDefault: ['tests'] },
  { key: 'macro-paths', aliases: ['macro_paths'], field: 'macroPaths', default: ['macros'] },
  { key: 'analysis-paths', aliases: ['analysis_paths'], field: 'analysisPaths', default: ['analyses'] },
  { key: 'snapshot-paths', aliases: ['snapshot_paths'], field: 'snapshotPaths', default: ['snapshots'] },
] as const;

const LISTED_KEYS = [
  'name',
  'version',
  'profile',
  'config-version',
  'require-dbt-version',
  ...PATH_KEYS.map((entry) => entry.key),
  'target-path',
  'docs-paths',
  'lake-path',
  'packages-install-path',
  // read by `strata clean` (src/config/clean-targets.ts)
  'clean-targets',
  'vars',
  'models',
  'seeds',
  'snapshots',
  'unit_tests',
  'sources',
  'exposures',
  'data_tests',
  'dispatch',
  'on-run-start',
  'on-run-end',
  ...DBT_PROJECT_KEYS_WITHOUT_EFFECT,
];
// Accepted but not advertised: other spellings, and dbt's pre-1.8 `tests:` block.
const ALLOWED_KEYS = [
  ...LISTED_KEYS,
  ...PATH_KEYS.flatMap((entry) => entry.aliases),
  'target_path',
  'docs_paths',
  'lake_path',
  'data-tests',
  'tests',
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Read and validate the project file of `projectRoot` (project.yml, else dbt_project.yml).
 * Its Jinja is rendered as dbt renders it (jinja/render-project-file.ts) with `options`:
 * `env_var()` reads `env` (default process.env), `var()` only `--vars` (as dbt's does),
 * `target` the profile's target. dbt keys without an effect come back as `warnings`; an
 * unknown key or an unmet `require-dbt-version` is a StrataError at its line.
 */
export function loadProject(
  projectRoot: string,
  options: ProjectJinjaOptions & {
    /** messages name files relative to this folder (default the project's) */
    displayRoot?: string;
  } = {},
): ProjectConfig {
  const rootDir = path.resolve(projectRoot);
  const file = [PROJECT_FILE, DBT_PROJECT_FILE].find((name) => fs.existsSync(path.join(rootDir, name)));
  if (file === undefined) throw missingProjectFile(rootDir);

  const yaml = loadYamlFile(path.join(rootDir, file), options.displayRoot ?? rootDir);
  const rendered = renderProjectFile(yaml, options);
  const raw = expectMap(yaml, [], rendered.value);
  checkKeys(yaml, [], raw, ALLOWED_KEYS, file, LISTED_KEYS);

  const name = requireString(yaml, ['name'], raw.name, 'Add a line such as "name: my_project".');
  if (!IDENTIFIER.test(name)) {
    throw yaml.error(
      ['name'],
      `Project name "${name}" is not a valid identifier`,
      'Use letters, digits and underscores, starting with a letter, e.g. "name: shop_analytics".',
    );
  }
  checkRequiredDbtVersion(yaml, raw['require-dbt-version']);
  const paths = Object.fromEntries(
    PATH_KEYS.map((entry) => {
      const fallback = file === DBT_PROJECT_FILE && 'dbtDefault' in entry ? entry.dbtDefault : entry.default;
      return [entry.field, readPaths(yaml, raw, entry.key, entry.aliases, fallback)];
    }),
  ) as Record<(typeof PATH_KEYS)[number]['field'], string[]>;
  const targetPath = readPaths(yaml, raw, 'target-path', ['target_path'], ['target']);
  if (targetPath.length !== 1) throw yaml.error(['target-path'], '"target-path" must be a single folder');
  // unset: docs blocks are looked for under the model paths
  const docsPaths = ['docs-paths', 'docs_paths'].some((key) => raw[key] !== undefined)
    ? readPaths(yaml, raw, 'docs-paths', ['docs_paths'], [])
    : undefined;
  const projectFolders = [...Object.values(paths).flat(), ...targetPath];
  const lakePath = readLakePath(yaml, raw, rootDir, projectFolders);
  const packagesInstallPath = readPackagesInstallPath(yaml, raw, rootDir, [...projectFolders, lakePath]);

  return {
    name,
    version: optionalString(yaml, ['version'], raw.version) ?? '1.0.0',
    profile: optionalString(yaml, ['profile'], raw.profile) ?? name,
    rootDir,
    file,
    ...paths,
    targetPath: targetPath[0] ?? 'target',
    ...(docsPaths === undefined ? {} : { docsPaths }),
    lakePath,
    packagesInstallPath,
    vars: expectMap(yaml, ['vars'], raw.vars),
    models: expectMap(yaml, ['models'], raw.models),
    seeds: expectMap(yaml, ['seeds'], raw.seeds),
    snapshots: expectMap(yaml, ['snapshots'], raw.snapshots),
    ...optionalField(
      'unitTests',
      raw.unit_tests === undefined ? undefined : expectMap(yaml, ['unit_tests'], raw.unit_tests),
    ),
    ...optionalField('sources', raw.sources === undefined ? undefined : expectMap(yaml, ['sources'], raw.sources)),
    ...optionalField(
      'exposures',
      raw.exposures === undefined ? undefined : expectMap(yaml, ['exposures'], raw.exposures),
    ),
    dataTests: readDataTests(yaml, raw),
    ...readRunHooks(yaml, raw),
    ...optionalField('dispatch', raw.dispatch === undefined ? undefined : readDispatchConfig(yaml, raw.dispatch)),
    // `data_tests:` may be spelled `tests:` or `data-tests:`; locate the spelling written
    at: (keyPath) => yaml.at(keyPath[0] === 'data_tests' ? [dataTestsKey(raw), ...keyPath.slice(1)] : keyPath),
    warnings: [...rendered.warnings, ...dbtProjectKeyWarnings(yaml, raw)],
  };
}

function missingProjectFile(rootDir: string): StrataError {
  return new StrataError(`No ${PROJECT_FILE} or ${DBT_PROJECT_FILE} found in ${rootDir}`, {
    location: { file: PROJECT_FILE },
    hint:
      'Run Strata from the project folder, ' +
      `or pass --project-dir <folder holding ${PROJECT_FILE} or ${DBT_PROJECT_FILE}>.`,
  });
}

/** A folder list written in one spelling (`key` or an alias), normalized (`./models/` -> `models`). */
function readPaths(
  yaml: YamlFile,
  raw: YamlMap,
  key: string,
  aliases: readonly string[],
  fallback: readonly string[],
): string[] {
  const spellings = [key, ...aliases].filter((spelling) => raw[spelling] !== undefined);
  if (spellings.length > 1) {
    throw yaml.error([spellings[1]!], `Both "${spellings[0]}" and "${spellings[1]}" are set`, `Keep only "${key}".`);
  }
  const written = spellings[0] ?? key;
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
  const folders = readPaths(yaml, raw, 'lake-path', ['lake_path'], ['lake']);
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
