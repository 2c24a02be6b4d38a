import { describe, expect, it } from 'vitest';
import { alignRenderedLines } from '../../../src/compile/line-alignment.js';
import { CompiledSql } from '../../../src/compile/compiled-sql.js';

/** 1-based template line of each 1-based rendered line. */
function templateLines(template: string, rendered: string): number[] {
  return alignRenderedLines(template, rendered).map((line) => line + 1);
}

describe('alignRenderedLines: rendered SQL lines back to the template lines', () => {
  it('a template that keeps its lines maps line for line', () => {
    const template = "{{ config(materialized='table') }}\nselect id\nfrom {{ ref('orders') }}";
    expect(templateLines(template, '\nselect id\nfrom "main"."orders"')).toEqual([1, 2, 3]);
  });

  it('lines removed by whitespace control: later lines keep their template line', () => {
    const template = "{%- set columns = ['a', 'b'] -%}\n{%- set limit = 3 -%}\nselect a,\n  no_such_column\nfrom t";
    expect(templateLines(template, 'select a,\n  no_such_column\nfrom t')).toEqual([3, 4, 5]);
  });

  it("a macro's lines map to the line that called it, and lines after it to their own", () => {
    const template = 'select\n  {{ star_columns() }}\nfrom t\nwhere no_such_column > 1';
    expect(templateLines(template, 'select\n  a,\n  b,\n  c\nfrom t\nwhere no_such_column > 1')).toEqual([
      1, 2, 2, 2, 3, 4,
    ]);
  });

  it('CompiledSql names the template line, not the rendered one', () => {
    const template = '{%- set x = 1 -%}\n\n{#- a note -#}\nselect 1 as id,\n  no_such_column\nfrom t';
    const compiled = CompiledSql.fromFile({
      sql: 'select 1 as id,\n  no_such_column\nfrom t',
      file: 'models/m.sql',
      template,
    });
    expect(compiled.originOf(2)).toEqual({ file: 'models/m.sql', line: 5 });
  });
});
