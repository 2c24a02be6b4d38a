/**
 * Whether every package packages.yml / dependencies.yml lists is installed in dbt_packages/.
 * Only what this check needs is read here (the entries and the names they install under);
 * the files themselves are validated and installed by `strata deps`.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadProject } from '../../config/project.js';
import type { ProjectConfig } from '../../config/types.js';
import { loadYamlFile } from '../../config/yaml-file.js';
import { isYamlMap } from '../../config/yaml-shape.js';
import { StrataError } from '../../errors/strata-error.js';
import { PACKAGES_FOLDER } from './installed-packages.js';

/** dbt's two files listing a project's packages. */
const PACKAGE_FILES = ['packages.yml', 'dependencies.yml'];

/** One entry of a packages file, with the names its package may be installed under. */
interface DeclaredPackage {
  /** how the entry reads, e.g. `package: dbt-labs/dbt_utils` */
  label: string;
  names: string[];
  file: string;
  line: number;
}

/**
 * Fail when a listed package is not installed: its name, where it is listed, and `strata deps`.
 * `installed` are the names (from dbt_project.yml) and folders of dbt_packages/.
 */
export function checkDeclaredPackagesInstalled(root: ProjectConfig, installed: ReadonlySet<string>): void {
  for (const declared of declaredPackages(root)) {
    if (declared.names.some((name) => installed.has(name))) continue;
    throw new StrataError(
      `The package ${declared.names[0]} (${declared.label}) is listed in ${declared.file} ` +
        `but not installed in ${PACKAGES_FOLDER}/`,
      {
        location: { file: declared.file, line: declared.line },
        hint: 'Run strata deps to install the packages, then run this command again.',
      },
    );
  }
}

function declaredPackages(root: ProjectConfig): DeclaredPackage[] {
  return PACKAGE_FILES.filter((file) => existsSync(join(root.rootDir, file))).flatMap((file) => {
    const yaml = loadYamlFile(join(root.rootDir, file), root.rootDir);
    const entries = isYamlMap(yaml.value) && Array.isArray(yaml.value.packages) ? yaml.value.packages : [];
    return entries.flatMap((entry, index) => {
      if (!isYamlMap(entry)) return [];
      const names = installNames(root, entry);
      if (names.length === 0) return [];
      const [key] = ['package', 'git', 'local', 'tarball', 'private'].filter((each) => entry[each] !== undefined);
      return [
        { label: `${key}: ${String(entry[key!])}`, names, file: yaml.file, line: yaml.lineOf(['packages', index]) },
      ];
    });
  });
}

/**
 * The names an entry's package may be installed under: its project name when it can be known
 * (a `local:` folder's dbt_project.yml, a tarball's `name:`), and the folder names dbt uses.
 */
function installNames(root: ProjectConfig, entry: Record<string, unknown>): string[] {
  const names: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && name !== '') names.push(name, name.replace(/-/g, '_'));
  };
  if (typeof entry.package === 'string') add(entry.package.split('/').pop());
  if (typeof entry.private === 'string') add(entry.private.split('/').pop());
  if (typeof entry.tarball === 'string') add(entry.name);
  if (typeof entry.git === 'string') {
    add(typeof entry.subdirectory === 'string' ? basename(entry.subdirectory) : undefined);
    add(basename(entry.git).replace(/\.git$/, ''));
  }
  if (typeof entry.local === 'string') {
    const dir = resolve(root.rootDir, entry.local);
    add(basename(dir));
    try {
      add(loadProject(dir).name);
    } catch {
      // an unreadable local package is reported by strata deps; the folder name is enough here
    }
  }
  return [...new Set(names)];
}
