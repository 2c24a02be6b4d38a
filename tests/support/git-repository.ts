/**
 * Local git repositories for tests of git packages: a bare repository made from a fixture
 * folder, with commits, tags and branches added through a working clone.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** A bare repository and a working clone to commit to it through. */
export interface TestRepository {
  /** the bare repository's path: the URL a packages.yml names */
  url: string;
  /** write `files` (repository-relative path -> text), commit them, push the current branch */
  commit(message: string, files?: Record<string, string>): string;
  tag(name: string): void;
  /** the commit the current branch is at */
  head(): string;
  /** create (or switch to) a branch */
  branch(name: string): void;
}

/** A bare repository whose first commit (on `main`) holds the files of `fixtureDir`. */
export function makeBareRepository(fixtureDir: string): TestRepository {
  const bare = join(tempDir('strata-git-bare-'), 'repo.git');
  const work = tempDir('strata-git-work-');
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Strata Tests', '-c', 'user.email=tests@example.com', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim();
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(work, 'remote', 'add', 'origin', bare);
  cpSync(fixtureDir, work, { recursive: true });
  const repository: TestRepository = {
    url: bare,
    commit(message, files = {}) {
      for (const [path, text] of Object.entries(files)) writeFileSync(join(work, path), text);
      git(work, 'add', '--all');
      git(work, 'commit', '--quiet', '-m', message);
      git(work, 'push', '--quiet', '--tags', 'origin', 'HEAD');
      return git(work, 'rev-parse', 'HEAD');
    },
    head: () => git(work, 'rev-parse', 'HEAD'),
    tag(name) {
      git(work, 'tag', name);
      git(work, 'push', '--quiet', 'origin', name);
    },
    branch(name) {
      git(work, 'checkout', '--quiet', '-B', name);
    },
  };
  repository.commit('first version');
  return repository;
}
