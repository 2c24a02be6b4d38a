/**
 * The lines of one file being built. Lines gather in a short list of strings that is
 * turned into a Buffer every 64 KiB; a gzip file hands those chunks at once to a zlib
 * stream (compression runs on libuv's thread pool while consuming goes on), so what a
 * file holds in memory is mostly its compressed bytes. A raw file (for Parquet) keeps
 * the JSON lines themselves.
 */
import { createGzip, type Gzip } from 'node:zlib';

const SEAL_CHARS = 64 * 1024;
/** What one zlib deflate stream holds natively (window, hash chains, output buffer). */
const GZIP_STATE_BYTES = 300 * 1024;

export abstract class FileBuffer {
  records = 0;
  /** the earliest and latest event time (ms) of the file's Bronze records, for the commit feed */
  minEventMs: number | undefined;
  maxEventMs: number | undefined;
  /** uncompressed bytes handed on (exact) */
  protected sealedBytes = 0;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    /** the file's path relative to the lake root */
    readonly path: string,
    /** the offset of the file's first record: part of its name */
    readonly firstOffset: number,
    /** whether the file holds rejected records */
    readonly rejected: boolean,
  ) {}

  /** Add one line (without its newline). */
  append(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    this.records += 1;
    if (this.pendingChars >= SEAL_CHARS) this.seal();
  }

  /** Widen the file's event-time bounds to `eventMs`. */
  noteEventTime(eventMs: number): void {
    if (this.minEventMs === undefined || eventMs < this.minEventMs) this.minEventMs = eventMs;
    if (this.maxEventMs === undefined || eventMs > this.maxEventMs) this.maxEventMs = eventMs;
  }

  /** Uncompressed size of the file so far (for rotation), counting unsealed lines by characters. */
  get bytes(): number {
    return this.sealedBytes + this.pendingChars;
  }

  /** Memory the file holds now, for the buffered-bytes limit. */
  get memory(): number {
    return this.pendingChars + this.heldBytes();
  }

  /** The file's final bytes: gzip JSON lines, or the raw JSON lines of a raw file. */
  async finish(): Promise<Buffer> {
    this.seal();
    return this.complete();
  }

  /** Free the file without writing it (its records will be read again). */
  abstract discard(): void;

  protected abstract accept(chunk: Buffer): void;
  protected abstract heldBytes(): number;
  protected abstract complete(): Promise<Buffer>;

  private seal(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(`${this.pending.join('\n')}\n`, 'utf8');
    this.sealedBytes += chunk.length;
    this.pending = [];
    this.pendingChars = 0;
    this.accept(chunk);
  }
}

/** A `.jsonl.gz` file, compressed as it fills. */
export class GzipFileBuffer extends FileBuffer {
  private readonly gzip: Gzip;
  private readonly output: Buffer[] = [];
  private outputBytes = 0;
  private failure: Error | undefined;

  constructor(path: string, firstOffset: number, rejected: boolean, level: number) {
    super(path, firstOffset, rejected);
    this.gzip = createGzip({ level });
    this.gzip.on('data', (chunk: Buffer) => {
      this.output.push(chunk);
      this.outputBytes += chunk.length;
    });
    this.gzip.on('error', (error) => (this.failure = error));
  }

  discard(): void {
    this.gzip.destroy();
    this.output.length = 0;
  }

  protected accept(chunk: Buffer): void {
    this.gzip.write(chunk);
  }

  protected heldBytes(): number {
    return GZIP_STATE_BYTES + this.gzip.writableLength + this.outputBytes;
  }

  protected complete(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.gzip.once('error', reject);
      this.gzip.once('end', () => resolve(Buffer.concat(this.output, this.outputBytes)));
      this.gzip.end();
    });
  }
}

/** JSON lines kept as they are, for a writer that converts them (Parquet). */
export class RawFileBuffer extends FileBuffer {
  private chunks: Buffer[] = [];

  discard(): void {
    this.chunks = [];
  }

  protected accept(chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  protected heldBytes(): number {
    return this.sealedBytes;
  }

  protected async complete(): Promise<Buffer> {
    return Buffer.concat(this.chunks, this.sealedBytes);
  }
}
