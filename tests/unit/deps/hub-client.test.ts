import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_URL, HubClient } from '../../../src/deps/hub-client.js';
import { httpGet } from '../../../src/deps/http-get.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { startPackageHub, type PackageHub } from '../../support/package-hub.js';

const HUB_FIXTURES = resolve(import.meta.dirname, '../../fixtures/deps/hub');
let hub: PackageHub;

beforeAll(async () => {
  hub = await startPackageHub(HUB_FIXTURES);
});
afterAll(() => hub.close());

async function failure(action: () => Promise<unknown>): Promise<StrataError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StrataError);
  return error as StrataError;
}

describe('HubClient', () => {
  it("reads a package's versions from api/v1/<org>/<name>.json, once per run", async () => {
    const client = new HubClient(hub.url);
    const versions = await client.versions('acme/date_helpers', 'packages.yml:2');
    expect(Object.keys(versions)).toEqual(['0.5.0']);
    expect(versions['0.5.0']).toEqual({
      name: 'date_helpers',
      packages: [{ package: 'acme/shop_utils', version: ['>=1.0.0', '<2.0.0'] }],
      tarballUrl: `${hub.url}tarballs/acme/date_helpers/0.5.0.tar.gz`,
      requireDbtVersion: [],
    });
    const old = await client.versions('acme/old_macros', 'packages.yml:2');
    expect(old['1.1.0']?.requireDbtVersion).toEqual(['>=2.0.0', '<3.0.0']);
    expect(old['1.0.0']?.requireDbtVersion).toEqual(['>=1.5.0']);
    const before = hub.requests.length;
    await client.versions('acme/date_helpers', 'packages.yml:2');
    expect(hub.requests.length).toBe(before);
  });

  it('names the package and the URL tried when the hub does not have it', async () => {
    const error = await failure(() => new HubClient(hub.url).versions('acme/missing', 'packages.yml:4'));
    expect(error.message).toBe(
      `Package "acme/missing" was not found on the package hub (tried ${hub.url}api/v1/acme/missing.json)`,
    );
    expect(error.hint).toContain('packages.yml:4');
  });

  it('takes its base URL from DBT_PACKAGE_HUB_URL, else the public hub', () => {
    expect(HubClient.fromEnvironment({ DBT_PACKAGE_HUB_URL: 'http://mirror.local/hub' }).baseUrl).toBe(
      'http://mirror.local/hub/',
    );
    expect(HubClient.fromEnvironment({}).packageUrl('dbt-labs/dbt_utils')).toBe(
      `${DEFAULT_HUB_URL}api/v1/dbt-labs/dbt_utils.json`,
    );
  });

  it('reports an answer that is not the hub JSON', async () => {
    const server = createServer((_, response) => response.end('<html>maintenance</html>'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const error = await failure(() => new HubClient(url).versions('acme/x', 'packages.yml:2'));
      expect(error.message).toMatch(/no usable answer for package "acme\/x": the answer is not JSON/);
    } finally {
      server.close();
    }
  });
});

describe('httpGet', () => {
  it('gives up after its timeout with a clear error naming the URL', async () => {
    // a server that accepts the request and never answers: a hung hub
    const server = createServer(() => {});
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/a/b.json`;
    try {
      const error = await failure(() => httpGet(url, 'package "a/b" from the package hub', 200));
      expect(error.message).toBe(`Cannot fetch package "a/b" from the package hub: no answer within 0.2 s (${url})`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('returns any status with its body', async () => {
    const response = await httpGet(`${hub.url}nothing-here`, 'a page');
    expect(response.status).toBe(404);
  });
});
