/**
 * `strata deps` end to end: hub packages from a package hub on localhost (the hub's JSON API
 * over fixture packages, tarballs built on request), git packages from a bare repository
 * made here (a tag, a branch, a subdirectory), and a local package; then package-lock.yml,
 * honoured on the next run, and the errors for a package that cannot be found or whose
 * versions conflict.
 */
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { copyFixture, strata, type CliResult } from '../support/cli.js';
import { makeBareRepository, type TestRepository } from '../support/git-repository.js';
import { startPackageHub, type PackageHub } from '../support/package-hub.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/deps');

let hub: PackageHub;
let repository: TestRepository;
let tagCommit: string;
let devCommit: string;

beforeAll(async () => {
  hub = await startPackageHub(join(FIXTURES, 'hub'));
  repository = makeBareRepository(join(FIXTURES, 'git/finance'));
  repository.tag('v1.0.0');
  tagCommit = repository.head();
  repository.commit('later rate', {
    'macros/to_eur.sql': '{% macro to_eur(column) %}({{ column }} * 0.95){% endmacro %}\n',
  });
  repository.branch('dev');
  devCommit = repository.commit('dev marker', {
    'inner/macros/inner.sql': "{% macro finance_inner_marker() %}'dev'{% endmacro %}\n",
  });
});

afterAll(async () => {
  await hub.close();
});

/** A copy of the fixture project with `packagesYml`, and the local package inside it. */
function project(packagesYml: string): string {
  const dir = copyFixture('deps/project');
  cpSync(join(FIXTURES, 'local/shared_macros'), join(dir, 'local_packages/shared_macros'), { recursive: true });
  writeFileSync(join(dir, 'packages.yml'), packagesYml);
  return dir;
}

/** `strata deps` against the test hub; `secretUrl` sets the secret variable holding the repository's URL. */
function deps(dir: string, args: string[] = [], secretUrl = false): Promise<CliResult> {
  const env: Record<string, string> = { DBT_PACKAGE_HUB_URL: hub.url };
  if (secretUrl) env.DBT_ENV_SECRET_GIT_URL = repository.url;
  return strata(['deps', ...args], { cwd: dir, env });
}

function installedVersion(dir: string, name: string): string {
  return (parseYaml(readFileSync(join(dir, 'dbt_packages', name, 'dbt_project.yml'), 'utf8')) as { version: string })
    .version;
}

const EVERY_SOURCE = [
  'packages:',
  '  - package: acme/date_helpers',
  '    version: 0.5.0',
  '  - package: acme/shop_utils',
  '    version: [">=1.0.0", "<3.0.0"]',
  `  - git: "{{ env_var('DBT_ENV_SECRET_GIT_URL') }}"`,
  '    revision: v1.0.0',
  `  - git: "{{ env_var('DBT_ENV_SECRET_GIT_URL') }}"`,
  '    subdirectory: inner',
  '    revision: dev',
  '  - local: local_packages/shared_macros',
  '',
].join('\n');

