/**
 * A commit-fed model's Bronze source on Athena: its Glue table restricted to the batch's files
 * by `"$path"`, with the partition values of their folders so the engine lists only those.
 */
import { expect, it } from 'vitest';
import { AthenaDialect } from '../../../src/adapters/athena/athena-dialect.js';
import { feedRelationRead, folderPartitions, MAX_NAMED_FILES } from '../../../src/compile/feed-read.js';
import { CURSOR_PROPERTY, catalogCursor, cursorProperty } from '../../../src/feed/catalog-feed-state.js';
import type { TableCatalog } from '../../../src/adapters/table-catalog.js';
import type { SourceNode } from '../../../src/manifest/types.js';

const dialect = new AthenaDialect();
const LOCATION = 's3://lake/bronze/orders';
const source = { external: { location: `${LOCATION}/`, format: 'jsonl', partitions: ['dt', 'hour'] } } as SourceNode;
const file = (dt: string, hour: string, name: string) => `${LOCATION}/dt=${dt}/hour=${hour}/${name}`;

it('takes the partition values from the folders between the location and the file', () => {
  expect(folderPartitions(`${LOCATION}/`, file('2026-01-05', '10', 'a.jsonl.gz'))).toEqual([
    ['dt', '2026-01-05'],
    ['hour', '10'],
  ]);
  // a generation's folders are no partitions; an escaped value is read back
  expect(folderPartitions(LOCATION, `${LOCATION}/dt=2026%2F01/hour=10/_compacted/g000001/part-00000.parquet`)).toEqual([
    ['dt', '2026/01'],
    ['hour', '10'],
  ]);
});

it('restricts the table to the files and their partitions, once per folder', () => {
  const files = [
    file('2026-01-05', '10', 'a.jsonl.gz'),
    file('2026-01-05', '10', "b'.jsonl.gz"),
    file('2026-01-05', '11', 'c.jsonl.gz'),
  ];
  expect(feedRelationRead(dialect, source, '"bronze"."orders"', files)).toBe(
    `(SELECT * FROM "bronze"."orders" WHERE (("dt" = '2026-01-05' AND "hour" = '10') OR ` +
      `("dt" = '2026-01-05' AND "hour" = '11')) AND "$path" IN ('${files[0]}', ` +
      `'${LOCATION}/dt=2026-01-05/hour=10/b''.jsonl.gz', '${files[2]}'))`,
  );
});

it("filters a batch holding compacted files to the commits' offsets, and reads no row of an empty batch", () => {
  const read = feedRelationRead(
    dialect,
    source,
    'bronze.orders',
    [file('2026-01-05', '10', 'x')],
    [{ partition: 1, start: 5, end: 9 }],
  );
  const kept = '("partition" = 1 and "offset" >= 5 and "offset" < 9)';
  expect(read.startsWith('(select * from (SELECT * FROM bronze.orders WHERE ')).toBe(true);
  expect(read.endsWith(`) where ${kept})`)).toBe(true);
  expect(feedRelationRead(dialect, source, 'bronze.orders', [])).toBe(
    '(select * from bronze.orders where false limit 0)',
  );
});

it("keeps the cursor in the model table's properties, for that model only", async () => {
  const cursor = new Map([
    ['orders/1', 9],
    ['orders/0', 4],
  ]);
  const properties = { [CURSOR_PROPERTY]: cursorProperty('model.shop.a', cursor), classification: 'parquet' };
  const catalog = {
    getTable: async () => ({ kind: 'table', partitionKeys: [], columns: [], properties }),
  } as unknown as TableCatalog;
  const relation = { schema: 's', identifier: 'a' };
  expect(await catalogCursor(catalog, relation, 'model.shop.a')).toEqual(cursor);
  expect(await catalogCursor(catalog, relation, 'model.shop.b')).toEqual(new Map());
  properties[CURSOR_PROPERTY] = 'not json';
  expect(await catalogCursor(catalog, relation, 'model.shop.a')).toEqual(new Map());
});

it('reads a batch naming too many files by its partitions and offsets alone', () => {
  const files = Array.from({ length: MAX_NAMED_FILES + 1 }, (_, i) => file('2026-01-05', '10', `f${i}`));
  const read = feedRelationRead(dialect, source, 'bronze.orders', files, [{ partition: 0, start: 0, end: 9 }]);
  expect(read).not.toContain('"$path"');
  expect(read).toContain(`WHERE (("dt" = '2026-01-05' AND "hour" = '10')))`);
  expect(read).toContain('("partition" = 0 and "offset" >= 0 and "offset" < 9)');
});
