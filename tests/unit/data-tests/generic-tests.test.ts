import { describe, expect, it } from 'vitest';
import { GENERIC_TESTS, genericTestSql } from '../../../src/data-tests/generic-tests.js';
import { isStrataError } from '../../../src/errors/strata-error.js';
import { fakeDialect } from './fake-dialect.js';

const target = '"main"."orders"';
const resolve = (text: string): string => (text === "ref('dim_users')" ? '"main"."dim_users"' : `<${text}>`);
const sql = (name: string, kwargs: Record<string, unknown>, storeFailures = false): string =>
  genericTestSql({ name, kwargs }, target, fakeDialect, resolve, { storeFailures });

describe('genericTestSql', () => {
  it('not_null selects the null rows', () => {
    expect(sql('not_null', { column_name: 'order_id' })).toBe(
      'select order_id\nfrom "main"."orders"\nwhere order_id is null',
    );
  });

  it('not_null selects whole rows when failures are stored', () => {
    expect(sql('not_null', { column_name: 'order_id' }, true)).toMatch(/^select \*\n/);
  });

  it('unique selects duplicated values with their count', () => {
    expect(sql('unique', { column_name: 'order_id' })).toBe(
      [
        'select',
        '    order_id as unique_field,',
        '    count(*) as n_records',
        'from "main"."orders"',
        'where order_id is not null',
        'group by order_id',
        'having count(*) > 1',
      ].join('\n'),
    );
  });

  it('relationships resolves `to` and anti-joins the parent', () => {
    const text = sql('relationships', { column_name: 'user_id', to: "ref('dim_users')", field: 'id' });
    expect(text).toContain('select user_id as from_field\n    from "main"."orders"\n    where user_id is not null');
    expect(text).toContain('select id as to_field\n    from "main"."dim_users"');
    expect(text).toContain('left join parent on child.from_field = parent.to_field\nwhere parent.to_field is null');
  });

  it('accepted_values quotes values through the dialect by default', () => {
    const text = sql('accepted_values', { column_name: 'status', values: ['placed', "o'brien"] });
    expect(text).toContain("where value_field not in ('placed', 'o''brien')");
    expect(text).toContain('group by status');
  });

  it('accepted_values passes values raw with quote: false', () => {
    expect(sql('accepted_values', { column_name: 'n', values: [1, 2], quote: false })).toContain('not in (1, 2)');
  });

  it('keeps column_name raw so expressions work, as dbt does', () => {
    expect(sql('not_null', { column_name: 'lower(email)' })).toContain('where lower(email) is null');
  });

  it('rejects an unknown test, listing the known ones', () => {
    try {
      sql('not_blank', { column_name: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(isStrataError(error)).toBe(true);
      const text = (error as Error & { format(): string }).format();
      expect(text).toContain('Unknown generic test "not_blank"');
      for (const name of GENERIC_TESTS.keys()) expect(text).toContain(name);
    }
  });

  it.each([
    ['not_null', {}, /column_name/],
    ['relationships', { column_name: 'a', field: 'id' }, /"to"/],
    ['relationships', { column_name: 'a', to: "ref('x')" }, /"field"/],
    ['accepted_values', { column_name: 'a' }, /"values"/],
    ['accepted_values', { column_name: 'a', values: [] }, /"values"/],
    ['accepted_values', { column_name: 'a', values: ['x'], quote: 'yes' }, /quote/],
    ['accepted_values', { column_name: 'a', values: [{ x: 1 }] }, /string, number or boolean/],
  ])('%s with bad arguments %j is a StrataError', (name, kwargs, message) => {
    expect(() => sql(name, kwargs)).toThrow(message);
  });
});
