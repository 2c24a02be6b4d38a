/**
 * The folder downloads are unpacked into before anything is installed, so that a failed
 * `strata deps` leaves the previous install untouched, and the move from there into place.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A new temp folder for one run's downloads; the caller removes it. */
export function makeStagingDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strata-deps-'));
}

/** Move folder `from` to `to` (absent), copying when they are on different file systems. */
export function moveFolder(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}
