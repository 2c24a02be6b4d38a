import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPackagesFile } from '../../../src/deps/packages-file.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

/** Every key dbt documents for an entry of packages.yml, one kind per entry. */
const EVERY_KEY = [
  'packages:',
  '  - package: dbt-labs/dbt_utils',
  '    version: [">=1.0.0", "<2.0.0"]',
  '    install-prerelease: true',
  '  - git: https://github.com/org/repo.git',
  '    revision: v1.2.0',
  '    subdirectory: pkg',
  '    warn-unpinned: false',
  '  - local: ../shared',
  '  - tarball: https://example.com/pkg.tar.gz',
  '    name: from_tarball',
  '  - private: org/private_repo',
  '    provider: github',
  '    revision: main',
  '  - package: dbt-labs/codegen',
  '    version: 0.12.1',
  '    name: codegen',
  '',
].join('\n');

describe('packages.yml', () => {
  it('reads every kind of entry dbt documents', () => {
    const root = tempProject({ 'packages.yml': EVERY_KEY });
    const file = loadPackagesFile(root);
    expect(file.file).toBe('packages.yml');
    expect(file.specs).toMatchObject([
      { kind: 'hub', name: 'dbt-labs/dbt_utils', versions: ['>=1.0.0', '<2.0.0'], installPrerelease: true },
      { kind: 'git', url: 'https://github.com/org/repo.git', revision: 'v1.2.0', subdirectory: 'pkg' },
      { kind: 'local', path: '../shared', absPath: path.resolve(root, '../shared') },
      { kind: 'tarball', url: 'https://example.com/pkg.tar.gz', name: 'from_tarball' },
      { kind: 'hub', name: 'dbt-labs/codegen', versions: ['0.12.1'] },
    ]);
    expect(file.specs[1]).toMatchObject({ warnUnpinned: false, at: { file: 'packages.yml', line: 5 } });
    // the private entry counts in the hash though nothing installs it, as in dbt
    expect(file.entries).toHaveLength(6);
  });

  it("reads dbt's snake_case spellings of the boolean keys too", () => {
    const root = tempProject({
      'packages.yml':
        'packages:\n  - package: a/b\n    version: 1.0.0\n    install_prerelease: true\n' +
        '  - git: https://example.com/r.git\n    warn_unpinned: false\n',
    });
    expect(loadPackagesFile(root).specs).toMatchObject([{ installPrerelease: true }, { warnUnpinned: false }]);
  });

  it('warns once, at its line, for what Strata does not act on', () => {
    const warnings = loadPackagesFile(tempProject({ 'packages.yml': EVERY_KEY })).warnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^packages\.yml:12: "private" packages are installed by dbt Cloud/),
      expect.stringMatching(/^packages\.yml:17: "name" of a "package" package entry is a dbt package key .* no effect/),
    ]);
  });

  it('rejects an unknown key with the closest name, at its line', () => {
    const root = tempProject({ 'packages.yml': 'packages:\n  - package: a/b\n    versoin: 1.0.0\n' });
    expectStrataError(() => loadPackagesFile(root), {
      file: 'packages.yml',
      line: 3,
      message: 'Unknown key "versoin" in a "package" package entry',
      hint: /Did you mean "version"\?/,
    });
  });

  it('reports an entry without a source, two sources, a missing version and a bad hub name', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['packages:\n  - revision: v1\n', 2, /names no source/],
      ['packages:\n  - git: x\n    local: y\n', 2, /has both "local" and "git"/],
      ['packages:\n  - package: a/b\n', 2, /needs a "version"/],
      ['packages:\n  - package: dbt_utils\n    version: 1.0.0\n', 2, /is not a hub package name/],
    ];
    for (const [text, line, message] of cases) {
      expectStrataError(() => loadPackagesFile(tempProject({ 'packages.yml': text })), {
        file: 'packages.yml',
        line,
        message,
      });
    }
  });

  it('renders env_var, a secret one included, keeping the entry as written too', () => {
    const root = tempProject({
      'packages.yml': 'packages:\n  - git: "https://{{ env_var(\'DBT_ENV_SECRET_TOKEN\') }}@example.com/r.git"\n',
    });
    const [spec] = loadPackagesFile(root, { env: { DBT_ENV_SECRET_TOKEN: 'tok-1' } }).specs;
    expect(spec).toMatchObject({ kind: 'git', url: 'https://tok-1@example.com/r.git' });
    expect(spec?.unrendered.git).toContain("env_var('DBT_ENV_SECRET_TOKEN')");
  });

  it('reads dependencies.yml, warning for "projects", and refuses packages in both files', () => {
    const root = tempProject({
      'dependencies.yml': 'packages:\n  - local: ../x\nprojects:\n  - name: platform\n',
    });
    const file = loadPackagesFile(root);
    expect(file.file).toBe('dependencies.yml');
    expect(file.warnings).toEqual([expect.stringMatching(/^dependencies\.yml:3: "projects" .* no effect\.$/)]);
    const both = tempProject({
      'packages.yml': 'packages:\n  - local: ../x\n',
      'dependencies.yml': 'packages:\n  - local: ../y\n',
    });
    expectStrataError(() => loadPackagesFile(both), { file: 'dependencies.yml', line: 1, message: /Both/ });
    expect(loadPackagesFile(tempProject())).toEqual({ specs: [], entries: [], warnings: [] });
  });
});
