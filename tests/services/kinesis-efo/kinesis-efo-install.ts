import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFileLock } from '../lifecycle/file-lock.js';
import { runCommand } from '../lifecycle/run-command.js';

/** The Kinesis server crate the launcher is built on (crates.io). */
export const FERROKINESIS_VERSION = '0.7.0';
const LAUNCHER_FILES = ['Cargo.toml', 'Cargo.lock', join('src', 'main.rs')];
const BINARY = 'strata-kinesis-efo';
/** ferrokinesis's `rust-version` (it is written in Rust's 2024 edition) */
const MIN_RUST: [number, number] = [1, 87];
const INSTALL_FOLDER = /^\d+\.\d+\.\d+-[0-9a-f]{12}$/;

/**
 * Builds the service's server with cargo: the launcher in `launcher/` (ferrokinesis's
 * library, pinned by its Cargo.lock) installed by `cargo install --locked` under
 * `<cacheDir>/kinesis-efo/<version>-<hash of the launcher's files>/bin`. The build folder
 * stays in the cache so a changed launcher rebuilds only itself. An interrupted install
 * never looks finished (installed into a partial folder, then renamed); a second call is
 * a file check; installs of earlier launchers are removed. Needs Rust's cargo 1.87 or newer
 * (on PATH or in ~/.cargo/bin) and crates.io.
 */
export async function ensureKinesisEfo(cacheDir: string, log: (line: string) => void): Promise<string> {
  const launcher = launcherDir();
  const root = join(cacheDir, 'kinesis-efo');
  const home = join(root, `${FERROKINESIS_VERSION}-${launcherHash(launcher)}`);
  const binary = join(home, 'bin', BINARY);
  if (existsSync(binary)) return binary;
  await withFileLock(join(root, 'install.lock'), async () => {
    if (existsSync(binary)) return;
    const cargo = await findCargo();
    const partial = `${home}.partial`;
    rmSync(partial, { recursive: true, force: true });
    log(`building ferrokinesis ${FERROKINESIS_VERSION} with cargo (a few minutes the first time)`);
    await runCommand(cargo, [
      'install',
      '--path',
      launcher,
      '--locked',
      '--root',
      partial,
      '--target-dir',
      join(root, 'target'),
    ]);
    renameSync(partial, home);
    for (const old of readdirSync(root))
      if (INSTALL_FOLDER.test(old) && join(root, old) !== home)
        rmSync(join(root, old), { recursive: true, force: true });
  });
  return binary;
}

/** cargo on PATH, else where rustup puts it; a clear failure when Rust is missing or too old. */
async function findCargo(): Promise<string> {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(':')
      .filter(Boolean)
      .map((dir) => join(dir, 'cargo')),
    join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'cargo'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  const needed = `Rust ${MIN_RUST.join('.')} or newer`;
  if (!found)
    throw new Error(
      `kinesis-efo builds its Kinesis server (ferrokinesis, crates.io) with cargo and needs ${needed}; no cargo ` +
        'was found on PATH or in ~/.cargo/bin. Install it with rustup (`rustup toolchain install stable`).',
    );
  const version = /cargo (\d+)\.(\d+)/.exec(await runCommand(found, ['--version']));
  const [major, minor] = [Number(version?.[1] ?? 0), Number(version?.[2] ?? 0)];
  if (major < MIN_RUST[0] || (major === MIN_RUST[0] && minor < MIN_RUST[1]))
    throw new Error(
      `kinesis-efo needs ${needed} to build ferrokinesis; ${found} is ${major}.${minor} ` +
        "(Debian bookworm's cargo package is 1.65). Install a newer one with rustup " +
        '(`rustup toolchain install stable`).',
    );
  return found;
}

/**
 * The launcher crate: next to this module when run from source, or in the repository's
 * tests/services/kinesis-efo when run compiled from dist/tests/services/kinesis-efo.
 */
function launcherDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [
    join(here, 'launcher'),
    join(here, '..', '..', '..', '..', 'tests', 'services', 'kinesis-efo', 'launcher'),
  ];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'Cargo.toml')));
  if (!found) throw new Error(`kinesis-efo: the launcher crate was not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** A short hash of the launcher's sources: a changed launcher is a new install. */
function launcherHash(launcher: string): string {
  const hash = createHash('sha256');
  for (const file of LAUNCHER_FILES) hash.update(readFileSync(join(launcher, file)));
  return hash.digest('hex').slice(0, 12);
}
