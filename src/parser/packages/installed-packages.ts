/**
 * The packages installed in `dbt_packages/` (dbt's folder, which `strata deps` fills): each
 * folder holds a dbt project whose dbt_project.yml names the package. A `local:` package is
 * installed as a symbolic link to its folder, so links are followed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DBT_PROJECT_FILE, loadProject, PROJECT_FILE } from '../../config/project.js';
import type { ProjectConfig } from '../../config/types.js';
import { StrataError } from '../../errors/strata-error.js';
import { BUILTIN_PACKAGE } from '../../templating/macro-namespaces.js';
import { packagesInstallPath } from '../../deps/install-path.js';
import { analysisPaths } from '../project-files.js';

/** dbt's install folder of packages, below the project root. */
export const PACKAGES_FOLDER = 'dbt_packages';

/** A root-relative path below an installed package (`dbt_packages/x/models/m.sql`) made relative to the package. */
export function packageRelativePath(file: string): string {
  return file.startsWith(`${PACKAGES_FOLDER}/`) ? file.split('/').slice(2).join('/') : file;
}

/** An installed package: its project, with folders relative to the root project (`dbt_packages/x/models`). */
export interface InstalledPackage {
  /** the folder below dbt_packages/ */
  folder: string;
  project: ProjectConfig;
}

/** Every package installed below `rootDir`, by folder name; none when there is no dbt_packages/. */
export function installedPackages(root: ProjectConfig): InstalledPackage[] {
  rejectBuiltinName(root);
  const installDir = join(root.rootDir, PACKAGES_FOLDER);
  rejectOtherInstallPath(root, installDir);
  if (!existsSync(installDir)) return [];
  const folders = readdirSync(installDir)
    .filter((name) => !name.startsWith('.') && isFolder(join(installDir, name)))
    .sort();
  const packages = folders.map((folder) => ({ folder, project: loadPackageProject(root, folder) }));
  rejectDuplicateNames(root, packages);
  return packages;
}

/**
 * `strata deps` installs where `packages-install-path` says, but the parser reads packages
 * from dbt's folder only: a project naming another folder is told so, not that its packages
 * are missing.
 */
function rejectOtherInstallPath(root: ProjectConfig, installDir: string): void {
  if (packagesInstallPath(root) === installDir) return;
  throw new StrataError(`packages-install-path other than ${PACKAGES_FOLDER} is not supported when parsing yet`, {
    location: root.at?.(['packages-install-path']) ?? { file: root.file },
    hint: `Remove packages-install-path (packages then install into ${PACKAGES_FOLDER}/) and run strata deps again.`,
  });
}

/** A folder, or a link to one (a `local:` package). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link is no package; the check against packages.yml names it
  }
}

/** The package's dbt_project.yml, its folders rebased below the root project so files are named from there. */
function loadPackageProject(root: ProjectConfig, folder: string): ProjectConfig {
  const relative = `${PACKAGES_FOLDER}/${folder}`;
  const dir = join(root.rootDir, relative);
  if (![DBT_PROJECT_FILE, PROJECT_FILE].some((file) => existsSync(join(dir, file)))) {
    throw new StrataError(`${relative} holds no ${DBT_PROJECT_FILE}, so it is not a dbt package`, {
      location: { file: relative },
      hint: `Reinstall the packages with strata deps, or remove the folder ${relative}.`,
    });
  }
  const project = loadProject(dir, { displayRoot: root.rootDir });
  const rebase = (folders: readonly string[]) => folders.map((each) => `${relative}/${each}`);
  return {
    ...project,
    rootDir: root.rootDir,
    file: `${relative}/${project.file}`,
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
        hint: 'Each package needs its own name: remove the duplicate folder from dbt_packages/, or rename a project.',
      });
    }
    owners.set(project.name, project.file);
  }
}
