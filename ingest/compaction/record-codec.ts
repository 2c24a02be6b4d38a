/**
 * Reads a Bronze file into its lines and writes lines back in the same format. Gzip JSON
 * lines keep every line byte for byte, so a compacted file holds exactly what the
 * ingester wrote.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { recordLines, type RecordLine } from './merged-records.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface RecordCodec {
  /** `jsonl.gz` or `parquet` */
  readonly extension: string;
  read(path: string, body: Buffer): Promise<RecordLine[]>;
  encode(lines: RecordLine[]): Promise<Buffer>;
  close(): Promise<void>;
}

/** Gzip JSON lines. */
export class JsonLinesCodec implements RecordCodec {
  readonly extension = 'jsonl.gz';

  constructor(private readonly gzipLevel: number) {}

  async read(path: string, body: Buffer): Promise<RecordLine[]> {
    return recordLines((await gunzipAsync(body)).toString('utf8'), path);
  }

  async encode(lines: RecordLine[]): Promise<Buffer> {
    return gzipAsync(Buffer.from(`${lines.map((line) => line.line).join('\n')}\n`, 'utf8'), {
      level: this.gzipLevel,
    });
  }

  async close(): Promise<void> {}
}
