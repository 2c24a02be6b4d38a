import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Connection } from '../../../../src/adapters/contract.js';
import { StrataError } from '../../../../src/errors/strata-error.js';
import { memoryWarehouse, renderDbt } from './render-dbt.js';

// Render-and-replay on a real DuckDB connection: each request runs once, in template order.
describe('introspective calls at compile time (render-and-replay)', () => {
  let adapter: Adapter;
  let connection: Connection;

  beforeAll(async () => {
    ({ adapter, connection } = await memoryWarehouse());
    await connection.execute('create table main.events (id integer, kind varchar)');
    await connection.execute("insert into main.events values (1, 'a'), (2, 'b'), (3, 'a')");
  });

  afterAll(async () => {
    await connection.close();
    await adapter.close();
  });

  it('renders a template that asks nothing exactly once, with no request', async () => {
    const result = await renderDbt("select {{ 'true' if execute else 'false' }} as executed", { connection });
    expect(result).toMatchObject({ sql: 'select true as executed', passes: 1, requests: [] });
  });

  it('runs each request once, in template order, even inside macros that return', async () => {
    const macros = `
      {% macro kinds() %}
        {% set table = run_query('select distinct kind from main.events order by 1') %}
        {{ return(table.columns[0].values()) }}
      {% endmacro %}`;
    const template = `
      {%- set first = kinds() -%}
      {%- set count = run_query('select count(*) as n from main.events').rows[0]['n'] -%}
      {{ first | join(',') }}/{{ count }}`;
    const result = await renderDbt(template, { connection, macros });
    expect(result.sql.trim()).toBe('a,b/3');
    expect(result.requests.map((request) => request.kind === 'query' && request.sql)).toEqual([
      'select distinct kind from main.events order by 1',
      'select count(*) as n from main.events',
    ]);
    expect(result.passes).toBe(3);
  });

  it('passes through emitted expressions, filters and call blocks of macros', async () => {
    const macros = '{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}';
    const template =
      "{{ run_query('select 42 as n').rows[0][0] }} {{ run_query('select 1 as n').column_names | join(',') }} " +
      "{% call twice() %}{{ run_query('select 7').rows[0][0] }}{% endcall %}";
    const result = await renderDbt(template, { connection, macros });
    expect(result.sql).toBe('42 n 77');
    // the call block's body renders twice per pass, and its repeated request is a second call
    expect(result.requests).toHaveLength(4);
  });

  it('runs a statement block once and gives its result to load_result', async () => {
    const template = `
      {%- call statement('add') -%} insert into main.events values (9, 'z') {%- endcall -%}
      {%- call statement('total', fetch_result=True) -%}
        select count(*) as n, max(id) as top from main.events
      {%- endcall -%}
      {%- set total = load_result('total') -%}
      {{ total.data[0][0] }} {{ total.table.rows[0]['top'] }} {{ total.response.code }}
      {{- ' ' }}{{ total.response }} {{ load_result('nothing') }}`;
    const result = await renderDbt(template, { connection });
    expect(result.sql.trim()).toBe('4 9 OK OK 1 None');
    const { rows } = await connection.query("select count(*)::int as n from main.events where kind = 'z'");
    expect(rows).toEqual([{ n: 1 }]);
    await connection.execute("delete from main.events where kind = 'z'");
  });

  it('prints the log lines of the completed pass only, once each', async () => {
    const template = `
      {%- do log('before', info=True) -%}
      {%- do log('debug only') -%}
      {%- set n = run_query('select 1 as one').rows[0][0] -%}
      {%- do print('after ' ~ n) -%}
      {%- do exceptions.warn('careful') -%}`;
    const result = await renderDbt(template, { connection });
    expect(result.passes).toBe(2);
    expect(result.lines).toEqual(['log: before', 'print: after 1', 'warn: careful']);
  });

  it('refuses a template whose requests change from one pass to the next', async () => {
    let calls = 0;
    const template = "{% set a = run_query('select ' ~ var('n')) %}{% set b = run_query('select 2') %}";
    const error = await renderDbt(template, { connection, variable: () => ++calls }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toContain('the query "select 1" became the query "select 2"');
    expect((error as StrataError).location?.file).toBe('models/m.sql');
  });

  it('stops a render that keeps asking, with a clear error', async () => {
    const template = '{% for i in range(150) %}{% set r = run_query("select " ~ i) %}{% endfor %}';
    const error = await renderDbt(template, { connection }).catch((e: unknown) => e);
    expect((error as StrataError).message).toContain('more than 99 introspective calls in one render');
  });

  it('names the file when the warehouse rejects a query the template sends', async () => {
    const error = await renderDbt("{% set r = run_query('select * from main.missing_table') %}", {
      connection,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toMatch(/^A query the template runs failed on duckdb: /);
    // the file is named once, by the location: `models/m.sql: A query ...`
    expect((error as StrataError).format()).toMatch(/^models\/m\.sql: A query the template runs failed on duckdb: /);
  });
});

describe('introspective calls while parsing (execute is false)', () => {
  it("answer as dbt's do, without a warehouse", async () => {
    const template = `
      {%- set table = run_query('select 1') -%}
      {%- call statement('s', fetch_result=True) -%} select 1 {%- endcall -%}
      {{ execute }} {{ table }} {{ load_result('s') }} {{ adapter.get_columns_in_relation(ref('x')) }}
      {{- ' ' }}{{ adapter.get_relation(database=none, schema='main', identifier='x') }} {{ load_relation(ref('x')) }}`;
    const result = await renderDbt(template);
    expect(result.sql.trim()).toBe('False None None [] None None');
    expect(result.lines).toEqual([]);
  });
});
