/**
 * One entry of `packages:` in packages.yml or dependencies.yml (or of a package's own
 * packages.yml), read into a typed spec. Every key dbt documents is accepted: those Strata
 * acts on shape the spec, the others warn once at their line; any other key is an error
 * naming the closest one.
 */
import path from 'node:path';
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { checkKeys, describeType, isYamlMap, optionalString, requireString } from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import type { SourceLocation } from '../errors/strata-error.js';
import { allKeys, noEffectWarnings, type SchemaKeys } from '../parser/schema-keys.js';

/** What every spec carries: where it was written, and its entry for package-lock.yml and the hash. */
interface SpecBase {
  /** file and line of the entry, for messages */
  at: SourceLocation;
  /** who asks for it, for messages: `packages.yml:3`, or `package "shop_utils" (packages.yml:2)` */
  requiredBy: string;
  /** asked for by the project itself, not by one of its packages */
  fromProject: boolean;
  /** the entry with `env_var()` rendered, as dbt hashes it */
  entry: YamlMap;
  /** the entry as written, kept in package-lock.yml where rendering read a secret */
  unrendered: YamlMap;
}

/** `local: ../path`: a folder on this machine, linked into the install folder. */
export interface LocalSpec extends SpecBase {
  kind: 'local';
  /** as written, relative to the folder of the file that names it */
  path: string;
  /** absolute folder */
  absPath: string;
}

/** `git: <url>` with an optional `revision` (branch, tag or commit) and `subdirectory`. */
export interface GitSpec extends SpecBase {
  kind: 'git';
  url: string;
  revision?: string;
  subdirectory?: string;
  /** dbt warns when a git package has no revision, unless `warn-unpinned: false` */
  warnUnpinned: boolean;
}

/** `package: org/name` from the package hub, with `version` specifiers. */
export interface HubSpec extends SpecBase {
  kind: 'hub';
  /** `org/name` */
  name: string;
  /** each specifier as written (`>=1.0.0`, `<2.0.0`, `1.1.1`) */
  versions: string[];
  /** where `version` is written, for version errors */
  versionAt: SourceLocation;
  installPrerelease: boolean;
}

/** `tarball: <url>` with the `name` of the folder to install it into. */
export interface TarballSpec extends SpecBase {
  kind: 'tarball';
  url: string;
  name: string;
}

/** A package to install, as one entry asks for it. */
export type PackageSpec = LocalSpec | GitSpec | HubSpec | TarballSpec;

/** The keys of each kind of entry, the key naming the kind first. */
const KIND_KEYS: Record<'local' | 'git' | 'package' | 'tarball' | 'private', SchemaKeys> = {
  local: { acted: ['local'], dbtOnly: ['name'] },
  // dbt reads the snake_case spellings too
  git: { acted: ['git', 'revision', 'subdirectory', 'warn-unpinned', 'warn_unpinned'], dbtOnly: ['name'] },
  package: { acted: ['package', 'version', 'install-prerelease', 'install_prerelease'], dbtOnly: ['name'] },
  tarball: { acted: ['tarball', 'name'], dbtOnly: [] },
  // dbt Cloud's private packages: resolved by dbt's Git providers, which Strata does not have
  private: { acted: [], dbtOnly: ['private', 'provider', 'revision', 'subdirectory', 'warn-unpinned', 'name'] },
};
const KINDS = Object.keys(KIND_KEYS) as Array<keyof typeof KIND_KEYS>;

const EXAMPLES =
  'For example "- package: dbt-labs/dbt_utils" with "version: [\\">=1.0.0\\", \\"<2.0.0\\"]", ' +
  '"- git: https://github.com/org/repo.git" with "revision: v1.2.0", or "- local: ../shared_macros".';

/** Where an entry sits, and how to name its asker in messages. */
export interface EntryContext {
  yaml: YamlFile;
  path: YamlPath;
  /** the folder `local:` paths are relative to (the folder of the file) */
  baseDir: string;
  /** set when the file is a package's own packages.yml: the package that asks */
  ownerPackage?: string;
  /** where the entry comes from in messages, when not a file line (a hub package's metadata) */
  origin?: string;
}

/**
 * The spec of one `packages:` item (`rendered` after `env_var()`, `written` before), or
 * undefined for an entry Strata skips (a dbt Cloud private package); its warnings are pushed.
 */
