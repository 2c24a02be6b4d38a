/**
 * The dbt package hub's JSON API (hub.getdbt.com, or the mirror `DBT_PACKAGE_HUB_URL`
 * names): `api/v1/<org>/<name>.json` lists a package's versions, each with the folder name
 * it installs as, the packages it needs and its tarball's URL.
 */
import { StrataError } from '../errors/strata-error.js';
import type { Environment } from '../config/env-var.js';
import { DEFAULT_HTTP_TIMEOUT_MS, httpGet } from './http-get.js';

/** The public hub. */
export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

/** One published version of a hub package. */
export interface HubVersion {
  /** the project name it installs as (`dbt_utils`) */
  name: string;
  /** the packages it needs, as packages.yml entries */
  packages: unknown[];
  tarballUrl: string;
  /** the dbt versions it declares it runs on (`require_dbt_version`), empty for any */
  requireDbtVersion: string[];
}

/** The hub's answers, fetched once per package per run. */
export class HubClient {
  private readonly cache = new Map<string, Promise<Record<string, HubVersion>>>();

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = DEFAULT_HTTP_TIMEOUT_MS,
  ) {}

  /** A client of the hub `env` names (`DBT_PACKAGE_HUB_URL`), else of the public hub. */
  static fromEnvironment(env: Environment = process.env): HubClient {
    const base = env.DBT_PACKAGE_HUB_URL || DEFAULT_HUB_URL;
    return new HubClient(base.endsWith('/') ? base : `${base}/`);
  }

  /** The URL of a package's index. */
  packageUrl(name: string): string {
    return `${this.baseUrl}api/v1/${name}.json`;
  }

  /** Every published version of `name` (`org/name`); a package the hub does not have is a StrataError. */
  versions(name: string, requiredBy: string): Promise<Record<string, HubVersion>> {
    let pending = this.cache.get(name);
    if (!pending) {
      pending = this.fetchVersions(name, requiredBy);
      this.cache.set(name, pending);
    }
    return pending;
  }

  private async fetchVersions(name: string, requiredBy: string): Promise<Record<string, HubVersion>> {
    const url = this.packageUrl(name);
    const response = await httpGet(url, `package "${name}" from the package hub`, this.timeoutMs);
    if (response.status === 404) {
      throw new StrataError(`Package "${name}" was not found on the package hub (tried ${url})`, {
        hint:
          `Check the name in ${requiredBy} ("org/name", as listed on hub.getdbt.com), ` +
          'or set DBT_PACKAGE_HUB_URL to the hub that publishes it.',
      });
    }
    if (response.status !== 200) throw this.badAnswer(name, url, `HTTP status ${response.status}`);
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw this.badAnswer(name, url, 'the answer is not JSON');
    }
    const versions = (body as { versions?: unknown } | null)?.versions;
    if (typeof versions !== 'object' || versions === null) throw this.badAnswer(name, url, 'it lists no "versions"');
    const out: Record<string, HubVersion> = {};
    for (const [version, value] of Object.entries(versions as Record<string, unknown>)) {
      const entry = value as {
        name?: unknown;
        packages?: unknown;
        downloads?: { tarball?: unknown };
        require_dbt_version?: unknown;
      } | null;
      const tarballUrl = entry?.downloads?.tarball;
      if (typeof tarballUrl !== 'string') continue;
      const packageName = typeof entry?.name === 'string' ? entry.name : name.split('/')[1]!;
      out[version] = {
        name: packageName,
        packages: Array.isArray(entry?.packages) ? entry.packages : [],
        tarballUrl,
        requireDbtVersion: specifierList(entry?.require_dbt_version),
      };
    }
    return out;
  }

  private badAnswer(name: string, url: string, problem: string): StrataError {
    return new StrataError(`The package hub gave no usable answer for package "${name}": ${problem} (${url})`, {
      hint: 'Check DBT_PACKAGE_HUB_URL (unset, it is https://hub.getdbt.com/), then run the command again.',
    });
  }
}

/** `require_dbt_version` as the hub gives it: a string (comma-separated) or a list. */
function specifierList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}
