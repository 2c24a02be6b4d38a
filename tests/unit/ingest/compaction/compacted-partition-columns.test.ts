import { describe, expect, it } from 'vitest';
import { BRONZE_COLUMNS } from '../../../../ingest/catalog/glue-tables.js';
import { compactedPartitionColumns } from '../../../../ingest/compaction/compacted-partition-columns.js';

const ENVELOPE = BRONZE_COLUMNS.filter((column) => column.Name !== 'payload');
const V1 = [...ENVELOPE, { Name: 'event_id', Type: 'string' }, { Name: 'shipping', Type: 'struct<country:string>' }];
const V2 = [
  ...ENVELOPE,
  { Name: 'event_id', Type: 'string' },
  { Name: 'shipping', Type: 'struct<country:string,city:string>' },
  { Name: 'coupon', Type: 'string' },
];
const names = (columns: Array<{ Name?: string; Type?: string }> | undefined) =>
  columns?.map((column) => `${column.Name}:${column.Type}`);

describe('the columns of a compacted partition', () => {
  it('are the typed table columns when the partition kept an older schema version', () => {
    expect(names(compactedPartitionColumns(V2, V1))).toEqual(names(V2));
    expect(names(compactedPartitionColumns(V2, undefined))).toEqual(names(V2));
  });

  it('keep a column or a wider type only the partition has, after the table columns', () => {
    const partition = [...V2.slice(0, -1), { Name: 'legacy', Type: 'int' }];
    const table = V1;
    expect(names(compactedPartitionColumns(table, partition))).toEqual([
      ...(names(V1) ?? []).slice(0, -1),
      'shipping:struct<country:string,city:string>',
      'legacy:int',
    ]);
  });

  it('leave the partition of a table keeping the payload as a string as it is', () => {
    expect(compactedPartitionColumns(BRONZE_COLUMNS, BRONZE_COLUMNS)).toBeUndefined();
  });
});
