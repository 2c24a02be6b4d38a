import { describe, expect, it } from 'vitest';
import { injectCtes } from '../../../src/compile/inject-ctes.js';

describe('injectCtes', () => {
  const ctes = [{ name: '__strata_cte__e', sql: 'select 1 as x' }];

  it('prepends a WITH to a plain select', () => {
    expect(injectCtes('select * from __strata_cte__e', ctes)).toBe(
      'with __strata_cte__e as (\nselect 1 as x\n)\nselect * from __strata_cte__e',
    );
  });

  it('joins an existing WITH list, after leading comments', () => {
    expect(injectCtes('-- note\nWITH a AS (select 2) select * from a, __strata_cte__e', ctes)).toBe(
      '-- note\nwith __strata_cte__e as (\nselect 1 as x\n),\na AS (select 2) select * from a, __strata_cte__e',
    );
  });

  it('leaves SQL without ephemeral parents unchanged', () => {
    expect(injectCtes('select 1', [])).toBe('select 1');
  });
});
