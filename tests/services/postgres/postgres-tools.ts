import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runCommand } from '../lifecycle/run-command.js';

/**
 * Path of a PostgreSQL server program (`initdb`, `pg_ctl`): from PATH when it is there,
 * else from the newest Debian install under /usr/lib/postgresql/<major>/bin, which
 * Debian keeps off PATH.
 */
export function postgresProgram(name: 'initdb' | 'pg_ctl'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root).filter((major) => existsSync(join(root, major, 'bin', name)))
    : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined)
    throw new Error(`${name} not found on PATH or under ${root}/*/bin (on Debian: apt-get install postgresql)`);
  return join(root, newest, 'bin', name);
}

/** PostgreSQL refuses to run as root; root runs the server programs as the `postgres` user. */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The command and arguments that run `program` as the right user (see {@link runsAsRoot}). */
export function asServerUser(program: string, args: readonly string[]): [string, string[]] {
  return runsAsRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, [...args]];
}

/** uid and gid of the `postgres` user, to hand it the cluster directory. */
export async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await runCommand('id', [flag, 'postgres'])).trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new Error('running as root needs the `postgres` OS user (the Debian postgresql package creates it)');
  }
}

/**
 * Where a throwaway cluster lives: `<cacheDir>/postgres/<port>`, except as root, where
 * the `postgres` user cannot enter root's home (mode 700), so it goes under the temp dir.
 */
export function clusterDir(cacheDir: string, port: number): string {
  const base = runsAsRoot() ? join(tmpdir(), 'strata-postgres') : join(cacheDir, 'postgres');
  return join(base, String(port));
}
