import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

describe('--empty', () => {
  it('builds every model from zero-row inputs: the relations exist, empty, with their columns', async () => {
    const dir = copyFixture('basic');
    const built = await strata(['build', '--empty'], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const runSql = readFileSync(join(dir, 'target/run/basic/models/marts/customer_revenue.sql'), 'utf8');
    expect(runSql).toContain('from (select * from "main"."stg_customers" where false limit 0) c');
    // a lake source reads through its file reader, emptied the same way
    const events = readFileSync(join(dir, 'target/run/basic/models/staging/stg_events.sql'), 'utf8');
    expect(events).toMatch(/from \(select \* from read_json\(.*\) where false limit 0\)/);

    const db = join(dir, 'target/basic.duckdb');
    const [revenue] = await queryDuckDb(db, 'select count(*)::int as n from main_marts.customer_revenue');
    expect(revenue!.n).toBe(0);
    const columns = await queryDuckDb(
      db,
      'select column_name from information_schema.columns' +
        " where table_name = 'customer_revenue' order by ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(['customer_id', 'country', 'revenue', 'customer_key']);
    // seeds load as usual, as dbt's
    const [seeded] = await queryDuckDb(db, 'select count(*)::int as n from main.customers');
    expect(seeded!.n).toBeGreaterThan(0);
  });

  it('still fails a model whose SQL is wrong, without reading any rows', async () => {
    const dir = copyFixture('basic');
    const model = join(dir, 'models/marts/customer_revenue.sql');
    writeFileSync(model, readFileSync(model, 'utf8').replace('c.country,', 'c.no_such_column,'));
    const built = await strata(['build', '--empty', '-s', '+customer_revenue'], { cwd: dir });
    expect(built.code).toBe(1);
    expect(built.stdout).toContain('no_such_column');
  });

  it('compile --empty writes the zero-row reads', async () => {
    const dir = copyFixture('basic');
    const compiled = await strata(['compile', '--empty', '-s', 'stg_orders'], { cwd: dir });
    expect(compiled.code).toBe(0);
    const sql = readFileSync(join(dir, 'target/compiled/basic/models/staging/stg_orders.sql'), 'utf8');
    expect(sql).toContain('(select * from "main"."orders" where false limit 0)');
  });
});
