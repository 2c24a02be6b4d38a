/**
 * Parquet through DuckDB: the file's JSON lines go to a temporary file, DuckDB reads them
 * with the Bronze columns spelled out (so every file has the same schema) and copies them
 * to Parquet, and the result is read back for the destination to write. The temporary
 * folder, `strata-parquet-<pid>-*` in the system's temp folder, is removed on close, and
 * those of processes that are gone (killed before they could) when the next one starts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entries, isGoneProcess, modifiedBefore, removePath } from '../destinations/leftovers.js';
import type { ParquetWriter } from './file-encoder.js';
import { typedBronzeSelect } from './typed-bronze-select.js';
import type { TypedSchema } from '../formats/parquet-schema.js';

/** The Bronze columns of a JSON line, as `read_json` takes them. */
export const COLUMNS =
  "{'topic': 'VARCHAR', 'partition': 'INTEGER', 'offset': 'BIGINT', 'kafka_timestamp': 'VARCHAR', " +
  "'ingested_at': 'VARCHAR', 'event_time_source': 'VARCHAR', 'payload': 'VARCHAR', " +
  "'headers': 'STRUCT(key VARCHAR, value VARCHAR, value_base64 VARCHAR)[]'}";
const FOLDER_PREFIX = 'strata-parquet-';
/** `strata-parquet-<pid>-<random>`; earlier versions made `strata-parquet-<random>`. */
const FOLDER_NAME = /^strata-parquet-(?:(\d+)-)?[A-Za-z0-9]{6}$/;
/** A folder of an earlier version (no pid in its name) untouched this long is a leftover. */
const UNNAMED_FOLDER_AGE_MS = 24 * 3_600_000;

/** Start an in-memory DuckDB for Parquet encoding. */
export async function createParquetWriter(): Promise<ParquetWriter> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await removeLeftoverFolders();
  const dir = await mkdtemp(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
  let sequence = 0;
  // One DuckDB connection runs one statement at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  const encodeNow = async (jsonLines: Buffer, typed?: TypedSchema): Promise<Buffer> => {
    const id = sequence++;
    const source = join(dir, `${id}.jsonl`);
    const target = join(dir, `${id}.parquet`);
    await writeFile(source, jsonLines);
    try {
      const lines = `read_json('${source}', format = 'newline_delimited', columns = ${COLUMNS})`;
      const select = typed ? typedBronzeSelect(typed, lines) : `SELECT * FROM ${lines}`;
      await connection.run(`COPY (${select}) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`);
      return await readFile(target);
    } finally {
      await Promise.all([rm(source, { force: true }), rm(target, { force: true })]);
    }
  };

  const lastOffsetNow = async (parquet: Buffer): Promise<number> => {
    const source = join(dir, `${sequence++}.parquet`);
    await writeFile(source, parquet);
    try {
      const reader = await connection.runAndReadAll(
        `SELECT max("offset")::VARCHAR AS last FROM read_parquet('${source}')`,
      );
      const last = reader.getRowObjects()[0]?.last;
      if (typeof last !== 'string') throw new Error('a Parquet lake file without records');
      return Number(last);
    } finally {
      await rm(source, { force: true });
    }
  };

  return {
    encode: (jsonLines, typed) => serially(() => encodeNow(jsonLines, typed)),
    lastOffset: (parquet) => serially(() => lastOffsetNow(parquet)),
    async close() {
      await queue;
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Temporary folders of writers that are gone (this host's temp folder is this host's). */
async function removeLeftoverFolders(): Promise<void> {
  const root = tmpdir();
  for (const name of await entries(root)) {
    const match = FOLDER_NAME.exec(name);
    if (!match) continue;
    const path = join(root, name);
    const gone =
      match[1] !== undefined
        ? isGoneProcess(Number(match[1]))
        : await modifiedBefore(path, Date.now() - UNNAMED_FOLDER_AGE_MS);
    if (gone) await removePath(path);
  }
}
