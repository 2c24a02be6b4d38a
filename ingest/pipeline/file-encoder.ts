/**
 * Turns a buffered file into the bytes written to the lake: gzip JSON lines (on libuv's
 * thread pool, so several files compress at once), or Parquet for Bronze files when the
 * config asks for it. Rejected records are always gzip JSON lines: their base64 payloads
 * are for people and replays, not for queries.
 */
import type { LakeFormat } from '../config/ingest-config.js';
import { GzipFileBuffer, RawFileBuffer, type FileBuffer } from './file-buffer.js';

/** Encodes Bronze files as Parquet; loaded only when the format is `parquet`. */
export interface ParquetWriter {
  encode(jsonLines: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

export class FileEncoder {
  constructor(
    private readonly format: LakeFormat,
    private readonly gzipLevel: number,
    private readonly parquet?: ParquetWriter,
  ) {}

  /** The file extension of Bronze files in this format. */
  get extension(): string {
    return this.format === 'parquet' ? 'parquet' : 'jsonl.gz';
  }

  /** A buffer for a new file: compressed as it fills, except Bronze files bound for Parquet. */
  newFile(path: string, firstOffset: number, rejected: boolean): FileBuffer {
    return this.format === 'parquet' && !rejected
      ? new RawFileBuffer(path, firstOffset, rejected)
      : new GzipFileBuffer(path, firstOffset, rejected, this.gzipLevel);
  }

  /** The bytes to write for a file. */
  async encode(file: FileBuffer): Promise<Buffer> {
    const body = await file.finish();
    if (file instanceof RawFileBuffer) {
      if (!this.parquet) throw new Error('the Parquet writer was not started');
      return this.parquet.encode(body);
    }
    return body;
  }
}
