import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeedFile, type ReadSeedOptions } from './seed-file.js';

/** Bytes gathered before each write: few system calls, little memory. */
const WRITE_CHUNK = 1 << 20;

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
  private pending: string[] = [];
  private pendingLength = 0;
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
    this.pending.push(record);
    this.pendingLength += record.length;
    if (this.pendingLength >= WRITE_CHUNK) this.flush();
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
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Read the seed again, strictly, writing its rows to a new canonical copy (no header line). */
export async function writeCanonicalCopy(seed: Omit<ReadSeedOptions, 'onRow'>): Promise<CanonicalCsvFile> {
  const copy = await CanonicalCsvFile.create();
  try {
    await readSeedFile({ ...seed, onRow: (fields) => copy.write(fields) });
    copy.finish();
    return copy;
  } catch (error) {
    await copy.remove();
    throw error;
  }
}
