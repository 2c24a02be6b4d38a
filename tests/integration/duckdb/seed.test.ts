import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
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

  describe.each([
    ['native read_csv', false],
    ['portable INSERTs', true],
  ])('a bad file fails with its file and line and keeps the previous table (%s)', (_, portable) => {
    const cases: Array<[string, string | Buffer, RegExp, number]> = [
      ['a last row with an extra field', 'a,b\n1,x\n2,y\n3,z,extra\n', /This row has 3 fields, the header has 2/, 4],
      ['a short row', 'a,b\n1,x\n2\n', /This row has 1 field, the header has 2/, 3],
      ['a duplicate column name', 'a,b,A\n1,x,2\n', /two columns "A"/, 1],
      ['an empty column name', 'a,,b\n1,x,2\n', /Column 2 of the header has no name/, 1],
      ['an unterminated quote', 'a,b\n1,"open\n2,y\n', /never closed/, 2],
      ['an empty file', '', /The seed file is empty/, 1],
      ['a byte that is not UTF-8', Buffer.from([...Buffer.from('a,b\n1,'), 0xe9, 0x0a]), /not valid UTF-8/, 2],
    ];
    it.each(cases)('%s', async (_, content, message, line) => {
      const csv = join(h.projectRoot, 'bad.csv');
      writeFileSync(csv, 'a,b\n1,kept\n');
      await load({ portable, csvPath: csv, displayPath: 'seeds/bad.csv' });
      writeFileSync(csv, content);
      const error = await load({ portable, csvPath: csv, displayPath: 'seeds/bad.csv' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).message).toMatch(message);
      expect((error as StrataError).location).toEqual({ file: 'seeds/bad.csv', line });
      expect(await h.rows(`SELECT a, b FROM ${SCHEMA}.products`)).toEqual([{ a: 1, b: 'kept' }]);
    });

    it('loads a header-only file as an empty table with its columns', async () => {
      const csv = join(h.projectRoot, 'header.csv');
      writeFileSync(csv, 'id,name\n');
      expect(await load({ portable, csvPath: csv, columnTypes: { id: 'INTEGER' } })).toMatchObject({
        rowsAffected: 0,
        message: 'INSERT 0',
      });
      expect(await types()).toEqual({ id: 'INTEGER', name: 'VARCHAR' });
      expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.products`)).toEqual([{ n: 0 }]);
    });
  });

  it('loads the rows the strict reader reads when DuckDB would read the file differently', async () => {
    // blank lines, mixed line ends, a quote inside an unquoted field, a space before a quote:
    // DuckDB reads a canonical copy, and gets what the portable load gets
    const csv = join(h.projectRoot, 'odd.csv');
    writeFileSync(csv, '\uFEFFid,label\r\n1,5" screen\n\n2, "q"\r\n3,"two\nlines"\n');
    const loaded = [];
    for (const portable of [false, true]) {
      expect((await load({ portable, csvPath: csv })).rowsAffected).toBe(3);
      loaded.push(await h.rows(`SELECT id, label FROM ${SCHEMA}.products ORDER BY id`));
    }
    expect(loaded[0]).toEqual([
      { id: 1, label: '5" screen' },
      { id: 2, label: ' "q"' },
      { id: 3, label: 'two\nlines' },
    ]);
    expect(loaded[1]).toEqual(loaded[0]);
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

  it('reads a file whose only irregularity is blank lines as it is when rows have two or more fields', async () => {
    const csv = join(h.projectRoot, 'blank.csv');
    writeFileSync(csv, 'id,label\n\n1,a\n\n\n2,"b\n\nc"\n\n');
    const result = await load({ csvPath: csv });
    expect(result.executedSql.filter((sql) => sql.startsWith('-- native CSV load'))).toEqual([
      expect.not.stringContaining('canonical copy'),
    ]);
    expect(await h.rows(`SELECT id, label FROM ${SCHEMA}.products ORDER BY id`)).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b\n\nc' },
    ]);
  });

  it('loads a one-column file with blank lines through a canonical copy, without NULL rows for them', async () => {
    const csv = join(h.projectRoot, 'one.csv');
    writeFileSync(csv, 'label\na\n\nb\n\n');
    const result = await load({ csvPath: csv });
    expect(result.rowsAffected).toBe(2);
    expect(result.executedSql.some((sql) => sql.includes('canonical copy'))).toBe(true);
    expect(await h.rows(`SELECT label FROM ${SCHEMA}.products ORDER BY label`)).toEqual([
      { label: 'a' },
      { label: 'b' },
    ]);
  });

  describe('a file large enough to be loaded while it is read', () => {
    // Over a megabyte of rows that look the same, then `tail`.
    const largeCsv = (tail: string) => {
      const csv = join(h.projectRoot, 'large.csv');
      const row = '12345,2024-01-31,some text to fill the line\n';
      writeFileSync(csv, `id,day,note\n${row.repeat(Math.ceil((1.5 * 2 ** 20) / row.length))}${tail}`);
      return csv;
    };
    const nativeLoads = (sql: string[]) => sql.filter((line) => line.startsWith('-- native CSV load')).length;

    it("keeps the load started with the first lines' types when the whole file has them", async () => {
      const result = await load({ csvPath: largeCsv('7,2024-02-29,last\n') });
      expect(nativeLoads(result.executedSql)).toBe(1);
      expect(await types()).toEqual({ id: 'BIGINT', day: 'DATE', note: 'VARCHAR' });
      expect(await h.rows(`SELECT count(*) AS n, max(day)::VARCHAR AS last FROM ${SCHEMA}.products`)).toEqual([
        { n: result.rowsAffected, last: '2024-02-29' },
      ]);
    });

    it.each([
      ["a value the first lines' type refuses", 'x,2024-01-31,last\n', { id: 'VARCHAR', day: 'DATE', note: 'VARCHAR' }],
      [
        'a value DuckDB reads as a date but Strata does not',
        '7,2024-1-5,last\n',
        { id: 'BIGINT', day: 'VARCHAR', note: 'VARCHAR' },
      ],
    ])('loads again with the types of the whole file after %s', async (_, tail, expected) => {
      const result = await load({ csvPath: largeCsv(tail) });
      expect(nativeLoads(result.executedSql)).toBe(2);
      expect(await types()).toEqual(expected);
      const last = await h.rows(
        `SELECT id::VARCHAR AS id, day::VARCHAR AS day FROM ${SCHEMA}.products WHERE note = 'last'`,
      );
      expect(last).toEqual([{ id: tail.split(',')[0], day: tail.split(',')[1] }]);
    });

    it(
      'fails a mistake after the first lines with its line, ' + 'keeping the table and leaving no staging table',
      async () => {
        const csv = join(h.projectRoot, 'small.csv');
        writeFileSync(csv, 'a,b\n1,kept\n');
        await load({ csvPath: csv });
        const large = largeCsv('7,2024-01-31,last,extra\n');
        const lines = readFileSync(large, 'utf8').split('\n').length - 1;
        const error = await load({ csvPath: large, displayPath: 'seeds/large.csv' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StrataError);
        expect((error as StrataError).message).toMatch(/This row has 4 fields, the header has 3/);
        expect((error as StrataError).location).toEqual({ file: 'seeds/large.csv', line: lines });
        expect(await h.rows(`SELECT a, b FROM ${SCHEMA}.products`)).toEqual([{ a: 1, b: 'kept' }]);
        const tables = await h.connection.listRelations(SCHEMA);
        expect(tables.map((table) => table.identifier)).toEqual(['products']);
      },
    );
  });
});
