import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from './csv-parse.js';
import { decodeCsvText } from './csv-text.js';
import type { ReadSeedOptions } from './seed-file.js';

/** Bytes gathered before each write: few system calls, little memory. */
const WRITE_CHUNK = 1 << 22;

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
  // Records are encoded straight into one reused buffer: joining many small strings
  // before writing would cost more than the encoding itself.
  private readonly buffer = Buffer.allocUnsafe(WRITE_CHUNK);
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

  /** Append one record. */
  write(fields: string[]): void {
    const record = canonicalCsvRecord(fields);
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    if (this.used + record.length * 3 > WRITE_CHUNK) this.flush();
    if (record.length * 3 > WRITE_CHUNK) this.writeAll(Buffer.from(record), Buffer.byteLength(record));
    else this.used += this.buffer.write(record, this.used);
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

  private flush(): void {
    this.writeAll(this.buffer, this.used);
    this.used = 0;
  }

  // writeSync may write fewer bytes than asked; the rest follows.
  private writeAll(bytes: Buffer, length: number): void {
    for (let done = 0; done < length; ) done += writeSync(this.fd, bytes, done, length - done);
  }
}

/** Read the seed again, strictly, writing its rows to a new canonical copy (no header line). */
export async function writeCanonicalCopy(seed: Omit<ReadSeedOptions, 'onRow'>): Promise<CanonicalCsvFile> {
  const copy = await CanonicalCsvFile.create();
  try {
    const text = decodeCsvText(await readFile(seed.csvPath), seed.displayPath);
    readCsv(text, seed.displayPath, seed.delimiter, { onRow: (fields) => copy.write(fields) });
    copy.finish();
    return copy;
  } catch (error) {
    await copy.remove();
    throw error;
  }
}
