/**
 * The thread that writes compiled SQL files for `SqlFileWriter`. It runs from source text
 * (`new Worker(text, { eval: true })`), so the same code serves the built CLI and the
 * TypeScript test runner: `workerMain` must not use anything imported by this module
 * (type imports vanish at build time; modules are required inside it).
 */
import type * as FileSystem from 'node:fs';
import type * as Path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';

/** One file to write. */
export interface SqlFile {
  path: string;
  text: string;
}

/** A failed step, as plain data: errors lose their fields between threads. */
export interface FileFailure {
  path: string;
  action: string;
  code?: string;
  message: string;
}

/** What the worker answers to `'flush'`: the first failure since it started, if any. */
export interface FlushReply {
  failure?: FileFailure;
}

/** Messages to the worker: a batch of files, or `'flush'` to be answered once all before it are done. */
export type WriterMessage = SqlFile[] | 'flush';

function workerMain(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof FileSystem;
  const { dirname } = require('node:path') as typeof Path;
  const { parentPort } = require('node:worker_threads') as typeof WorkerThreads;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // folder -> whether this thread created it (a new folder holds no old file to compare with)
  const folders = new Map<string, boolean>();
  // a path given twice is compared only the first time: the file may already hold the first text
  const seen = new Set<string>();
  let failure: FileFailure | undefined;

  const fail = (path: string, action: string, error: unknown): void => {
    const { code, message } = error as NodeJS.ErrnoException;
    failure ??= { path, action, code, message };
  };
  const unchanged = (path: string, text: string): boolean => {
    try {
      return fs.readFileSync(path, 'utf8') === text;
    } catch {
      return false;
    }
  };
  const writeOne = ({ path, text }: SqlFile): void => {
    const folder = dirname(path);
    let fresh = folders.get(folder);
    if (fresh === undefined) {
      try {
        // mkdirSync returns a path only when it created something, and then the folder itself is new
        fresh = fs.mkdirSync(folder, { recursive: true }) !== undefined;
      } catch (error) {
        fail(folder, 'create the folder', error);
        return;
      }
      folders.set(folder, fresh);
    }
    const again = seen.has(path);
    seen.add(path);
    if (!fresh && !again && unchanged(path, text)) return;
    try {
      fs.writeFileSync(path, text);
    } catch (error) {
      fail(path, 'write', error);
    }
  };

  parentPort!.on('message', (message: WriterMessage) => {
    if (message === 'flush') parentPort!.postMessage({ failure } satisfies FlushReply);
    else message.forEach(writeOne);
  });
}

/** The worker's source text. */
export const SQL_FILE_WORKER_SOURCE = `(${workerMain.toString()})()`;