export function readPackageEntry(
  context: EntryContext,
  rendered: unknown,
  written: unknown,
  warnings: string[],
): PackageSpec | undefined {
  const { yaml, path: entryPath } = context;
  if (!isYamlMap(rendered)) {
    throw yaml.error(entryPath, `Each item of "packages" must be a map, got ${describeType(rendered)}`, EXAMPLES);
  }
  const kinds = KINDS.filter((kind) => rendered[kind] !== undefined);
  if (kinds.length === 0) {
    const known = [...new Set(KINDS.flatMap((kind) => allKeys(KIND_KEYS[kind])))];
    checkKeys(yaml, entryPath, rendered, known, 'a package entry');
    throw yaml.error(entryPath, 'This package entry names no source', `Give one of: ${KINDS.join(', ')}. ${EXAMPLES}`);
  }
  if (kinds.length > 1) {
    throw yaml.error(
      [...entryPath, kinds[1]!],
      `A package entry has both "${kinds[0]}" and "${kinds[1]}"`,
      'Write one source per entry (one "- " item each).',
    );
  }
  const kind = kinds[0]!;
  const keys = KIND_KEYS[kind];
  checkKeys(yaml, entryPath, rendered, allKeys(keys), `a "${kind}" package entry`);
  const line = yaml.lineOf(entryPath);
  const at = { file: yaml.file, line };
  const where = context.origin ?? `${yaml.file}:${line}`;
  const base: SpecBase = {
    at,
    requiredBy: context.ownerPackage === undefined ? where : `package "${context.ownerPackage}" (${where})`,
    fromProject: context.ownerPackage === undefined,
    entry: rendered,
    unrendered: isYamlMap(written) ? written : rendered,
  };
  if (kind === 'private') {
    warnings.push(
      `${where}: "private" packages are installed by dbt Cloud's git providers, which Strata does not have; ` +
        'this entry has no effect. Use "git:" with the repository URL instead.',
    );
    return undefined;
  }
  warnings.push(...noEffectWarnings(yaml, entryPath, rendered, keys, `a "${kind}" package entry`, 'a dbt package key'));
  const text = (key: string): string | undefined => optionalString(yaml, [...entryPath, key], rendered[key]);
  switch (kind) {
    case 'local': {
      const local = requireString(yaml, [...entryPath, 'local'], rendered.local);
      return { ...base, kind: 'local', path: local, absPath: path.resolve(context.baseDir, local) };
    }
    case 'git':
      return {
        ...base,
        kind: 'git',
        url: requireString(yaml, [...entryPath, 'git'], rendered.git),
        revision: text('revision'),
        subdirectory: text('subdirectory'),
        warnUnpinned: readSpelledBoolean(yaml, entryPath, rendered, 'warn-unpinned', true),
      };
    case 'package':
      return {
        ...base,
        kind: 'hub',
        name: readHubName(yaml, [...entryPath, 'package'], rendered.package),
        versions: readVersions(yaml, [...entryPath, 'version'], rendered.version),
        versionAt: yaml.at([...entryPath, 'version']),
        installPrerelease: readSpelledBoolean(yaml, entryPath, rendered, 'install-prerelease', false),
      };
    case 'tarball':
      return {
        ...base,
        kind: 'tarball',
        url: requireString(yaml, [...entryPath, 'tarball'], rendered.tarball),
        name: requireString(
          yaml,
          [...entryPath, 'name'],
          rendered.name,
          'Name the folder to install it into: "name: x".',
        ),
      };
  }
}

/** A dashed boolean key, or its snake_case spelling. */
function readSpelledBoolean(
  yaml: YamlFile,
  entryPath: YamlPath,
  entry: YamlMap,
  key: string,
  fallback: boolean,
): boolean {
  const written = entry[key] === undefined ? key.replace(/-/g, '_') : key;
  return readBoolean(yaml, [...entryPath, written], entry[written], fallback);
}

function readBoolean(yaml: YamlFile, path: YamlPath, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw yaml.error(path, `"${String(path[path.length - 1])}" must be true or false, got ${describeType(value)}`);
}

function readHubName(yaml: YamlFile, path: YamlPath, value: unknown): string {
  const name = requireString(yaml, path, value);
  if (/^[\w.-]+\/[\w.-]+$/.test(name)) return name;
  throw yaml.error(
    path,
    `"${name}" is not a hub package name`,
    'Hub packages are named "org/name", as on hub.getdbt.com, e.g. "package: dbt-labs/dbt_utils".',
  );
}

/** `version: 1.1.1`, `version: ">=1.0.0,<2.0.0"` or `version: [">=1.0.0", "<2.0.0"]`, as specifier texts. */
function readVersions(yaml: YamlFile, path: YamlPath, value: unknown): string[] {
  const hint = 'Pin a version or a range, e.g. version: [">=1.0.0", "<2.0.0"] or version: 1.1.1.';
  if (value === undefined || value === null) throw yaml.error(path, 'A hub package needs a "version"', hint);
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item, index) => {
    const itemPath = Array.isArray(value) ? [...path, index] : path;
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw yaml.error(itemPath, `"version" must be a version or a list of them, got ${describeType(item)}`, hint);
    }
    return String(item)
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  });
}