describe('strata deps with hub, git and local packages', () => {
  let dir: string;
  let first: CliResult;

  beforeAll(async () => {
    dir = project(EVERY_SOURCE);
    first = await deps(dir, [], true);
  });

  it('installs every package into dbt_packages/, the packages they need included', () => {
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(0);
    expect(readdirSync(join(dir, 'dbt_packages')).sort()).toEqual([
      'date_helpers',
      'finance_inner',
      'finance_macros',
      'shared_macros',
      'shop_utils',
    ]);
    // ">=1.0.0,<3.0.0" meets date_helpers' ">=1.0.0,<2.0.0": 1.2.0, not 2.0.0 nor the pre-release 2.1.0-b1
    expect(installedVersion(dir, 'shop_utils')).toBe('1.2.0');
    expect(existsSync(join(dir, 'dbt_packages/date_helpers/macros/days_between.sql'))).toBe(true);
  });

  it('checks out the git tag, and the branch for the subdirectory package', () => {
    expect(readFileSync(join(dir, 'dbt_packages/finance_macros/macros/to_eur.sql'), 'utf8')).toContain('* 0.9)');
    expect(existsSync(join(dir, 'dbt_packages/finance_macros/.git'))).toBe(true);
    expect(readFileSync(join(dir, 'dbt_packages/finance_inner/macros/inner.sql'), 'utf8')).toContain("'dev'");
    expect(existsSync(join(dir, 'dbt_packages/finance_inner/dbt_project.yml'))).toBe(true);
  });

  it('links the local package rather than copying it', () => {
    const link = join(dir, 'dbt_packages/shared_macros');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(join(dir, 'local_packages/shared_macros')));
  });

  it("writes package-lock.yml in dbt's shape, pinning commits and keeping the secret git URL unrendered", () => {
    const text = readFileSync(join(dir, 'package-lock.yml'), 'utf8');
    expect(text).not.toContain(repository.url);
    const lock = parseYaml(text) as { packages: unknown[]; sha1_hash: string };
    const secretUrl = "{{ env_var('DBT_ENV_SECRET_GIT_URL') }}";
    expect(lock.packages).toEqual([
      { package: 'acme/date_helpers', name: 'date_helpers', version: '0.5.0' },
      { package: 'acme/shop_utils', name: 'shop_utils', version: '1.2.0' },
      { git: secretUrl, name: 'finance_macros', revision: tagCommit },
      { git: secretUrl, name: 'finance_inner', revision: devCommit, subdirectory: 'inner' },
      { local: 'local_packages/shared_macros', name: 'shared_macros' },
    ]);
    expect(lock.sha1_hash).toMatch(/^[0-9a-f]{40}$/);
    // dbt writes keys sorted and list items indented under their key
    expect(text).toMatch(
      /^packages:\n {2}- name: date_helpers\n {4}package: acme\/date_helpers\n {4}version: 0\.5\.0\n/,
    );
  });

  it('never prints the secret git URL', () => {
    expect(first.stdout).not.toContain(repository.url);
    expect(first.stdout).toContain('Installing acme/shop_utils@1.2.0');
    // the range keeps 2.0.0 out; the newest release is pointed out, as dbt does
    const shopUtils = first.stdout.slice(first.stdout.indexOf('Installing acme/shop_utils@1.2.0'));
    expect(shopUtils).toMatch(
      /^Installing .*\n.*Installed as dbt_packages\/shop_utils\n.*Newer version available: 2\.0\.0/,
    );
  });

  it('installs the locked versions while package-lock.yml matches, and --upgrade resolves again', async () => {
    const lockBefore = readFileSync(join(dir, 'package-lock.yml'), 'utf8');
    hub.addRoot(join(FIXTURES, 'hub-later'));
    const served = hub.requests.length;
    const again = await deps(dir, [], true);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(installedVersion(dir, 'shop_utils')).toBe('1.2.0');
    expect(readFileSync(join(dir, 'package-lock.yml'), 'utf8')).toBe(lockBefore);
    // the pinned tarball was fetched again, not the newer one
    expect(hub.requests.slice(served)).toContain('/tarballs/acme/shop_utils/1.2.0.tar.gz');
    expect(again.stdout).toContain('Installed the versions pinned in package-lock.yml');

    const upgraded = await deps(dir, ['--upgrade'], true);
    expect(upgraded.code, upgraded.stdout + upgraded.stderr).toBe(0);
    expect(installedVersion(dir, 'shop_utils')).toBe('1.3.0');
    expect(readFileSync(join(dir, 'package-lock.yml'), 'utf8')).toContain('version: 1.3.0');
  });
});

