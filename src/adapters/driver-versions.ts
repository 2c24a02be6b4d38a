import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm packages each adapter type talks to its warehouse through. */
const DRIVERS: Record<string, readonly string[]> = {
  duckdb: ['@duckdb/node-api'],
  redshift: ['pg', '@aws-sdk/client-redshift-data'],
  snowflake: ['snowflake-sdk'],
  athena: ['@aws-sdk/client-athena', '@aws-sdk/client-glue'],
};

/** Each driver of an adapter type with its installed version (`not installed` when it cannot be found). */
export function driverVersions(type: string): Array<{ name: string; version: string }> {
  return (DRIVERS[type] ?? []).map((name) => ({ name, version: installedVersion(name) ?? 'not installed' }));
}

/** The version in the package.json of an installed package, found from its entry point. */
function installedVersion(name: string): string | undefined {
  let folder: string;
  try {
    folder = dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return undefined;
  }
  // the entry point may sit in a subfolder (dist/, lib/): walk up to the package's own manifest
  for (; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name === name) return json.version;
    }
    if (dirname(folder) === folder) return undefined;
  }
}
