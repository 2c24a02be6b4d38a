/**
 * From the packages a project asks for to the exact packages to install: hub versions
 * picked from the intersection of every requirement of the same package (as dbt does),
 * git repositories cloned at their revision, local folders and tarballs read, and, for each,
 * the packages it needs in turn. Downloads land in a staging folder, not yet in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Environment } from '../config/env-var.js';
import { parseYamlText } from '../config/yaml-file.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { StrataError } from '../errors/strata-error.js';
import { checkoutGitPackage } from './git-checkout.js';
import type { HubClient, HubVersion } from './hub-client.js';
import { linkLocalPackage } from './local-package.js';
import { readPackageName } from './package-name.js';
import { readPackageEntry, type GitSpec, type HubSpec, type LocalSpec, type PackageSpec } from './package-spec.js';
import type { TarballSpec } from './package-spec.js';
import { loadPackagesFile } from './packages-file.js';
import { nameClash, noMatchingVersion, versionConflict } from './resolve-errors.js';
import { moveFolder } from './staging.js';
import { fetchTarball } from './tarball.js';
import { ANY_VERSION, highestAllowed, intersect, parseConstraint, runsOnCompatibleDbt } from './version-constraint.js';
import type { VersionConstraint } from './version-constraint.js';

/** A package pinned and ready to be put in place. */
export interface ResolvedPackage {
  /** the folder it installs as (its project name) */
  name: string;
  /** what was installed, for the console: `dbt-labs/dbt_utils@1.1.1` */
  description: string;
  /** a hub package's newest release when it is newer than the one installed, as dbt points out */
  newerRelease?: string;
  /** its entry in package-lock.yml */
  lockEntry: YamlMap;
  /** download what is not yet on this machine, before anything installed is replaced */
  prepare(): Promise<void>;
  /** put it at `dest` (absent): a moved folder, or a link for a local package */
  install(dest: string): void;
}

/** What the resolver needs from its caller. */
export interface ResolverOptions {
  hub: HubClient;
  projectRoot: string;
  stagingDir: string;
  /** false for a lock file, which already lists every package needed */
  transitive: boolean;
  env?: Environment;
  /** where warnings go (an unpinned git package) */
  warnings: string[];
}

interface HubRequirement {
  constraint: VersionConstraint;
  specs: HubSpec[];
  version?: string;
  info?: HubVersion;
  /** the newest release published (pre-releases aside) */
  latest?: string;
}

/** Resolves one run's packages; use once. */
export class PackageResolver {
  private readonly hubPackages = new Map<string, HubRequirement>();
  private readonly resolved = new Map<string, ResolvedPackage & { spec: PackageSpec }>();
  /** keys in the order first asked for, which is the lock file's order */
  private readonly order: string[] = [];
  private readonly owners = new Map<string, { key: string; spec: PackageSpec }>();
  private downloads = 0;

  constructor(private readonly options: ResolverOptions) {}

  /** Every package to install, `specs` first, then what they need. */
  async resolve(specs: readonly PackageSpec[]): Promise<ResolvedPackage[]> {
    const queue = [...specs];
    for (let spec = queue.shift(); spec !== undefined; spec = queue.shift()) {
      queue.push(...(await this.add(spec)));
    }
    return this.order.map((key) => (key.startsWith('hub:') ? this.hubPackage(key.slice(4)) : this.resolved.get(key)!));
  }

  /** Record one requirement; returns the requirements it brings. */
  private async add(spec: PackageSpec): Promise<PackageSpec[]> {
    switch (spec.kind) {
      case 'hub':
        return this.addHub(spec);
      case 'git':
        return this.addGit(spec);
      case 'local':
        return this.addLocal(spec);
      case 'tarball':
        return this.addTarball(spec);
    }
  }

