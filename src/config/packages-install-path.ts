/**
 * Where packages are installed: `packages-install-path` of the project file, else dbt's
 * `dbt_packages`, so that tools written for dbt find them where they expect. `strata deps`
 * empties this folder before it installs, and every command reads the packages from it.
 */
import path from 'node:path';
import type { ProjectConfig } from './types.js';
import { localLocationKey, overlaps } from './location-keys.js';
import type { YamlFile } from './yaml-file.js';
import { requireString, type YamlMap } from './yaml-shape.js';

/** dbt's default install folder. */
export const DEFAULT_PACKAGES_INSTALL_PATH = 'dbt_packages';

const KEY = 'packages-install-path';

/**
 * `packages-install-path` as written (`./vendor/` -> `vendor`), or the default. A folder that
 * is the project or holds it, or one of the project's own folders (`projectFolders`,
 * project-relative), is refused at its line: `strata deps` would empty it.
 */
export function readPackagesInstallPath(
  yaml: YamlFile,
  raw: YamlMap,
  rootDir: string,
  projectFolders: readonly string[],
): string {
  const written = raw[KEY];
  if (written === undefined || written === null) return DEFAULT_PACKAGES_INSTALL_PATH;
  const folder = requireString(yaml, [KEY], written).trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const normalized = folder.replace(/^\.\//, '') || '.';
  const install = localLocationKey(path.resolve(rootDir, normalized));
  const problem = localLocationKey(rootDir).startsWith(install)
    ? 'is the project folder or holds it'
    : projectFolders
        .filter((each) => overlaps(install, localLocationKey(path.resolve(rootDir, each))))
        .map((each) => `overlaps the project folder ${each}/`)[0];
  if (problem !== undefined) {
    throw yaml.error(
      [KEY],
      `"${KEY}: ${written}" ${problem}; strata deps replaces that folder's contents`,
      `Name a folder of its own, e.g. "${KEY}: ${DEFAULT_PACKAGES_INSTALL_PATH}".`,
    );
  }
  return normalized;
}

/** The absolute folder the packages of `project` are installed in. */
export function packagesInstallDir(project: Pick<ProjectConfig, 'rootDir' | 'packagesInstallPath'>): string {
  return path.resolve(project.rootDir, project.packagesInstallPath);
}
