import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from './csv-parse.js';
import { FIELD_BARE_QUOTES, type CsvRecord } from './csv-record.js';
import { checkCsvBytes } from './csv-text.js';
import type { ReadSeedOptions } from './seed-file.js';

/** Bytes gathered before each write: few system calls, little memory. */
const WRITE_CHUNK = 1 << 22;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;

/**
 * One CSV record in the canonical form a warehouse's own CSV reader cannot read two ways:
 * comma-separated, LF-terminated, every non-empty field quoted (quotes doubled), an empty
 * field left unquoted (read as NULL).
 */
export function canonicalCsvRecord(fields: string[]): string {
  let record = '';
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i]!;
    if (i > 0) record += ',';
    if (value !== '') record += `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
  }
  return record + '\n';
}

/**
 * A temporary canonical copy of a seed, written row by row as the strict reader reads the
 * original, so that a bulk loader (DuckDB's read_csv, Redshift's COPY) loads exactly the
 * rows Strata read, whatever the original's quoting, line ends, BOM or delimiter.
 */
export class CanonicalCsvFile {
  // Records are copied byte by byte into one reused buffer: no string per field, few
  // system calls.
  private buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private used = 0;
  private open = true;

  private constructor(
    private readonly dir: string,
    private readonly fd: number,
  ) {}

  /** A new, empty file in a private temporary folder. */
  static async create(): Promise<CanonicalCsvFile> {
    const dir = await mkdtemp(join(tmpdir(), 'strata-seed-'));
    return new CanonicalCsvFile(dir, openSync(join(dir, 'seed.csv'), 'wx'));
  }

  /** The file's path. */
  get path(): string {
    return join(this.dir, 'seed.csv');
  }

  /**
   * Append one record of a strictly read file, copying its bytes: a quoted field's bytes
   * already double its quotes; an unquoted field's quotes are doubled here.
   */
  writeRecord(record: CsvRecord): void {
    const { bytes, starts, ends, kinds } = record;
    for (let i = 0; i < record.count; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      // at most: a comma, two quotes, every byte doubled, the line end
      this.reserve(2 * (end - start) + 4);
      if (i > 0) this.buffer[this.used++] = COMMA;
      if (start === end) continue;
      this.buffer[this.used++] = QUOTE;
      if (kinds[i] === FIELD_BARE_QUOTES) {
        for (let k = start; k < end; k++) {
          if (bytes[k] === QUOTE) this.buffer[this.used++] = QUOTE;
          this.buffer[this.used++] = bytes[k]!;
        }
      } else {
        this.used += bytes.copy(this.buffer, this.used, start, end);
      }
      this.buffer[this.used++] = QUOTE;
    }
    this.reserve(1);
    this.buffer[this.used++] = LF;
  }

  /** Write what is pending and close the file. */
  finish(): void {
    this.flush();
    this.close();
  }

  /** Delete the file and its folder (closing it first if need be). */
  async remove(): Promise<void> {
    this.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  private close(): void {
    if (this.open) closeSync(this.fd);
    this.open = false;
  }

  // Room for `size` more bytes: flushed first when need be; a field larger than the
  // buffer gets a buffer of its own.
  private reserve(size: number): void {
    if (this.used + size <= this.buffer.length) return;
    this.flush();
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size);
  }

  private flush(): void {
    this.writeAll(this.buffer, this.used);
    this.used = 0;
  }

  // writeSync may write fewer bytes than asked; the rest follows.
  private writeAll(bytes: Buffer, length: number): void {
    for (let done = 0; done < length;) done += writeSync(this.fd, bytes, done, length - done);
  }
}

/** Read the seed again, strictly, writing its rows to a new canonical copy (no header line). */
export async function writeCanonicalCopy(seed: Omit<ReadSeedOptions, 'onRow'>): Promise<CanonicalCsvFile> {
  const copy = await CanonicalCsvFile.create();
  try {
    const bytes = checkCsvBytes(await readFile(seed.csvPath), seed.displayPath);
    readCsv(bytes, seed.displayPath, seed.delimiter, { onRecord: (record) => copy.writeRecord(record) });
    copy.finish();
    return copy;
  } catch (error) {
    await copy.remove();
    throw error;
  }
}
