/**
 * Finding what writers that are gone left behind: temporary files and folders named with
 * the process id that made them, checked against the processes of this host and against
 * the time they were last touched.
 */
import { readdir, rm, stat } from 'node:fs/promises';

/** Whether a process of this host is alive (signal 0 checks without signalling). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` names another process of this host that is gone. */
export function isGoneProcess(pid: number | undefined): boolean {
  return pid !== undefined && Number.isInteger(pid) && pid !== process.pid && !isRunning(pid);
}

/** The names in a folder; none when it does not exist. */
export async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Whether a file or folder was last modified before `time` (ms since the epoch). */
export async function modifiedBefore(path: string, time: number): Promise<boolean> {
  try {
    return (await stat(path)).mtimeMs < time;
  } catch {
    return false;
  }
}

/** Remove a file or a folder with what it holds; returns the path, for the log. */
export async function removePath(path: string): Promise<string> {
  await rm(path, { recursive: true, force: true });
  return path;
}