  private async addHub(spec: HubSpec): Promise<PackageSpec[]> {
    const parsed = parseConstraint(spec.versions);
    if ('invalid' in parsed) {
      throw new StrataError(`"${parsed.invalid}" in the version of package "${spec.name}" is not a version range`, {
        location: spec.versionAt,
        hint: 'Write versions as dbt does: version: [">=1.0.0", "<2.0.0"], or an exact version such as 1.1.1.',
      });
    }
    const key = `hub:${spec.name}`;
    const known = this.hubPackages.get(spec.name);
    const constraint = known ? intersect(known.constraint, parsed) : parsed;
    if (!constraint) throw versionConflict(spec.name, known!.specs, spec);
    const requirement: HubRequirement = { ...known, constraint, specs: [...(known?.specs ?? []), spec] };
    this.hubPackages.set(spec.name, requirement);
    if (!known) this.order.push(key);
    const versions = await this.options.hub.versions(spec.name, spec.requiredBy);
    const prerelease = requirement.specs.some((each) => each.installPrerelease);
    // as dbt: the versions declaring they run on our dbt version first, then any
    const compatible = Object.keys(versions).filter((each) => runsOnCompatibleDbt(versions[each]!.requireDbtVersion));
    const version =
      highestAllowed(constraint, compatible, prerelease) ??
      highestAllowed(constraint, Object.keys(versions), prerelease);
    if (version === undefined)
      throw noMatchingVersion(
        spec.name,
        requirement.specs,
        Object.keys(versions),
        this.options.hub.packageUrl(spec.name),
      );
    if (version === requirement.version) return [];
    requirement.version = version;
    requirement.info = versions[version]!;
    requirement.latest = highestAllowed(ANY_VERSION, Object.keys(versions), false);
    this.claimName(requirement.info.name, key, spec);
    return this.options.transitive ? this.hubDependencies(spec.name, version, requirement.info) : [];
  }

  private hubPackage(name: string): ResolvedPackage {
    const { version, info, latest } = this.hubPackages.get(name)!;
    const stagingDir = this.nextStagingDir('hub');
    let folder: string | undefined;
    return {
      name: info!.name,
      description: `${name}@${version}`,
      ...(latest !== undefined && latest !== version ? { newerRelease: latest } : {}),
      lockEntry: { package: name, name: info!.name, version: version! },
      prepare: async () => {
        folder = await fetchTarball(info!.tarballUrl, stagingDir, `package "${name}" ${version}`);
      },
      install: (dest) => moveFolder(folder!, dest),
    };
  }

  /** A hub version's own `packages`, read as entries of a packages.yml it would have. */
  private hubDependencies(name: string, version: string, info: HubVersion): PackageSpec[] {
    if (info.packages.length === 0) return [];
    const file = `${name}@${version} on the package hub`;
    const yaml = parseYamlText(stringify({ packages: info.packages }), file, file);
    const ignored: string[] = [];
    return info.packages.flatMap((entry, index) => {
      const entryPath = ['packages', index];
      const context = {
        yaml,
        path: entryPath,
        baseDir: this.options.projectRoot,
        ownerPackage: info.name,
        origin: file,
      };
      const spec = readPackageEntry(context, entry, entry, ignored);
      return spec ? [spec] : [];
    });
  }

  private async addGit(spec: GitSpec): Promise<PackageSpec[]> {
    const key = `git:${spec.url}#${spec.subdirectory ?? ''}`;
    const known = this.resolved.get(key)?.spec as GitSpec | undefined;
    if (known) {
      if (known.revision === spec.revision) return [];
      throw new StrataError(
        `Git package ${spec.url} is asked for at two revisions: "${known.revision ?? 'default branch'}" ` +
          `by ${known.requiredBy} and "${spec.revision ?? 'default branch'}" by ${spec.requiredBy}`,
        { location: spec.at, hint: 'Ask for the same revision in both places.' },
      );
    }
    const checkout = await checkoutGitPackage(spec, this.nextStagingDir('git'));
    const where = spec.subdirectory === undefined ? '' : ` (subdirectory ${spec.subdirectory})`;
    const name = readPackageName(checkout.packageDir, `the git repository ${spec.url}${where}`, checkout.packageDir);
    if (spec.revision === undefined && spec.warnUnpinned) {
      this.options.warnings.push(
        `${spec.requiredBy}: the git package ${spec.url} names no "revision", so the default branch is ` +
          `installed (commit ${checkout.commit}). Pin a tag or a commit, or set "warn-unpinned: false".`,
      );
    }
    this.claimName(name, key, spec);
    this.record(key, spec, {
      name,
      description: `${spec.url}@${spec.revision ?? checkout.commit}${where}`,
      lockEntry: {
        git: lockValue(spec, 'git'),
        name,
        revision: checkout.commit,
        ...(spec.subdirectory === undefined ? {} : { subdirectory: spec.subdirectory }),
        ...(spec.warnUnpinned ? {} : { 'warn-unpinned': false }),
      },
      prepare: async () => {},
      install: (dest) => moveFolder(checkout.packageDir, dest),
    });
    return this.dependenciesIn(checkout.packageDir, name);
  }