describe('strata deps with a tarball package', () => {
  it('installs it under its name, and names the URL of one that is not there', async () => {
    const url = `${hub.url}tarballs/acme/shop_utils/2.0.0.tar.gz`;
    const dir = project(`packages:\n  - tarball: ${url}\n    name: shop_utils\n`);
    const result = await deps(dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(installedVersion(dir, 'shop_utils')).toBe('2.0.0');
    const lock = parseYaml(readFileSync(join(dir, 'package-lock.yml'), 'utf8')) as { packages: unknown[] };
    expect(lock.packages).toEqual([{ tarball: url, name: 'shop_utils' }]);

    const missing = `${hub.url}tarballs/acme/shop_utils/9.9.9.tar.gz`;
    const broken = project(`packages:\n  - tarball: ${missing}\n    name: shop_utils\n`);
    const failed = await deps(broken);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(
      `Cannot download the tarball of package "shop_utils": HTTP status 404 (${missing})`,
    );
  });
});

describe('strata deps errors', () => {
  it('names the package and the hub URL tried when the hub does not have it (exit 2)', async () => {
    const dir = project('packages:\n  - package: acme/no_such_package\n    version: 1.0.0\n');
    const result = await deps(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Package "acme/no_such_package" was not found on the package hub ' +
        `(tried ${hub.url}api/v1/acme/no_such_package.json)`,
    );
    expect(existsSync(join(dir, 'package-lock.yml'))).toBe(false);
  });

  it('names the repository when a git package cannot be cloned, and a missing revision', async () => {
    const missing = join(FIXTURES, 'no-such-repository.git');
    const dir = project(`packages:\n  - git: ${missing}\n    revision: v1.0.0\n`);
    const result = await deps(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`packages.yml:2: Cannot clone the git repository ${missing}`);

    const tagless = project(`packages:\n  - git: ${repository.url}\n    revision: v9.9.9\n`);
    const noRevision = await deps(tagless);
    expect(noRevision.code).toBe(2);
    expect(noRevision.stderr).toContain(`Revision "v9.9.9" was not found in the git repository ${repository.url}`);
  });

  it('names both requirements when the versions of a package conflict (exit 2)', async () => {
    const dir = project(
      [
        'packages:',
        '  - package: acme/shop_utils',
        '    version: [">=1.0.0", "<2.0.0"]',
        '  - package: acme/modern_reports',
        '    version: 1.0.0',
        '',
      ].join('\n'),
    );
    const result = await deps(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Version conflict for package "acme/shop_utils"');
    expect(result.stderr).toContain('packages.yml:2 requires [">=1.0.0", "<2.0.0"]');
    expect(result.stderr).toContain('package "modern_reports"');
    expect(result.stderr).toContain('requires [">=2.0.0"]');
  });

  it('says which version ranges no published version meets', async () => {
    const dir = project('packages:\n  - package: acme/shop_utils\n    version: [">=5.0.0"]\n');
    const result = await deps(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No version of package "acme/shop_utils" satisfies [">=5.0.0"]');
    expect(result.stderr).toMatch(/Versions published at .*: 1\.0\.0, 1\.2\.0, 2\.0\.0, 2\.1\.0-b1/);
  });

  it('rejects an unknown key at its line with the closest name, and warns for keys without an effect', async () => {
    const typo = project(`packages:\n  - git: ${repository.url}\n    revison: v1.0.0\n`);
    const result = await deps(typo);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('packages.yml:3: Unknown key "revison" in a "git" package entry');
    expect(result.stderr).toContain('Did you mean "revision"?');

    const dir = copyFixture('deps/project');
    writeFileSync(
      join(dir, 'dependencies.yml'),
      `packages:\n  - git: ${repository.url}\n    revision: v1.0.0\nprojects:\n  - name: core_platform\n`,
    );
    const warned = await deps(dir);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stdout).toContain('dependencies.yml:4: "projects" in dependencies.yml is a dbt setting');
    expect(readdirSync(join(dir, 'dbt_packages'))).toEqual(['finance_macros']);
  });

  it('reports an unreachable hub with its URL, leaving nothing half installed', async () => {
    const dir = project('packages:\n  - package: acme/shop_utils\n    version: 1.0.0\n');
    const closed = await startPackageHub();
    await closed.close();
    const result = await strata(['deps'], { cwd: dir, env: { DBT_PACKAGE_HUB_URL: closed.url } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot fetch package "acme\/shop_utils" from the package hub: .*ECONNREFUSED/);
    expect(result.stderr).toContain(`${closed.url}api/v1/acme/shop_utils.json`);
    expect(existsSync(join(dir, 'dbt_packages'))).toBe(false);
  });
});
