import { readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes.js';

/**
 * Runs `fn` while holding a lock file holding our PID, so two installs (two test runs,
 * or the CLI beside a test run, or two services sharing the virtualenv) do not write the
 * same directory at once. A lock left by a process that died is taken over.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readQuietly(path));
    if (holder > 0 && !isAlive(holder)) {
      unlinkQuietly(path);
      continue;
    }
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${path} (held by PID ${holder})`);
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    unlinkQuietly(path);
  }
}

function readQuietly(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: someone else took over a stale lock
  }
}
