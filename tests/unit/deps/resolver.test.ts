import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../../src/deps/hub-client.js';
import { loadPackagesFile } from '../../../src/deps/packages-file.js';
import { PackageResolver } from '../../../src/deps/resolver.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { makeBareRepository } from '../../support/git-repository.js';
import { startPackageHub, type PackageHub } from '../../support/package-hub.js';
import { tempDir } from '../../support/temp-dir.js';
import { tempProject } from '../../support/temp-project.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/deps');
let hub: PackageHub;

beforeAll(async () => {
  hub = await startPackageHub(resolve(FIXTURES, 'hub'));
});
afterAll(() => hub.close());

/** Resolve the packages.yml `text` of a fresh project that also holds `files`. */
async function resolvePackages(text: string, files: Record<string, string> = {}) {
  const root = tempProject({ 'packages.yml': text, ...files });
  const warnings: string[] = [];
  const resolver = new PackageResolver({
    hub: new HubClient(hub.url),
    projectRoot: root,
    stagingDir: tempDir('strata-staging-'),
    transitive: true,
    warnings,
  });
  return { packages: await resolver.resolve(loadPackagesFile(root).specs), warnings };
}

async function resolveError(text: string, files: Record<string, string> = {}): Promise<StrataError> {
  const error = await resolvePackages(text, files).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StrataError);
  return error as StrataError;
}

const PACKAGE = (name: string) => `name: ${name}\nversion: '1.0.0'\n`;

describe('PackageResolver', () => {
  it('intersects the ranges of a package asked for twice, one of them by another package', async () => {
    const { packages } = await resolvePackages(
      'packages:\n  - package: acme/shop_utils\n    version: [">=1.0.0"]\n' +
        '  - package: acme/date_helpers\n    version: 0.5.0\n',
    );
    expect(packages.map((each) => each.lockEntry)).toEqual([
      { package: 'acme/shop_utils', name: 'shop_utils', version: '1.2.0' },
      { package: 'acme/date_helpers', name: 'date_helpers', version: '0.5.0' },
    ]);
  });

  it('prefers the versions that declare they run on the dbt version Strata is compatible with', async () => {
    const { packages } = await resolvePackages('packages:\n  - package: acme/old_macros\n    version: [">=1.0.0"]\n');
    expect(packages[0]!.lockEntry).toEqual({ package: 'acme/old_macros', name: 'old_macros', version: '1.0.0' });
    // asked for by an exact version, the incompatible one is still installed, as dbt does
    const exact = await resolvePackages('packages:\n  - package: acme/old_macros\n    version: 1.1.0\n');
    expect(exact.packages[0]!.lockEntry).toMatchObject({ version: '1.1.0' });
  });

  it("follows a local package's own packages.yml, relative to that package", async () => {
    const { packages } = await resolvePackages('packages:\n  - local: libs/a\n', {
      'libs/a/dbt_project.yml': PACKAGE('lib_a'),
      'libs/a/packages.yml': 'packages:\n  - local: ../b\n',
      'libs/b/dbt_project.yml': PACKAGE('lib_b'),
    });
    expect(packages.map((each) => each.lockEntry)).toEqual([
      { local: 'libs/a', name: 'lib_a' },
      { local: 'libs/b', name: 'lib_b' },
    ]);
  });

  it('names both requirements of a version conflict', async () => {
    const error = await resolveError(
      'packages:\n  - package: acme/modern_reports\n    version: 1.0.0\n' +
        '  - package: acme/shop_utils\n    version: [">=1.0.0", "<2.0.0"]\n',
    );
    expect(error.message).toBe(
      'Version conflict for package "acme/shop_utils": packages.yml:4 requires [">=1.0.0", "<2.0.0"], ' +
        'but package "modern_reports" (acme/modern_reports@1.0.0 on the package hub) requires [">=2.0.0"]; ' +
        'no version satisfies both',
    );
    expect(error.location).toEqual({ file: 'packages.yml', line: 5 });
  });

  it('refuses two sources that install as the same name, and a missing local folder', async () => {
    const clash = await resolveError('packages:\n  - local: one\n  - local: two\n', {
      'one/dbt_project.yml': PACKAGE('same'),
      'two/dbt_project.yml': PACKAGE('same'),
    });
    expect(clash.message).toMatch(/^Two packages install as "same": local folder one .* and local folder two/);
    const missing = await resolveError('packages:\n  - local: ../nowhere\n');
    expect(missing.message).toMatch(/^Local package folder "..\/nowhere" does not exist/);
    expect(missing.location).toEqual({ file: 'packages.yml', line: 2 });
  });

  it('warns for a git package without a revision', async () => {
    const repository = makeBareRepository(resolve(FIXTURES, 'git/finance'));
    const { packages, warnings } = await resolvePackages(`packages:\n  - git: ${repository.url}\n`);
    expect(packages[0]!.lockEntry).toEqual({
      git: repository.url,
      name: 'finance_macros',
      revision: repository.head(),
    });
    expect(warnings).toEqual([expect.stringMatching(/^packages\.yml:2: the git package .* names no "revision"/)]);
  });
});
