import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

/**
 * Model contracts on DuckDB: a contract that holds builds the table from column DDL with
 * its constraints; one that does not fails the model before anything is replaced.
 */
describe('model contracts (DuckDB)', () => {
  let dir: string;
  let first: CliResult;

  beforeAll(async () => {
    dir = copyFixture('contracts');
    first = await strata(['run'], { cwd: dir });
  });

  const db = () => join(dir, 'target/contracts.duckdb');
  const rows = (sql: string) => queryDuckDb(db(), sql);
  const run = (vars: string, ...args: string[]) => strata(['run', '--vars', vars, ...args], { cwd: dir });

  it('builds contracted tables and views, warning once for the foreign key DuckDB does not take', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Done\. PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4/);
    const warnings = first.stdout.split('\n').filter((line) => line.includes('[WARNING]'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'models/_models.yml:29: model "orders": the constraint type foreign_key is not supported by duckdb, ' +
        'and will be ignored.',
    );
    const ddl = readFileSync(join(dir, 'target/run/contracts/models/orders.sql'), 'utf8');
    expect(ddl).toContain('"customer_id" integer NOT NULL,');
    expect(ddl).toContain('CONSTRAINT "amount_positive" CHECK (amount > 0)');
    const constraints = await rows(
      "select constraint_type from duckdb_constraints() where table_name = 'customers' order by 1",
    );
    expect(constraints.map((c) => c.constraint_type)).toEqual(['NOT NULL', 'PRIMARY KEY']);
    const types = await rows(
      "select column_name, data_type from information_schema.columns where table_name = 'orders' " +
        'order by ordinal_position',
    );
    expect(types).toEqual([
      { column_name: 'order_id', data_type: 'INTEGER' },
      { column_name: 'customer_id', data_type: 'INTEGER' },
      { column_name: 'amount', data_type: 'DECIMAL(10,2)' },
    ]);
  });

  it('fails a type mismatch with the table of differences, leaving the old table and its rows', async () => {
    const result = await run('{id_type: varchar}', '--select', 'customers');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'models/_models.yml:2: Model "customers" has an enforced contract that failed; nothing was built',
    );
    expect(result.stdout).toContain('| id          | VARCHAR         | INT           | data type mismatch |');
    expect(await rows('select id, name from customers order by id')).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Grace' },
    ]);
    expect(await rows("select table_name from information_schema.tables where table_name like '%strata%'")).toEqual([]);
  });

  it('names a column missing from the model and one missing from the contract', async () => {
    const result = await run('{name_column: full_name, extra_column: ", 1 as nickname"}', '--select', 'customers');
    expect(result.code).toBe(1);
    const table = result.stdout.split('\n').filter((line) => /\| (full_name|name|nickname) /.test(line));
    expect(table.map((line) => line.replace(/^.*?\| /, '| ').replace(/\s+/g, ' '))).toEqual([
      '| full_name | VARCHAR | | missing in contract |',
      '| name | | TEXT | missing in definition |',
      '| nickname | INTEGER | | missing in contract |',
    ]);
    expect(await rows('select count(*)::int as n from customers')).toEqual([{ n: 2 }]);
  });

  it('checks a contracted view too, keeping the old view', async () => {
    const result = await run('{view_id_type: bigint}', '--select', 'customer_names');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('| id          | BIGINT          | INTEGER       | data type mismatch |');
    expect(
      await rows(
        "select data_type from information_schema.columns where table_name = 'customer_names' and column_name = 'id'",
      ),
    ).toEqual([{ data_type: 'INTEGER' }]);
  });

  it('lets DuckDB reject a null in a not_null column, leaving the old table and its rows', async () => {
    const result = await run('{null_customer: "null"}', '--select', 'orders');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT NULL constraint failed: orders__strata_tmp.customer_id');
    expect(await rows('select order_id, customer_id from orders order by order_id')).toEqual([
      { order_id: 10, customer_id: 1 },
      { order_id: 11, customer_id: 2 },
    ]);
  });

  it('builds a contracted incremental model from column DDL, then checks the contract on each run', async () => {
    const constraints = await rows(
      "select constraint_type from duckdb_constraints() where table_name = 'orders_incremental'",
    );
    expect(constraints.map((c) => c.constraint_type)).toEqual(['NOT NULL']);
    const again = await run('{}', '--select', 'orders_incremental');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/OK created sql incremental model main\.orders_incremental \.+ \[MERGE 2/);
    const broken = await run('{incremental_id_type: bigint}', '--select', 'orders_incremental');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('| order_id    | BIGINT          | INTEGER       | data type mismatch |');
    expect(await rows('select count(*)::int as n from orders_incremental')).toEqual([{ n: 2 }]);
  });

  it('writes the contract and constraints into manifest.json as dbt does', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    const orders = manifest.nodes['model.contracts.orders'];
    expect(orders.config.contract).toEqual({ enforced: true, alias_types: true });
    expect(orders.contract).toMatchObject({
      enforced: true,
      alias_types: true,
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(orders.constraints).toEqual([
      {
        type: 'check',
        name: 'amount_positive',
        expression: 'amount > 0',
        warn_unenforced: true,
        warn_unsupported: true,
        to: null,
        to_columns: [],
        columns: [],
      },
    ]);
    expect(orders.columns.customer_id.constraints[1]).toEqual({
      type: 'foreign_key',
      name: null,
      expression: null,
      warn_unenforced: true,
      warn_unsupported: true,
      // the relation as dbt-duckdb names it, with the database file's catalog
      to: '"contracts"."main"."customers"',
      to_columns: ['id'],
    });
    expect(orders.depends_on.nodes).toEqual(['model.contracts.customers']);
  });
});
