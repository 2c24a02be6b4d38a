/**
 * package-lock.yml in dbt's shape: every installed package, the project's own and those
 * they need, pinned (a hub version, a git commit), each with the `name` it installs as, and
 * `sha1_hash`, the hash of the packages the project asks for. While that hash matches,
 * `strata deps` installs exactly what the lock says.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Environment } from '../config/env-var.js';
import { interpolateEnvVars } from '../config/env-var.js';
import { loadYamlFile } from '../config/yaml-file.js';
import { expectList, expectMap, optionalString } from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';
import { readPackageEntry, type PackageSpec } from './package-spec.js';

/** The lock file's name, at the project root (dbt's). */
export const LOCK_FILE = 'package-lock.yml';

/** A lock file as read. */
export interface LockFile {
  /** the hash of the packages it was resolved from */
  sha1Hash?: string;
  /** the pinned packages, to install as they are */
  specs: PackageSpec[];
}

/**
 * dbt's `sha1_hash`: each entry as Python's `json.dumps(entry, sort_keys=True)` writes it,
 * the lines sorted and joined with newlines, hashed with SHA-1.
 */
export function packagesHash(entries: readonly YamlMap[]): string {
  const lines = entries.map((entry) => pythonJson(entry)).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}

/** JSON as Python's `json.dumps(value, sort_keys=True)` spells it: `", "` and `": "`, non-ASCII escaped. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${pythonJson(key)}: ${pythonJson((value as YamlMap)[key])}`).join(', ')}}`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** The lock file of the project at `rootDir`, or undefined when there is none. */
export function readLockFile(rootDir: string, env?: Environment): LockFile | undefined {
  const absPath = path.join(rootDir, LOCK_FILE);
  if (!fs.existsSync(absPath)) return undefined;
  const yaml = loadYamlFile(absPath, rootDir);
  const raw = expectMap(yaml, [], yaml.value);
  const ignored: string[] = [];
  const specs = expectList(yaml, ['packages'], raw.packages).flatMap((item, index) => {
    const itemPath = ['packages', index];
    const rendered = interpolateEnvVars(item, yaml, env, itemPath, 'packages');
    const spec = readPackageEntry({ yaml, path: itemPath, baseDir: rootDir }, rendered, item, ignored);
    return spec ? [spec] : [];
  });
  return { sha1Hash: optionalString(yaml, ['sha1_hash'], raw.sha1_hash), specs };
}

/** Write package-lock.yml: `entries` (keys sorted, as dbt writes them) and the hash. */
export function writeLockFile(rootDir: string, entries: readonly YamlMap[], sha1Hash: string): string {
  const absPath = path.join(rootDir, LOCK_FILE);
  const text = stringify({ packages: entries, sha1_hash: sha1Hash }, { sortMapEntries: true, lineWidth: 0 });
  fs.writeFileSync(absPath, text);
  return absPath;
}
