/**
 * A package hub on localhost for tests: the JSON API of hub.getdbt.com (`/api/v1/<org>/<name>.json`)
 * served from fixture folders laid out `<root>/<org>/<name>/<version>/`, each version a dbt
 * package whose own packages.yml becomes its `packages` list. Tarballs are built on request
 * with `tar`, wrapped in one top folder as GitHub's archives are. Every request is recorded.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** A running hub. */
export interface PackageHub {
  /** base URL with a trailing slash, for DBT_PACKAGE_HUB_URL */
  url: string;
  /** request paths served so far */
  requests: string[];
  /** serve the packages under another fixture root too (a version published later) */
  addRoot(root: string): void;
  close(): Promise<void>;
}

/** Start a hub serving the packages under `roots`. */
export async function startPackageHub(...roots: string[]): Promise<PackageHub> {
  const served = [...roots];
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const index = /^\/api\/v1\/([\w.-]+)\/([\w.-]+)\.json$/.exec(path);
    const tarball = /^\/tarballs\/([\w.-]+)\/([\w.-]+)\/([\w.-]+)\.tar\.gz$/.exec(path);
    if (index) {
      const versions = versionDirs(served, index[1]!, index[2]!);
      if (versions.size === 0) return notFound(response);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(packageIndex(index[1]!, index[2]!, versions, base)));
      return;
    }
    if (tarball) {
      const dir = versionDirs(served, tarball[1]!, tarball[2]!).get(tarball[3]!);
      if (!dir) return notFound(response);
      response.setHeader('content-type', 'application/gzip');
      response.end(buildTarball(dir, `${tarball[2]!.replace(/_/g, '-')}-${tarball[3]!}`));
      return;
    }
    notFound(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    requests,
    addRoot: (root) => served.push(root),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function notFound(response: ServerResponse): void {
  response.statusCode = 404;
  response.end('{"detail": "Not found"}');
}

/** version -> folder, over every root. */
function versionDirs(roots: string[], org: string, name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const root of roots) {
    const dir = join(root, org, name);
    if (!existsSync(dir)) continue;
    for (const version of readdirSync(dir)) out.set(version, join(dir, version));
  }
  return out;
}

/** The hub's answer for one package, in its shape. */
function packageIndex(org: string, name: string, versions: Map<string, string>, base: string): unknown {
  const entries = Object.fromEntries(
    [...versions].map(([version, dir]) => {
      const project = parseYaml(readFileSync(join(dir, 'dbt_project.yml'), 'utf8')) as {
        name: string;
        'require-dbt-version'?: unknown;
      };
      const packagesFile = join(dir, 'packages.yml');
      const packages = existsSync(packagesFile)
        ? ((parseYaml(readFileSync(packagesFile, 'utf8')) as { packages: unknown[] }).packages ?? [])
        : [];
      return [
        version,
        {
          id: `${org}/${name}/${version}`,
          name: project.name,
          version,
          packages,
          ...(project['require-dbt-version'] === undefined
            ? {}
            : { require_dbt_version: project['require-dbt-version'] }),
          downloads: { tarball: `${base}tarballs/${org}/${name}/${version}.tar.gz` },
        },
      ];
    }),
  );
  return { name, namespace: org, latest: [...versions.keys()].sort().pop(), versions: entries };
}

function buildTarball(dir: string, topFolder: string): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'strata-hub-'));
  try {
    cpSync(dir, join(work, topFolder), { recursive: true });
    return execFileSync('tar', ['-czf', '-', '-C', work, topFolder]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
