/**
 * Where packages are installed: `packages-install-path` of the project file, else dbt's
 * `dbt_packages`, so that tools written for dbt find them where they expect.
 */
import path from 'node:path';
import { interpolateEnvVars, type Environment } from '../config/env-var.js';
import type { ProjectConfig } from '../config/types.js';
import { loadYamlFile } from '../config/yaml-file.js';
import { isYamlMap, requireString } from '../config/yaml-shape.js';

/** dbt's default install folder. */
export const DEFAULT_PACKAGES_INSTALL_PATH = 'dbt_packages';

const KEY = 'packages-install-path';

/** The absolute install folder of `project`; one that holds the project itself is refused at its line. */
export function packagesInstallPath(project: ProjectConfig, env?: Environment): string {
  const yaml = loadYamlFile(path.join(project.rootDir, project.file), project.rootDir);
  const raw = isYamlMap(yaml.value) ? yaml.value[KEY] : undefined;
  if (raw === undefined || raw === null) return path.join(project.rootDir, DEFAULT_PACKAGES_INSTALL_PATH);
  const folder = requireString(yaml, [KEY], interpolateEnvVars(raw, yaml, env, [KEY]));
  const absolute = path.resolve(project.rootDir, folder);
  const fromInstallToRoot = path.relative(absolute, project.rootDir);
  // `strata deps` empties this folder first: it must never be the project or hold it
  if (!fromInstallToRoot.startsWith('..') && !path.isAbsolute(fromInstallToRoot)) {
    throw yaml.error(
      [KEY],
      `"${KEY}: ${folder}" is the project folder or holds it; strata deps replaces that folder's contents`,
      `Name a folder of its own, e.g. "${KEY}: ${DEFAULT_PACKAGES_INSTALL_PATH}".`,
    );
  }
  return absolute;
}
