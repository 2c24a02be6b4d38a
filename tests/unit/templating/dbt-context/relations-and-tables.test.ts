import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Connection } from '../../../../src/adapters/contract.js';
import { memoryWarehouse, renderDbt } from './render-dbt.js';

describe('run_query tables, relations and columns on DuckDB', () => {
  let adapter: Adapter;
  let connection: Connection;

  beforeAll(async () => {
    ({ adapter, connection } = await memoryWarehouse());
    await connection.execute(
      'create table main.orders (id bigint, "Status" varchar(20), amount decimal(10, 2), placed date)',
    );
    await connection.execute("insert into main.orders values (1, 'open', 2.5, '2026-01-02'), (2, 'paid', 4, null)");
    await connection.execute('create view main.open_orders as select * from main.orders');
  });

  afterAll(async () => {
    await connection.close();
    await adapter.close();
  });

  const render = async (template: string) => (await renderDbt(template, { connection })).sql.trim();

  it('reads a run_query result like an agate table', async () => {
    const query = '{% set t = run_query(\'select id, "Status", placed from main.orders order by id\') %}';
    expect(await render(`${query}{{ t.column_names }} {{ t.rows | length }} {{ t.columns[0].values() }}`)).toBe(
      "['id', 'Status', 'placed'] 2 [1, 2]",
    );
    expect(
      await render(`${query}{% for row in t %}{{ row['Status'] }}/{{ row[0] }}/{{ row.placed }} {% endfor %}`),
    ).toBe('open/1/2026-01-02 paid/2/None');
    expect(await render(`${query}{{ t.columns['Status'].values() }} {{ t.rows[1].dict() }}`)).toBe(
      "['open', 'paid'] {'id': 2, 'Status': 'paid', 'placed': None}",
    );
  });

  it('prints a table with print_table() once the render completes', async () => {
    const result = await renderDbt("{% do run_query('select 1 as a, 2 as bb').print_table() %}", { connection });
    expect(result.lines).toEqual(['print: | a | bb |\n| - | -- |\n| 1 | 2  |']);
  });

  it('lists the columns of a relation as dbt Column objects', async () => {
    const template =
      "{% for c in adapter.get_columns_in_relation(api.Relation.create(schema='main', identifier='orders')) %}" +
      '{{ c.name }}:{{ c.data_type }}:{{ c.quoted }}:{{ c.is_string() }}:{{ c.is_number() }} {% endfor %}';
    expect(await render(template)).toBe(
      'id:BIGINT:"id":False:True Status:VARCHAR:"Status":True:False ' +
        'amount:DECIMAL(10,2):"amount":False:True placed:DATE:"placed":False:False',
    );
    expect(await render("{{ adapter.get_columns_in_relation(ref('no_such_table')) }}")).toBe('[]');
  });

  it('finds relations with their type, and none for a missing one', async () => {
    const template =
      "{% set v = adapter.get_relation(database=none, schema='main', identifier='OPEN_ORDERS') %}" +
      "{% set t = adapter.get_relation(this.database, 'main', ref('orders').table) %}" +
      "{{ v.type }} {{ v.is_view }} {{ t.type }} {{ t }} {{ load_relation(ref('nothing')) is none }}";
    expect(await render(template)).toBe('view True table "main"."orders" True');
  });

  it('quotes identifiers and creates relations like the adapter does', async () => {
    const template =
      "{{ adapter.quote('Order') }} {{ api.Relation.create(database='db', schema='s', identifier='t') }} " +
      "{{ api.Relation.create(database='db', schema='s', identifier='t').include(database=false) }}";
    expect(await render(template)).toBe('"Order" "db"."s"."t" "s"."t"');
  });
});
