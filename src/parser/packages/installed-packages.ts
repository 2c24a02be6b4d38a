/**
 * The packages installed in the project's `packages-install-path` (dbt's `dbt_packages/` by
 * default, which `strata deps` fills): each folder holds a dbt project whose dbt_project.yml
 * names the package. A `local:` package is installed as a symbolic link to its folder, so
 * links are followed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packagesInstallDir } from '../../config/packages-install-path.js';
import { DBT_PROJECT_FILE, loadProject, PROJECT_FILE } from '../../config/project.js';
import type { ProjectConfig } from '../../config/types.js';
import { StrataError } from '../../errors/strata-error.js';
import { BUILTIN_PACKAGE } from '../../templating/macro-namespaces.js';
import { analysisPaths } from '../project-files.js';

/** An installed package: its project, with folders relative to the root project (`dbt_packages/x/models`). */
export interface InstalledPackage {
  /** the folder below the install path */
  folder: string;
  project: ProjectConfig;
}

/** Every package installed for `root`, by folder name; none when its install folder does not exist. */
export function installedPackages(root: ProjectConfig): InstalledPackage[] {
  rejectBuiltinName(root);
  const installDir = packagesInstallDir(root);
  if (!existsSync(installDir)) return [];
  const folders = readdirSync(installDir)
    .filter((name) => !name.startsWith('.') && isFolder(join(installDir, name)))
    .sort();
  const installPath = relative(root.rootDir, installDir).replace(/\\/g, '/');
  const packages = folders.map((folder) => ({ folder, project: loadPackageProject(root, `${installPath}/${folder}`) }));
  rejectDuplicateNames(root, packages);
  return packages;
}

/** A folder, or a link to one (a `local:` package). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link is no package; the check against packages.yml names it
  }
}

/**
 * The dbt_project.yml of the package in `packageRoot` (root-relative), its folders rebased
 * below the root project so files are named from there.
 */
function loadPackageProject(root: ProjectConfig, packageRoot: string): ProjectConfig {
  const dir = join(root.rootDir, packageRoot);
  if (![DBT_PROJECT_FILE, PROJECT_FILE].some((file) => existsSync(join(dir, file)))) {
    throw new StrataError(`${packageRoot} holds no ${DBT_PROJECT_FILE}, so it is not a dbt package`, {
      location: { file: packageRoot },
      hint: `Reinstall the packages with strata deps, or remove the folder ${packageRoot}.`,
    });
  }
  const project = loadProject(dir, { displayRoot: root.rootDir });
  const rebase = (folders: readonly string[]) => folders.map((each) => `${packageRoot}/${each}`);
  return {
    ...project,
    rootDir: root.rootDir,
    packageRoot,
    file: `${packageRoot}/${project.file}`,
    modelPaths: rebase(project.modelPaths),
    seedPaths: rebase(project.seedPaths),
    testPaths: rebase(project.testPaths),
    macroPaths: rebase(project.macroPaths),
    analysisPaths: rebase(analysisPaths(project)),
    // the package's own settings without effect are not the user's to change
    warnings: [],
  };
}

/** `dbt` names the namespace of the built-in macros (`dbt.date_trunc`): no project may take it. */
function rejectBuiltinName(project: ProjectConfig): void {
  if (project.name !== BUILTIN_PACKAGE) return;
  throw new StrataError(`A project cannot be named "${BUILTIN_PACKAGE}"`, {
    location: project.at?.(['name']) ?? { file: project.file },
    hint: `"${BUILTIN_PACKAGE}" is the namespace of the built-in macros (dbt.date_trunc...); choose another name.`,
  });
}

function rejectDuplicateNames(root: ProjectConfig, packages: readonly InstalledPackage[]): void {
  const owners = new Map<string, string>([[root.name, root.file]]);
  for (const { project } of packages) {
    rejectBuiltinName(project);
    const other = owners.get(project.name);
    if (other !== undefined) {
      throw new StrataError(`Two projects are named "${project.name}": ${other} and ${project.file}`, {
        location: { file: project.file },
        hint:
          `Each package needs its own name: remove the duplicate folder from ${root.packagesInstallPath}/, ` +
          'or rename a project.',
      });
    }
    owners.set(project.name, project.file);
  }
}
