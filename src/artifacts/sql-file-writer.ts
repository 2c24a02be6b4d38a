/**
 * Writes the many small SQL files of a compile (tens of thousands at 10,000 models) off
 * the critical path: each file to create or change is handed to Node's file-system thread
 * pool, a bounded number at a time, while the caller keeps compiling; `flush` waits for
 * all of them. A file is rewritten only when its text changed (rewriting costs more than
 * reading; the read is synchronous, cheaper than a round trip through the pool), and a
 * folder this writer created holds no old file to read.
 */
import { mkdirSync, readFileSync, writeFile } from 'node:fs';
import { dirname } from 'node:path';
import { fileSystemError } from '../errors/file-system-error.js';

interface PendingFile {
  path: string;
  text: string;
}

/** How many files are being read or written at once: enough to keep the thread pool busy. */
const IN_FLIGHT = 32;

/** A queue of files to write; errors are raised by `flush`, named by path. */
export class SqlFileWriter {
  private readonly queue: PendingFile[] = [];
  private next = 0;
  private inFlight = 0;
  private readonly writing = new Set<string>();
  private readonly rewrites = new Map<string, PendingFile>();
  private readonly folders = new Map<string, boolean>();
  private readonly given = new Set<string>();
  private failure: unknown;
  private waiting: Array<() => void> = [];

  /** Queue `text` for `path`; its folder is created now. */
  write(path: string, text: string): void {
    const folder = dirname(path);
    let fresh = this.folders.get(folder);
    if (fresh === undefined) {
      try {
        // mkdirSync returns a path only when it created something, and then the folder itself is new
        fresh = mkdirSync(folder, { recursive: true }) !== undefined;
      } catch (error) {
        this.fail(error, folder, 'create the folder');
        return;
      }
      this.folders.set(folder, fresh);
    }
    // a path given twice is written twice, in order: the file may not hold the first text yet
    const again = this.given.has(path);
    this.given.add(path);
    if (!fresh && !again && readIfExists(path) === text) return;
    this.queue.push({ path, text });
    this.pump();
  }

  /** Wait for every queued file; throw the first failure, if any. */
  async flush(): Promise<void> {
    await this.settle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Wait for every queued file, failed or not. */
  settle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private idle(): boolean {
    return this.inFlight === 0 && this.next === this.queue.length && this.rewrites.size === 0;
  }

  private pump(): void {
    while (this.inFlight < IN_FLIGHT && this.next < this.queue.length) {
      const file = this.queue[this.next]!;
      // drop the reference: the texts of a big project add up
      this.queue[this.next++] = undefined as unknown as PendingFile;
      if (this.writing.has(file.path)) this.rewrites.set(file.path, file);
      else this.start(file);
    }
    if (this.idle()) {
      this.queue.length = 0;
      this.next = 0;
      for (const resolve of this.waiting.splice(0)) resolve();
    }
  }

  private start(file: PendingFile): void {
    this.inFlight++;
    this.writing.add(file.path);
    writeFile(file.path, file.text, (error) => this.done(file, error));
  }

  private done(file: PendingFile, error: unknown): void {
    this.inFlight--;
    this.writing.delete(file.path);
    if (error) this.fail(error, file.path, 'write');
    // a second text for the same path waits for the first write, so the last one wins
    const rewrite = this.rewrites.get(file.path);
    if (rewrite) {
      this.rewrites.delete(file.path);
      this.start(rewrite);
    }
    this.pump();
  }

  private fail(error: unknown, path: string, action: string): void {
    this.failure ??= fileSystemError(error, { path, action }) ?? error;
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
