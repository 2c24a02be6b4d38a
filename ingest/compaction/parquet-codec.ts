/**
 * Bronze Parquet files through DuckDB: a file is read into its rows as JSON lines (with
 * `partition` and `offset` for ordering), remembering the file's columns, and rows are
 * written back with the columns they came with, so a compacted file reads as the files it
 * replaced. Files with the payload as a string are written by the ingester's own writer
 * (pipeline/parquet-writer.ts); typed files (pipeline/typed-bronze-select.ts) keep their
 * columns, and files of several versions of a topic's schema merge into the union of
 * their columns (of two types of a column, the wider one: a struct that gained a field), the
 * rows of older files holding null where they had no value.
 */
import { createParquetWriter } from '../pipeline/parquet-writer.js';
import type { ParquetWriter } from '../pipeline/file-encoder.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordLines, type FileColumns, type RecordLine } from './merged-records.js';
import type { RecordCodec } from './record-codec.js';

type Connection = {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
};

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
    try {
      const described = await this.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${parquet}')`);
      const columns: FileColumns = described.getRows().map((row) => [String(row[0]), String(row[1])] as const);
      await this.connection.run(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${jsonl}' (FORMAT json)`);
      return recordLines(await readFile(jsonl, 'utf8'), path, columns);
    } finally {
      await Promise.all([rm(parquet, { force: true }), rm(jsonl, { force: true })]);
    }
  }

  async encode(lines: RecordLine[]): Promise<Buffer> {
    const jsonLines = Buffer.from(`${lines.map((line) => line.line).join('\n')}\n`, 'utf8');
    const columns = mergedColumns(lines);
    if (!columns) return this.writer.encode(jsonLines);
    this.sequence += 1;
    const source = join(this.dir, `${this.sequence}.jsonl`);
    const target = join(this.dir, `${this.sequence}.parquet`);
    await writeFile(source, jsonLines);
    try {
      const spec = `{${columns.map(([name, type]) => `${quote(name)}: ${quote(type)}`).join(', ')}}`;
      await this.connection.run(
        `COPY (SELECT * FROM read_json('${source}', format = 'newline_delimited', columns = ${spec})) ` +
          `TO '${target}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      return await readFile(target);
    } finally {
      await Promise.all([rm(source, { force: true }), rm(target, { force: true })]);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.writer.close(), rm(this.dir, { recursive: true, force: true })]);
  }
}

/**
 * The columns of typed lines (the union over their files, in order of first appearance),
 * or undefined when they keep the payload as a string. Lines of both layouts in one file
 * would make a table no reader expects: that is refused.
 */
function mergedColumns(lines: RecordLine[]): FileColumns | undefined {
  const files = [...new Set(lines.map((line) => line.columns))];
  const typed = files.filter((columns) => columns && !columns.some(([name]) => name === 'payload'));
  if (typed.length === 0) return undefined;
  if (typed.length < files.length) {
    throw new Error(
      'the files to compact mix Parquet layouts (payload as a string, and typed columns); ' +
        'keep one parquet_layout per topic, or compact the hour once its files share one',
    );
  }
  const merged = new Map<string, string>();
  for (const columns of typed) {
    for (const [name, type] of columns!) {
      if ((merged.get(name)?.length ?? -1) < type.length) merged.set(name, type);
    }
  }
  return [...merged];
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
