/** Events with unique ids, and the count of each id found in the lake. */
import { DuckDBInstance } from '@duckdb/node-api';
import { readLake, type OutgoingMessage } from '../../support/ingest-harness.js';

const START_MS = Date.parse('2026-01-05T08:00:00.000Z');

/** Event `index` of `total`, its event time spread over three hours so files rotate by hour too. */
export function idEvent(index: number, total: number): OutgoingMessage {
  const at = START_MS + Math.floor((index / total) * 3 * 3_600_000);
  return {
    key: `u_${index % 997}`,
    value: JSON.stringify({
      id: index,
      event_type: 'page_view',
      event_time: new Date(at).toISOString(),
      user_id: `u_${index % 997}`,
      page_path: `/p/${index % 131}`,
    }),
  };
}

/** How many times each id appears in the lake's Bronze files, and the totals. */
export function countIds(lake: string): { counts: Uint32Array; lines: number; files: number; leftovers: number } {
  const { files, other } = readLake(lake);
  // Temporary files of interrupted writes, all under the lake's .strata-tmp/<host>/.
  const unexpected = other.filter((path) => !/^\.strata-tmp\/[^/]+\/\d+-[0-9a-f]+\.tmp$/.test(path));
  if (unexpected.length > 0) throw new Error(`unexpected files in the lake: ${unexpected.join(', ')}`);
  let lines = 0;
  let size = 0;
  const ids: number[] = [];
  for (const file of files) {
    if (file.path.startsWith('rejected/')) throw new Error(`unexpected rejected file ${file.path}`);
    for (const line of file.lines) {
      const id = (JSON.parse(line.payload as string) as { id: number }).id;
      ids.push(id);
      size = Math.max(size, id + 1);
      lines += 1;
    }
  }
  const counts = new Uint32Array(size);
  for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  return { counts, lines, files: files.length, leftovers: other.length };
}

/**
 * {@link countIds} for a Parquet lake, read by DuckDB: the `id` column of typed files, or
 * the id in the payload string. Temporary files of interrupted writes are the only other
 * files allowed.
 */
export async function countParquetIds(
  lake: string,
  layout: 'payload' | 'typed',
): Promise<{ counts: Uint32Array; lines: number; files: number; leftovers: number }> {
  const { files: jsonFiles, other } = readLake(lake);
  if (jsonFiles.length > 0) throw new Error(`unexpected JSON-lines files: ${jsonFiles.map((f) => f.path).join(', ')}`);
  const parquet = other.filter((path) => path.endsWith('.parquet'));
  const leftovers = other.filter((path) => !path.endsWith('.parquet'));
  const unexpected = leftovers.filter((path) => !/^\.strata-tmp\/[^/]+\/\d+-[0-9a-f]+\.tmp$/.test(path));
  if (unexpected.length > 0) throw new Error(`unexpected files in the lake: ${unexpected.join(', ')}`);
  if (parquet.some((path) => path.startsWith('rejected/'))) throw new Error('unexpected rejected files');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const id = layout === 'typed' ? 'id' : "json_extract(payload, '$.id')::BIGINT";
    const reader = await connection.runAndReadAll(
      `SELECT ${id}::INTEGER AS id FROM read_parquet('${lake}/*/dt=*/hour=*/*.parquet', hive_partitioning = false)`,
    );
    const ids = reader.getRows().map((row) => Number(row[0]));
    const counts = new Uint32Array(Math.max(0, ...ids) + 1);
    for (const value of ids) counts[value] = (counts[value] ?? 0) + 1;
    return { counts, lines: ids.length, files: parquet.length, leftovers: leftovers.length };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
