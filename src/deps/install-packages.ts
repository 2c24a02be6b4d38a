/**
 * `strata deps`: the packages of packages.yml (or dependencies.yml) and those they need,
 * installed into `packages-install-path` (default dbt's `dbt_packages/`), with package-lock.yml
 * written. While the lock file's hash matches the packages asked for, the locked versions are
 * installed as they are; `upgrade` resolves again. Everything is downloaded before the install folder is replaced, so a
 * failure leaves the previous install in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Environment } from '../config/env-var.js';
import { packagesInstallDir } from '../config/packages-install-path.js';
import { loadProject } from '../config/project.js';
import { HubClient } from './hub-client.js';
import { LOCK_FILE, packagesHash, readLockFile, writeLockFile } from './lock-file.js';
import { loadPackagesFile } from './packages-file.js';
import { PackageResolver, type ResolvedPackage } from './resolver.js';
import { makeStagingDir } from './staging.js';

/** How to run `strata deps`. */
export interface InstallOptions {
  projectDir: string;
  /** resolve again even when package-lock.yml matches */
  upgrade?: boolean;
  /** write package-lock.yml only, install nothing */
  lockOnly?: boolean;
  env?: Environment;
  /** the hub to ask (default: DBT_PACKAGE_HUB_URL, else hub.getdbt.com) */
  hub?: HubClient;
  /** progress lines */
  report?: (line: string) => void;
}

/** What `strata deps` did. */
export interface InstallResult {
  /** absolute install folder */
  installPath: string;
  packages: ResolvedPackage[];
  /** whether the versions came from an up-to-date package-lock.yml */
  fromLock: boolean;
  /** the file the packages were read from, undefined when the project has none */
  packagesFile?: string;
  warnings: string[];
}

/** Resolve, download and install the project's packages; see the file comment. */
export async function installPackages(options: InstallOptions): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const report = options.report ?? (() => {});
  const project = loadProject(options.projectDir, { env });
  const installPath = packagesInstallDir(project);
  const requested = loadPackagesFile(project.rootDir, { env });
  const warnings = [...(project.warnings ?? []), ...requested.warnings];
  const result = { installPath, packagesFile: requested.file, warnings };
  if (requested.specs.length === 0) return { ...result, packages: [], fromLock: false };

  const hash = packagesHash(requested.entries);
  const lock = options.upgrade ? undefined : readLockFile(project.rootDir, env);
  const fromLock = lock !== undefined && lock.sha1Hash === hash;
  const stagingDir = makeStagingDir();
  try {
    const resolver = new PackageResolver({
      hub: options.hub ?? HubClient.fromEnvironment(env),
      projectRoot: project.rootDir,
      stagingDir,
      transitive: !fromLock,
      env,
      warnings,
    });
    const packages = await resolver.resolve(fromLock ? lock.specs : requested.specs);
    if (!fromLock) {
      writeLockFile(
        project.rootDir,
        packages.map((each) => each.lockEntry),
        hash,
      );
      report(`Wrote ${LOCK_FILE} (${packages.length} package${packages.length === 1 ? '' : 's'})`);
    }
    if (options.lockOnly) return { ...result, packages, fromLock };
    for (const each of packages) await each.prepare();
    fs.rmSync(installPath, { recursive: true, force: true });
    fs.mkdirSync(installPath, { recursive: true });
    for (const each of packages) {
      report(`Installing ${each.description}`);
      each.install(path.join(installPath, each.name));
      report(`  Installed as ${path.relative(project.rootDir, path.join(installPath, each.name))}`);
      if (each.newerRelease) report(`  Newer version available: ${each.newerRelease}`);
    }
    return { ...result, packages, fromLock };
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true });
  }
}
