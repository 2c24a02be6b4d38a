import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir } from './temp-dir.js';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/strata.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A fresh copy of a fixture project in a temp folder, so runs never touch the repository;
 * removed after the test file.
 */
export function copyFixture(name: string): string {
  const dir = tempDir(`strata-${name.replace(/\//g, '-')}-`);
  cpSync(join(REPO, 'tests/fixtures', name), dir, {
    recursive: true,
    filter: (src) => !/\/(target|lake)(\/|$)/.test(src.slice(REPO.length)),
  });
  return dir;
}

/**
 * Run the built CLI (dist/) as a user would, in `cwd` (as user `uid` when given: file modes
 * bind only non-root users).
 */
export function strata(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    uid?: number;
    onSpawn?: (kill: (signal: NodeJS.Signals) => void, output: () => string) => void;
  },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    options.onSpawn?.(
      (signal) => child.kill(signal),
      () => stdout,
    );
  });
}

/** Query a DuckDB file after the CLI has exited (one process may hold the file at a time). */
export async function queryDuckDb(path: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
