import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed, type LoadSeedInput } from '../../../src/materializations/load-seed.js';
import { openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

const PRODUCTS = fileURLToPath(new URL('./fixtures/products.csv', import.meta.url));

describe('seeds on DuckDB', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  const load = (overrides: Partial<LoadSeedInput> = {}) =>
    loadSeed({
      connection: h.connection,
      dialect: h.adapter.dialect,
      relation: h.relation('products'),
      csvPath: PRODUCTS,
      ...overrides,
    });
  const types = async () =>
    Object.fromEntries((await h.connection.getColumns(h.relation('products'))).map((c) => [c.name, c.dataType]));

  describe.each([
    ['native read_csv', false],
    ['portable INSERTs', true],
  ])('%s', (_, portable) => {
    it('loads rows with quoted fields and inferred types, honouring column_types', async () => {
      const result = await load({ portable, columnTypes: { zip: 'VARCHAR' }, batchSize: 2 });
      expect(result).toMatchObject({ kind: 'table', rowsAffected: 3, message: 'INSERT 3' });
      expect(await types()).toMatchObject({
        id: 'BIGINT',
        name: 'VARCHAR',
        price: 'DOUBLE',
        active: 'BOOLEAN',
        launched: 'DATE',
        updated_at: 'TIMESTAMP',
        zip: 'VARCHAR',
      });
      const rows = await h.rows(`SELECT id, name, zip, note, active FROM ${SCHEMA}.products ORDER BY id`);
      expect(rows).toEqual([
        { id: 1, name: 'Widget, large', zip: '01234', note: 'say "hi"', active: true },
        { id: 2, name: 'Gadget', zip: '99999', note: null, active: false },
        { id: 3000000000, name: 'multi\nline', zip: '00042', note: 'x', active: true },
      ]);
    });

    it('replaces the table on a re-load and keeps it when the file is bad', async () => {
      const csv = join(h.projectRoot, 'small.csv');
      writeFileSync(csv, 'a,b\n1,x\n');
      await load({ portable, csvPath: csv });
      writeFileSync(csv, 'a,b\n2,y\n3,z\n');
      expect((await load({ portable, csvPath: csv, fullRefresh: true })).rowsAffected).toBe(2);
      expect(await h.rows(`SELECT a FROM ${SCHEMA}.products ORDER BY a`)).toEqual([{ a: 2 }, { a: 3 }]);
      writeFileSync(csv, 'a,b\n4,x\nfour,y\n');
      await expect(load({ portable, csvPath: csv, columnTypes: { a: 'INTEGER' } })).rejects.toThrow(/four/);
      expect(await h.rows(`SELECT a FROM ${SCHEMA}.products ORDER BY a`)).toEqual([{ a: 2 }, { a: 3 }]);
    });
  });

  it('reads a custom delimiter', async () => {
    const csv = join(h.projectRoot, 'semi.csv');
    copyFileSync(PRODUCTS, csv);
    writeFileSync(csv, 'code;label\nFR;France\nDE;Germany\n');
    for (const portable of [false, true]) {
      await load({ portable, csvPath: csv, delimiter: ';' });
      expect(await h.rows(`SELECT * FROM ${SCHEMA}.products ORDER BY code`)).toEqual([
        { code: 'DE', label: 'Germany' },
        { code: 'FR', label: 'France' },
      ]);
    }
  });
});
