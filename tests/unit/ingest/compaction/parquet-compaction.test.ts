import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactedTableFiles, lakeFileMatcher } from '../../../../src/compacted-lake/compacted-table-files.js';
import {
  compactParquetLake,
  landParquetFiles,
  PARQUET_HOUR,
  queryParquetFiles,
  sixSmallFiles,
} from '../../../support/parquet-compaction-lake.js';
import { bronzeLine, cleanup, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

const ROWS = 'select "partition", "offset", payload, headers::varchar as headers from FILES order by all';

describe('compacting a Parquet lake', () => {
  it('writes Parquet generations with the ingester columns and the same rows', async () => {
    const root = tempLake(made);
    const inputs = await landParquetFiles(
      root,
      sixSmallFiles((partition, first) => ({
        lines: Array.from({ length: 10 }, (_, i) => bronzeLine('orders', partition, first + i)),
      })),
    );
    const before = await queryParquetFiles(inputs, ROWS);
    expect(before).toHaveLength(60);

    expect(await compactParquetLake(root)).toMatchObject({ generations: 1, filesBefore: 6, filesAfter: 1 });
    const files = compactedTableFiles(join(root, 'orders'), 2, lakeFileMatcher('parquet')) ?? [];
    expect(files).toEqual([join(root, PARQUET_HOUR, '_compacted/g000001/part-00000.parquet')]);
    expect(
      readFileSync(files[0] as string)
        .subarray(0, 4)
        .toString(),
    ).toBe('PAR1');
    expect(await queryParquetFiles(files, ROWS)).toEqual(before);
  });
});
