import { rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * A marker next to a DuckDB file saying another process is waiting to open it. DuckDB lets
 * one process at a time hold a file, and a watcher running back to back would hold it for
 * good; closing it after every run costs a checkpoint each time. So a process that finds the
 * file locked keeps `<file>.waiting` fresh while it retries and removes it once it got in,
 * and the holder lets go between runs only while the marker is fresh.
 */
export class DuckDbFileWaiters {
  private readonly marker: string;

  constructor(databasePath: string) {
    this.marker = `${databasePath}.waiting`;
  }

  /** Say this process waits (again at each retry, which keeps the marker fresh). */
  announce(): void {
    try {
      writeFileSync(this.marker, String(process.pid));
    } catch {
      // a read-only folder: the holder lets go when idle, as it would without the marker
    }
  }

  /** This process got in (or gave up): others that still wait announce themselves again. */
  withdraw(): void {
    rmSync(this.marker, { force: true });
  }

  /** Someone announced within `STALE_MS` (a waiter killed mid-wait leaves a stale marker). */
  waiting(): boolean {
    try {
      return Date.now() - statSync(this.marker).mtimeMs < STALE_MS;
    } catch {
      return false;
    }
  }

  /** After letting go: until the waiter got in (or `GRACE_MS`), so the holder does not take the file back first. */
  async letIn(): Promise<void> {
    const deadline = Date.now() + GRACE_MS;
    while (this.waiting() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A marker not refreshed for this long is left by a process that no longer waits (waiters refresh every 50 ms). */
const STALE_MS = 1_000;
const GRACE_MS = 2_000;
const POLL_MS = 10;
