/**
 * Whether every package packages.yml / dependencies.yml lists is installed in the project's
 * install folder. The file is read as `strata deps` reads it (deps/packages-file.ts); only the
 * names each entry's package may be installed under are worked out here.
 */
import { basename } from 'node:path';
import { loadProject } from '../../config/project.js';
import type { ProjectConfig } from '../../config/types.js';
import { loadPackagesFile } from '../../deps/packages-file.js';
import type { PackageSpec } from '../../deps/package-spec.js';
import { StrataError } from '../../errors/strata-error.js';

/**
 * Fail when a listed package is not installed: its name, where it is listed, and `strata deps`.
 * `installed` are the names (from dbt_project.yml) and folders of the install folder.
 */
export function checkDeclaredPackagesInstalled(root: ProjectConfig, installed: ReadonlySet<string>): void {
  const declared = loadPackagesFile(root.rootDir);
  for (const spec of declared.specs) {
    const names = installNames(spec);
    if (names.some((name) => installed.has(name))) continue;
    throw new StrataError(
      `The package ${names[0]} (${label(spec)}) is listed in ${declared.file} ` +
        `but not installed in ${root.packagesInstallPath}/`,
      { location: spec.at, hint: 'Run strata deps to install the packages, then run this command again.' },
    );
  }
}

/** How the entry reads, e.g. `package: dbt-labs/dbt_utils`. */
function label(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return `package: ${spec.name}`;
    case 'git':
      return `git: ${spec.url}`;
    case 'local':
      return `local: ${spec.path}`;
    case 'tarball':
      return `tarball: ${spec.url}`;
  }
}

/**
 * The names an entry's package may be installed under: its project name when it can be known
 * (a `local:` folder's dbt_project.yml, a tarball's `name:`), and the folder names dbt uses.
 */
function installNames(spec: PackageSpec): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name !== undefined && name !== '') names.push(name, name.replace(/-/g, '_'));
  };
  switch (spec.kind) {
    case 'hub':
      add(spec.name.split('/').pop());
      break;
    case 'tarball':
      add(spec.name);
      break;
    case 'git':
      add(spec.subdirectory === undefined ? undefined : basename(spec.subdirectory));
      add(basename(spec.url).replace(/\.git$/, ''));
      break;
    case 'local':
      // dbt installs a local package under its project name
      try {
        add(loadProject(spec.absPath).name);
      } catch {
        // an unreadable local package is reported by strata deps; the folder name is enough here
      }
      add(basename(spec.absPath));
  }
  return [...new Set(names)];
}
