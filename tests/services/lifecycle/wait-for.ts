import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines, stopProcess } from './processes.js';

/** What is being waited for, to name it when the wait fails. */
export interface WaitTarget {
  service: string;
  logFile: string;
  /** how the process ended, if it did: stops the wait at once instead of at the deadline */
  exited?: () => string | undefined;
  /** the process just started: stopped when the wait fails, since nobody will record it */
  pid?: number;
}

/**
 * Polls `check` until it answers true or `timeoutMs` passes. A check that throws counts
 * as "not yet". On failure the process is stopped and the error names the service, its
 * log file and the log's last lines, because in CI that log is the only witness.
 */
export async function waitFor(
  target: WaitTarget,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const ended = target.exited?.();
    if (ended !== undefined) throw startFailure(target, `its process ${ended} before answering`);
    if (Date.now() >= deadline) {
      if (target.pid !== undefined) await stopProcess(target.pid, '');
      throw startFailure(target, `did not answer within ${timeoutMs / 1000}s`);
    }
    await sleep(intervalMs);
  }
}

/** An error for a service that did not come up, with the tail of its log. */
export function startFailure(target: Pick<WaitTarget, 'service' | 'logFile'>, what: string): Error {
  const tail = lastLines(target.logFile);
  return new Error(`${target.service}: ${what}; log: ${target.logFile}${tail ? `\n--- last lines ---\n${tail}` : ''}`);
}
