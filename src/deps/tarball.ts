/**
 * Package tarballs (hub packages, and `tarball:` entries): downloaded, unpacked with the
 * system's `tar`, and the package folder inside found (archives made by GitHub wrap the
 * package in one top folder, `dbt-utils-1.1.1/`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { StrataError } from '../errors/strata-error.js';
import { httpGet } from './http-get.js';

const run = promisify(execFile);

/**
 * Download the .tar.gz at `url` and unpack it into `dir` (absent); returns the package's
 * folder inside. `what` names the package in messages.
 */
export async function fetchTarball(url: string, dir: string, what: string, timeoutMs?: number): Promise<string> {
  const response = await httpGet(url, `the tarball of ${what}`, timeoutMs);
  if (response.status !== 200) {
    throw new StrataError(`Cannot download the tarball of ${what}: HTTP status ${response.status} (${url})`, {
      hint:
        response.status === 404
          ? 'The archive is not at that URL: check the tarball URL, or the hub that lists it.'
          : 'Check that the server is up and allows the download, then run the command again.',
    });
  }
  fs.mkdirSync(dir, { recursive: true });
  const archive = `${dir}.tar.gz`;
  fs.writeFileSync(archive, response.body);
  try {
    await run('tar', ['-xzf', archive, '-C', dir]);
  } catch (cause) {
    const reason = ((cause as { stderr?: string }).stderr ?? '').trim().split('\n')[0] || 'not a .tar.gz archive';
    throw new StrataError(`Cannot unpack the tarball of ${what}: ${reason} (${url})`, {
      hint: 'The URL must serve a gzipped tar archive of the package.',
      cause,
    });
  } finally {
    fs.rmSync(archive, { force: true });
  }
  return packageRoot(dir);
}

/** The folder holding dbt_project.yml: `dir` itself, or its one top folder. */
function packageRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, 'dbt_project.yml'))) return dir;
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const only = entries.length === 1 && entries[0]!.isDirectory() ? entries[0]!.name : undefined;
  return only === undefined ? dir : path.join(dir, only);
}
