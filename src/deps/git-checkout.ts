/**
 * Git packages, fetched with the `git` binary as dbt does: a clone of the repository, the
 * `revision` checked out (a branch, a tag or a commit; the default branch when absent), and
 * the commit it resolved to, which package-lock.yml records.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatLocation, StrataError } from '../errors/strata-error.js';
import type { GitSpec } from './package-spec.js';

const run = promisify(execFile);

/** How long one git command may take: cloning a large repository over a slow link takes a while. */
export const DEFAULT_GIT_TIMEOUT_MS = 300_000;

/** A checked-out git package. */
export interface GitCheckout {
  /** the clone */
  cloneDir: string;
  /** the package's folder: the clone, or its `subdirectory` */
  packageDir: string;
  /** the full commit hash `revision` resolved to */
  commit: string;
}

/** Clone `spec.url` into `cloneDir` (absent) and check out its revision. */
export async function checkoutGitPackage(
  spec: GitSpec,
  cloneDir: string,
  timeoutMs = DEFAULT_GIT_TIMEOUT_MS,
): Promise<GitCheckout> {
  const source = `git repository ${spec.url}`;
  await git(['clone', '-q', spec.url, cloneDir], `Cannot clone the ${source}`, spec, timeoutMs);
  if (spec.revision !== undefined) {
    await git(
      ['-C', cloneDir, '-c', 'advice.detachedHead=false', 'checkout', '-q', spec.revision, '--'],
      `Revision "${spec.revision}" was not found in the ${source}`,
      spec,
      timeoutMs,
    );
  }
  const commit = (
    await git(['-C', cloneDir, 'rev-parse', 'HEAD'], `Cannot read the ${source}`, spec, timeoutMs)
  ).stdout.trim();
  const packageDir = spec.subdirectory === undefined ? cloneDir : path.join(cloneDir, spec.subdirectory);
  if (!fs.existsSync(packageDir)) {
    throw new StrataError(`Subdirectory "${spec.subdirectory}" was not found in the ${source} at ${commit}`, {
      location: spec.at,
      hint: "Name the folder (relative to the repository root) that holds the package's dbt_project.yml.",
    });
  }
  return { cloneDir, packageDir, commit };
}

async function git(
  args: string[],
  failure: string,
  spec: GitSpec,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  try {
    // never wait on a password prompt: a private repository needs its token in the URL or a credential helper
    return await run('git', args, { timeout: timeoutMs, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException & { stderr?: string; killed?: boolean; signal?: string };
    if (error.code === 'ENOENT') {
      throw new StrataError('git is not installed, and git packages are fetched with it', {
        location: spec.at,
        hint: 'Install git (and put it on the PATH), then run `strata deps` again.',
        cause,
      });
    }
    const reason = error.killed
      ? `no answer within ${timeoutMs / 1000} s`
      : (error.stderr ?? '').trim().split('\n').pop() || error.message;
    // a package's own packages.yml is named in `requiredBy`; the project's is the location already
    const asker = spec.requiredBy === formatLocation(spec.at) ? '' : ` (required by ${spec.requiredBy})`;
    throw new StrataError(`${failure}${asker}: ${reason}`, {
      location: spec.at,
      hint: 'Check the URL and the revision (a branch, a tag or a commit), and that this machine can reach it.',
      cause,
    });
  }
}
