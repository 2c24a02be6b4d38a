import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutGitPackage } from '../../../src/deps/git-checkout.js';
import type { GitSpec } from '../../../src/deps/package-spec.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { makeBareRepository, type TestRepository } from '../../support/git-repository.js';
import { tempDir } from '../../support/temp-dir.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/deps/git/finance');
let repository: TestRepository;
let first: string;
let latest: string;

beforeAll(() => {
  repository = makeBareRepository(FIXTURE);
  first = repository.head();
  repository.tag('v1.0.0');
  latest = repository.commit('new rate', {
    'macros/to_eur.sql': '{% macro to_eur(c) %}({{ c }} * 0.95){% endmacro %}\n',
  });
  repository.branch('release');
  repository.commit('release marker', { 'RELEASE.md': 'release\n' });
});

function spec(fields: Partial<GitSpec>): GitSpec {
  const at = { file: 'packages.yml', line: 2 };
  return {
    kind: 'git',
    url: repository.url,
    warnUnpinned: true,
    at,
    requiredBy: 'packages.yml:2',
    fromProject: true,
    entry: {},
    unrendered: {},
    ...fields,
  };
}

function clone(fields: Partial<GitSpec>) {
  return checkoutGitPackage(spec(fields), join(tempDir('strata-clone-'), 'pkg'));
}

describe('checkoutGitPackage', () => {
  it('checks out a tag, a commit and a branch, and reports the commit', async () => {
    const tagged = await clone({ revision: 'v1.0.0' });
    expect(tagged.commit).toBe(first);
    expect(readFileSync(join(tagged.packageDir, 'macros/to_eur.sql'), 'utf8')).toContain('0.9)');
    expect((await clone({ revision: latest })).commit).toBe(latest);
    const branch = await clone({ revision: 'release' });
    expect(readFileSync(join(branch.packageDir, 'RELEASE.md'), 'utf8')).toBe('release\n');
  });

  it('takes the default branch without a revision, and a subdirectory as the package', async () => {
    expect((await clone({})).commit).toBe(latest);
    const inner = await clone({ subdirectory: 'inner', revision: 'v1.0.0' });
    expect(inner.packageDir).toBe(join(inner.cloneDir, 'inner'));
  });

  it('names the repository, the revision or the subdirectory that is missing', async () => {
    const messages = await Promise.all(
      [{ revision: 'v7' }, { subdirectory: 'nowhere' }, { url: join(FIXTURE, 'missing.git') }].map((fields) =>
        clone(fields).then(
          () => '',
          (error: unknown) => (error instanceof StrataError ? error.message : String(error)),
        ),
      ),
    );
    expect(messages[0]).toMatch(`Revision "v7" was not found in the git repository ${repository.url}`);
    expect(messages[1]).toMatch(`Subdirectory "nowhere" was not found in the git repository ${repository.url}`);
    expect(messages[2]).toMatch(`Cannot clone the git repository ${join(FIXTURE, 'missing.git')}`);
  });
});
