/**
 * Where profiles.yml is looked for. An explicit folder is the only place searched:
 * `--profiles-dir`, else STRATA_PROFILES_DIR, else dbt's DBT_PROFILES_DIR. Without one:
 * the project root, then `~/.strata`, then dbt's `~/.dbt` (so a dbt user's existing
 * profiles are found unchanged, while a Strata profile beside them wins).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from './env-var.js';

/** The profiles file's name inside a profiles folder. */
export const PROFILES_FILE = 'profiles.yml';

/** Options that decide where profiles.yml is searched. */
export interface ProfilesDirOptions {
  projectRoot: string;
  /** `--profiles-dir` from the CLI; when set, the only place searched */
  profilesDir?: string;
  env?: Environment;
  /** the user's home folder; `os.homedir()` unless a test passes its own */
  homeDir?: string;
}

/** The profiles.yml paths to try, in order. An explicit folder (flag or env) is the only one. */
export function profilesCandidates(options: ProfilesDirOptions): string[] {
  const env = options.env ?? process.env;
  const explicit = options.profilesDir || env.STRATA_PROFILES_DIR || env.DBT_PROFILES_DIR;
  if (explicit) return [path.resolve(explicit, PROFILES_FILE)];
  const home = options.homeDir ?? os.homedir();
  return [
    path.resolve(options.projectRoot, PROFILES_FILE),
    path.join(home, '.strata', PROFILES_FILE),
    path.join(home, '.dbt', PROFILES_FILE),
  ];
}

/** The first candidate that exists, and every place searched (for the not-found message). */
export function findProfilesFile(options: ProfilesDirOptions): { found?: string; searched: string[] } {
  const searched = profilesCandidates(options);
  return { found: searched.find((candidate) => fs.existsSync(candidate)), searched };
}
