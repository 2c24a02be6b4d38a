/**
 * Turns a buffered file into the bytes written to the lake: gzip JSON lines (on libuv's
 * thread pool, so several files compress at once), or Parquet for Bronze files when the
 * config asks for it. Rejected records are always gzip JSON lines: their base64 payloads
 * are for people and replays, not for queries. It also reads back the last offset of a
 * file already in the lake, which a flush needs when it finds one (see landed-file.ts).
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { LakeFormat } from '../config/ingest-config.js';
import { GzipFileBuffer, RawFileBuffer, type FileBuffer } from './file-buffer.js';
import { lastLineOffset } from './json-lines.js';
import type { TypedSchema } from '../formats/parquet-schema.js';

/** The payload columns of a topic's Parquet files (typed layout), or undefined for the payload string. */
export type TypedSchemaOf = (topic: string) => TypedSchema | undefined;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Encodes Bronze files as Parquet; loaded only when the format is `parquet`. */
export interface ParquetWriter {
  /** Parquet of Bronze JSON lines: the payload as a string, or as the columns of `typed`. */
  encode(jsonLines: Buffer, typed?: TypedSchema): Promise<Buffer>;
  /** The largest `offset` in a Parquet file. */
  lastOffset(parquet: Buffer): Promise<number>;
  close(): Promise<void>;
}

/** A file's bytes for the lake, and its JSON lines should part of them be written again. */
export interface EncodedFile {
  body: Buffer;
  lines(): Promise<Buffer>;
}

export class FileEncoder {
  constructor(
    private readonly format: LakeFormat,
    private readonly gzipLevel: number,
    private readonly parquet?: ParquetWriter,
    private readonly typedSchemaOf: TypedSchemaOf = () => undefined,
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
  async encode(file: FileBuffer): Promise<EncodedFile> {
    const body = await file.finish();
    if (file instanceof RawFileBuffer) return { body: await this.toParquet(file.path, body), lines: async () => body };
    return { body, lines: () => gunzipAsync(body) };
  }

  /** The bytes of a file holding `jsonLines`, in the format of the file at `path`. */
  async encodeLines(path: string, jsonLines: Buffer): Promise<Buffer> {
    return isParquet(path) ? this.toParquet(path, jsonLines) : gzipAsync(jsonLines, { level: this.gzipLevel });
  }

  /** The offset of the last record of a lake file (gzip JSON lines or Parquet). */
  async lastOffset(path: string, body: Buffer): Promise<number> {
    if (!isParquet(path)) return lastLineOffset(await gunzipAsync(body));
    if (!this.parquet) throw new Error('the Parquet writer was not started');
    return this.parquet.lastOffset(body);
  }

  private toParquet(path: string, jsonLines: Buffer): Promise<Buffer> {
    if (!this.parquet) throw new Error('the Parquet writer was not started');
    // A Bronze path starts with its topic's folder.
    return this.parquet.encode(jsonLines, this.typedSchemaOf(path.slice(0, path.indexOf('/'))));
  }
}

function isParquet(path: string): boolean {
  return path.endsWith('.parquet');
}
