import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the services keep their installs (virtualenv, Maven jars), data, logs and the
 * services file: `$STRATA_CACHE_DIR`, else `~/.cache/strata`. Kept outside the
 * repository so a fresh clone or `git clean` does not throw away minutes of installs.
 */
export function serviceCacheDir(): string {
  return process.env.STRATA_CACHE_DIR || join(homedir(), '.cache', 'strata');
}
