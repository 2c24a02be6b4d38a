/**
 * Writes the many small SQL files of a compile (tens of thousands at 10,000 models) off
 * the critical path: files go in batches to a worker thread (`sql-file-worker.ts`), which
 * creates their folders, compares each with the file already there and writes only what
 * changed, while this thread keeps compiling; `flush` waits for all of them.
 *
 * A thread of its own rather than Node's thread pool: every file costs a read (most SQL is
 * unchanged from one compile to the next, and rewriting costs more than reading) and maybe
 * a write; doing the reads here, or answering a pool callback per step, took a tenth of a
 * 10,000-model compile on this thread.
 */
import { Worker } from 'node:worker_threads';
import { fileSystemError } from '../errors/file-system-error.js';
import { SQL_FILE_WORKER_SOURCE, type FileFailure, type FlushReply, type SqlFile } from './sql-file-worker.js';

/** Files per message: posting stays rare, and the worker starts on the first files early. */
const BATCH_SIZE = 256;

/** A queue of files to write; errors are raised by `flush`, named by path. */
export class SqlFileWriter {
  private worker: Worker | undefined;
  private batch: SqlFile[] = [];
  private failure: unknown;

  /** Queue `text` for `path`; files are written in the order given, so the last text of a path wins. */
  write(path: string, text: string): void {
    this.batch.push({ path, text });
    if (this.batch.length >= BATCH_SIZE) this.post();
  }

  /** Wait for every queued file; throw the first failure, if any. */
  async flush(): Promise<void> {
    await this.settle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Wait for every queued file, failed or not; the worker then ends. */
  async settle(): Promise<void> {
    this.post();
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    try {
      const reply = await new Promise<FlushReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('flush');
      });
      if (reply.failure) this.failure ??= asUserError(reply.failure);
    } finally {
      await worker.terminate();
    }
  }

  private post(): void {
    if (this.batch.length === 0) return;
    this.worker ??= new Worker(SQL_FILE_WORKER_SOURCE, { eval: true });
    this.worker.postMessage(this.batch);
    this.batch = [];
  }
}

/** The worker's failure as the user error a failed write on this thread would give. */
function asUserError(failure: FileFailure): unknown {
  const error = Object.assign(new Error(failure.message), { code: failure.code, path: failure.path });
  return fileSystemError(error, { path: failure.path, action: failure.action }) ?? error;
}
