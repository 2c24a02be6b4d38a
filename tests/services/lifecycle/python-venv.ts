import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from './file-lock.js';
import { runCommand } from './run-command.js';

/**
 * Makes sure `<cacheDir>/venv` exists and has `packages` (pip requirement strings, e.g.
 * `moto[server]==5.2.5`) installed, and returns the virtualenv's `bin` directory.
 *
 * The virtualenv is created once with `python3 -m venv` (`$STRATA_PYTHON` overrides the
 * interpreter). A marker file named after a hash of the sorted package list records a
 * finished install, so a warm call costs one `existsSync` instead of a pip run. Every
 * service that needs Python shares this one virtualenv; installs are serialized by a
 * lock file.
 */
export async function ensurePythonPackages(
  cacheDir: string,
  packages: readonly string[],
  log: (line: string) => void,
): Promise<string> {
  const venv = join(cacheDir, 'venv');
  const bin = join(venv, 'bin');
  const key = createHash('sha256')
    .update([...packages].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  const marker = join(venv, `.strata-installed-${key}`);
  if (existsSync(marker)) return bin;
  await withFileLock(join(cacheDir, 'venv.lock'), async () => {
    if (existsSync(marker)) return;
    if (!existsSync(join(bin, 'pip'))) {
      const python = process.env.STRATA_PYTHON || 'python3';
      log(`creating a Python virtualenv in ${venv}`);
      // A half-made virtualenv (e.g. python3-venv missing) would fail the same way forever.
      rmSync(venv, { recursive: true, force: true });
      await runCommand(python, ['-m', 'venv', venv]).catch((error: Error) => {
        rmSync(venv, { recursive: true, force: true });
        throw new Error(`${error.message}\n(on Debian: apt-get install python3-venv)`);
      });
    }
    log(`pip install ${packages.join(' ')}`);
    await runCommand(join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...packages]);
    writeFileSync(marker, `${packages.join('\n')}\n`);
  });
  return bin;
}
