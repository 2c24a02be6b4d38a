import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../../src/deps/hub-client.js';
import { installPackages } from '../../../src/deps/install-packages.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { startPackageHub, type PackageHub } from '../../support/package-hub.js';
import { tempProject } from '../../support/temp-project.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/deps');
let hub: PackageHub;

beforeAll(async () => {
  hub = await startPackageHub(path.join(FIXTURES, 'hub'));
});
afterAll(() => hub.close());

const RANGE = 'packages:\n  - package: acme/shop_utils\n    version: [">=1.0.0", "<2.0.0"]\n';

function project(packagesYml: string): string {
  return tempProject({
    'dbt_project.yml': 'name: shop\n',
    'packages.yml': packagesYml,
    'libs/extra/dbt_project.yml': 'name: extra\n',
  });
}

const install = (root: string, options: { upgrade?: boolean; lockOnly?: boolean } = {}) =>
  installPackages({ projectDir: root, hub: new HubClient(hub.url), env: {}, ...options });

const version = (root: string) =>
  /version: '([^']+)'/.exec(fs.readFileSync(path.join(root, 'dbt_packages/shop_utils/dbt_project.yml'), 'utf8'))?.[1];

describe('installPackages', () => {
  it('installs the locked version while the lock matches packages.yml, else resolves again', async () => {
    const root = project(RANGE);
    expect((await install(root)).fromLock).toBe(false);
    expect(version(root)).toBe('1.2.0');
    // pin an older version in the lock, as another machine's run could have
    const lockPath = path.join(root, 'package-lock.yml');
    fs.writeFileSync(lockPath, fs.readFileSync(lockPath, 'utf8').replace('version: 1.2.0', 'version: 1.0.0'));
    expect((await install(root)).fromLock).toBe(true);
    expect(version(root)).toBe('1.0.0');
    expect((await install(root, { upgrade: true })).fromLock).toBe(false);
    expect(version(root)).toBe('1.2.0');

    fs.writeFileSync(lockPath, fs.readFileSync(lockPath, 'utf8').replace('version: 1.2.0', 'version: 1.0.0'));
    fs.appendFileSync(path.join(root, 'packages.yml'), '  - local: libs/extra\n');
    const changed = await install(root);
    expect(changed.fromLock).toBe(false);
    expect(version(root)).toBe('1.2.0');
    expect(fs.readdirSync(path.join(root, 'dbt_packages')).sort()).toEqual(['extra', 'shop_utils']);
  });

  it('writes only the lock with lockOnly', async () => {
    const root = project(RANGE);
    const result = await install(root, { lockOnly: true });
    expect(result.packages.map((each) => each.name)).toEqual(['shop_utils']);
    expect(fs.existsSync(path.join(root, 'package-lock.yml'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'dbt_packages'))).toBe(false);
  });

  it('leaves the previous install in place when resolving fails', async () => {
    const root = project(RANGE);
    await install(root);
    fs.writeFileSync(path.join(root, 'packages.yml'), `${RANGE}  - package: acme/gone\n    version: 1.0.0\n`);
    await expect(install(root)).rejects.toBeInstanceOf(StrataError);
    expect(version(root)).toBe('1.2.0');
  });

  it('does nothing without packages', async () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\n' });
    expect(await install(root)).toMatchObject({ packages: [], packagesFile: undefined });
    expect(fs.existsSync(path.join(root, 'dbt_packages'))).toBe(false);
  });
});
