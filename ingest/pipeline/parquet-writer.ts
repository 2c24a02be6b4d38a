/**
 * Parquet through DuckDB: the file's JSON lines go to a temporary file, DuckDB reads them
 * with the Bronze columns spelled out (so every file has the same schema) and copies them
 * to Parquet, and the result is read back for the destination to write.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParquetWriter } from './file-encoder.js';

const COLUMNS =
  "{'topic': 'VARCHAR', 'partition': 'INTEGER', 'offset': 'BIGINT', 'kafka_timestamp': 'VARCHAR', " +
  "'ingested_at': 'VARCHAR', 'event_time_source': 'VARCHAR', 'payload': 'VARCHAR', " +
  "'headers': 'STRUCT(key VARCHAR, value VARCHAR, value_base64 VARCHAR)[]'}";

/** Start an in-memory DuckDB for Parquet encoding. */
export async function createParquetWriter(): Promise<ParquetWriter> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const dir = await mkdtemp(join(tmpdir(), 'strata-parquet-'));
  let sequence = 0;
  // One DuckDB connection runs one statement at a time.
  let queue: Promise<unknown> = Promise.resolve();

  const encodeNow = async (jsonLines: Buffer): Promise<Buffer> => {
    const id = sequence++;
    const source = join(dir, `${id}.jsonl`);
    const target = join(dir, `${id}.parquet`);
    await writeFile(source, jsonLines);
    try {
      await connection.run(
        `COPY (SELECT * FROM read_json('${source}', format = 'newline_delimited', columns = ${COLUMNS})) ` +
          `TO '${target}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      return await readFile(target);
    } finally {
      await Promise.all([rm(source, { force: true }), rm(target, { force: true })]);
    }
  };

  return {
    encode(jsonLines) {
      const result = queue.then(() => encodeNow(jsonLines));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
