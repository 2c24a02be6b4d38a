/**
 * packages.yml and dependencies.yml, dbt's two homes for a project's packages (dbt reads
 * one of them; dependencies.yml may also hold `projects:`, dbt Cloud's cross-project refs).
 * `env_var()` is rendered as dbt renders it there: secret variables (`DBT_ENV_SECRET_*`) are
 * allowed, for git tokens, and the entry as written is what package-lock.yml keeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { interpolateEnvVars, type Environment } from '../config/env-var.js';
import { loadYamlFile } from '../config/yaml-file.js';
import type { YamlFile } from '../config/yaml-file.js';
import { checkKeys, expectList, expectMap, isYamlMap, type YamlMap } from '../config/yaml-shape.js';
import { formatLocation } from '../errors/strata-error.js';
import { readPackageEntry, type PackageSpec } from './package-spec.js';

/** The files a project may list its packages in, in the order dbt looks for them. */
export const PACKAGES_FILES = ['packages.yml', 'dependencies.yml'] as const;

/** The packages one project asks for. */
export interface PackagesFile {
  /** the file read (project-relative for messages); undefined when the project has none */
  file?: string;
  specs: PackageSpec[];
  /** every entry with `env_var()` rendered, for package-lock.yml's `sha1_hash` */
  entries: YamlMap[];
  /** one per key Strata does not act on, with its line */
  warnings: string[];
}

const TOP_KEYS: Record<(typeof PACKAGES_FILES)[number], { acted: string[]; dbtOnly: string[] }> = {
  'packages.yml': { acted: ['packages'], dbtOnly: [] },
  'dependencies.yml': { acted: ['packages'], dbtOnly: ['projects'] },
};

/**
 * Read the packages file of the project (or package) in `dir`. `displayRoot` is the folder
 * file names in messages are relative to; `ownerPackage` names the package whose file it is.
 */
export function loadPackagesFile(
  dir: string,
  options: { displayRoot?: string; ownerPackage?: string; env?: Environment } = {},
): PackagesFile {
  const found = PACKAGES_FILES.map((name) => ({ name, yaml: readIfExists(dir, name, options.displayRoot ?? dir) }));
  const withPackages = found.filter((entry) => entry.yaml !== undefined && hasPackages(entry.yaml));
  if (withPackages.length > 1) {
    const second = withPackages[1]!.yaml!;
    throw second.error(
      ['packages'],
      `Both packages.yml and ${second.file} list packages`,
      'dbt reads one of them: keep the packages in one file (dependencies.yml may keep its "projects:").',
    );
  }
  const chosen = withPackages[0] ?? found.find((entry) => entry.yaml !== undefined);
  if (chosen?.yaml === undefined) return { specs: [], entries: [], warnings: [] };
  return readPackages(chosen.yaml, TOP_KEYS[chosen.name], dir, options);
}

function readIfExists(dir: string, name: string, displayRoot: string): YamlFile | undefined {
  const absPath = path.join(dir, name);
  return fs.existsSync(absPath) ? loadYamlFile(absPath, displayRoot) : undefined;
}

function hasPackages(yaml: YamlFile): boolean {
  const value = yaml.value as Record<string, unknown> | null;
  return typeof value === 'object' && value !== null && value.packages !== undefined;
}

function readPackages(
  yaml: YamlFile,
  keys: { acted: string[]; dbtOnly: string[] },
  dir: string,
  options: { ownerPackage?: string; env?: Environment },
): PackagesFile {
  const written = expectMap(yaml, [], yaml.value);
  checkKeys(yaml, [], written, [...keys.acted, ...keys.dbtOnly], yaml.file);
  const warnings = keys.dbtOnly
    .filter((key) => written[key] !== undefined)
    .map(
      (key) =>
        `${formatLocation(yaml.at([key]))}: "${key}" in ${yaml.file} is a dbt setting Strata does not act on yet; ` +
        'it has no effect.',
    );
  const writtenItems = expectList(yaml, ['packages'], written.packages);
  const specs: PackageSpec[] = [];
  const entries: YamlMap[] = [];
  writtenItems.forEach((item, index) => {
    const itemPath = ['packages', index];
    const rendered = interpolateEnvVars(item, yaml, options.env, itemPath, 'packages');
    if (isYamlMap(rendered)) entries.push(rendered);
    const context = { yaml, path: itemPath, baseDir: dir, ownerPackage: options.ownerPackage };
    const spec = readPackageEntry(context, rendered, item, warnings);
    if (spec) specs.push(spec);
  });
  return { file: yaml.file, specs, entries, warnings };
}
