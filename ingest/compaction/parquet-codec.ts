/**
 * Bronze Parquet files through DuckDB: a file is read into its rows as JSON lines (with
 * `partition` and `offset` for ordering) and rows are written back with the same columns
 * the ingester gives them (pipeline/parquet-writer.ts), so a compacted file reads as the
 * files it replaced.
 */
import { createParquetWriter } from '../pipeline/parquet-writer.js';
import type { ParquetWriter } from '../pipeline/file-encoder.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordLines, type RecordLine } from './merged-records.js';
import type { RecordCodec } from './record-codec.js';

type Connection = { run(sql: string): Promise<unknown> };

export class ParquetCodec implements RecordCodec {
  readonly extension = 'parquet';
  private sequence = 0;

  private constructor(
    private readonly writer: ParquetWriter,
    private readonly connection: Connection,
    private readonly dir: string,
  ) {}

  static async open(): Promise<ParquetCodec> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const dir = await mkdtemp(join(tmpdir(), `strata-compact-${process.pid}-`));
    return new ParquetCodec(await createParquetWriter(), await instance.connect(), dir);
  }

  async read(path: string, body: Buffer): Promise<RecordLine[]> {
    this.sequence += 1;
    const parquet = join(this.dir, `${this.sequence}.parquet`);
    const jsonl = join(this.dir, `${this.sequence}.jsonl`);
    await writeFile(parquet, body);
    await this.connection.run(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${jsonl}' (FORMAT json)`);
    const lines = recordLines(await readFile(jsonl, 'utf8'), path);
    await Promise.all([rm(parquet), rm(jsonl)]);
    return lines;
  }

  encode(lines: RecordLine[]): Promise<Buffer> {
    return this.writer.encode(Buffer.from(`${lines.map((line) => line.line).join('\n')}\n`, 'utf8'));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.writer.close(), rm(this.dir, { recursive: true, force: true })]);
  }
}