  private async addLocal(spec: LocalSpec): Promise<PackageSpec[]> {
    const key = `local:${spec.absPath}`;
    if (this.resolved.has(key)) return [];
    if (!fs.existsSync(spec.absPath)) {
      throw new StrataError(`Local package folder "${spec.path}" does not exist (looked in ${spec.absPath})`, {
        location: spec.at,
        hint: 'A "local:" path is relative to the folder of the file that names it.',
      });
    }
    const name = readPackageName(spec.absPath, `local package "${spec.path}" (${spec.requiredBy})`, spec.absPath);
    this.claimName(name, key, spec);
    const relative = path.relative(this.options.projectRoot, spec.absPath).split(path.sep).join('/');
    this.record(key, spec, {
      name,
      description: spec.path,
      lockEntry: { local: relative === '' ? '.' : relative, name },
      prepare: async () => {},
      install: (dest) => linkLocalPackage(spec.absPath, dest),
    });
    return this.dependenciesIn(spec.absPath, name);
  }

  private async addTarball(spec: TarballSpec): Promise<PackageSpec[]> {
    const key = `tarball:${spec.url}`;
    if (this.resolved.has(key)) return [];
    const folder = await fetchTarball(spec.url, this.nextStagingDir('tarball'), `package "${spec.name}"`);
    this.claimName(spec.name, key, spec);
    this.record(key, spec, {
      name: spec.name,
      description: spec.url,
      lockEntry: { tarball: lockValue(spec, 'tarball'), name: spec.name },
      prepare: async () => {},
      install: (dest) => moveFolder(folder, dest),
    });
    return this.dependenciesIn(folder, spec.name);
  }

  private record(key: string, spec: PackageSpec, resolved: ResolvedPackage): void {
    this.resolved.set(key, { ...resolved, spec });
    this.order.push(key);
  }

  /** The packages a fetched package needs, from its own packages.yml or dependencies.yml. */
  private dependenciesIn(dir: string, ownerPackage: string): PackageSpec[] {
    if (!this.options.transitive) return [];
    const file = loadPackagesFile(dir, { ownerPackage, env: this.options.env });
    return file.specs;
  }

  /** Two sources that install as the same folder name would overwrite each other: refuse. */
  private claimName(name: string, key: string, spec: PackageSpec): void {
    const owner = this.owners.get(name);
    if (owner === undefined) {
      this.owners.set(name, { key, spec });
      return;
    }
    if (owner.key === key) return;
    throw nameClash(name, owner.spec, spec);
  }

  private nextStagingDir(kind: string): string {
    this.downloads += 1;
    return path.join(this.options.stagingDir, `${kind}-${this.downloads}`);
  }
}

/** A URL as the lock keeps it: as written when it reads a secret variable, so the secret is never written. */
function lockValue(spec: GitSpec | TarballSpec, key: 'git' | 'tarball'): string {
  const written = spec.unrendered[key];
  const readsSecret = typeof written === 'string' && /\b(?:DBT|STRATA)_ENV_SECRET_/.test(written);
  return readsSecret ? written : spec.url;
}
