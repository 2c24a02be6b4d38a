import { readFileSync } from 'node:fs';

/**
 * The package version, read once from package.json (three folders up from dist/src/artifacts,
 * two from src/artifacts). Artifacts record it as `dbt_version`; the CLI prints it.
 */
export const STRATA_VERSION: string = (() => {
  for (const candidate of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'strata' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
})();

/**
 * The dbt-core version whose behaviour Strata reproduces: a project's `require-dbt-version`
 * is checked against it. The latest 1.10 patch; bump it with the features of a newer dbt.
 */
export const DBT_COMPATIBLE_VERSION = '1.10.23';
