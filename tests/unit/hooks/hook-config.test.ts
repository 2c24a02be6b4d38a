import { describe, expect, it } from 'vitest';
import { configForPath } from '../../../src/config/folder-config.js';
import { normalizeConfig } from '../../../src/config/node-config.js';
import { expectStrataError } from '../../support/temp-project.js';

const where = { file: 'models/marts/orders.sql', line: 1 };

describe('hooks across config levels', () => {
  const tree = {
    '+pre-hook': 'insert into audit values (1)',
    shop: {
      marts: {
        '+pre_hook': ['insert into audit values (2)', { sql: 'vacuum', transaction: false }],
        '+post-hook': 'insert into audit values (3)',
      },
    },
  };

  it('concatenates pre and post hooks from every level, in both spellings, outermost first', () => {
    const folder = configForPath(tree, 'shop', ['marts']);
    const config = normalizeConfig(
      [folder, { post_hook: 'insert into audit values (4)' }, { 'pre-hook': ['insert into audit values (5)'] }],
      { materialized: 'view' },
      where,
    );
    expect(config.preHook).toEqual([
      { sql: 'insert into audit values (1)', transaction: true },
      { sql: 'insert into audit values (2)', transaction: true },
      { sql: 'vacuum', transaction: false },
      { sql: 'insert into audit values (5)', transaction: true },
    ]);
    expect(config.postHook).toEqual([
      { sql: 'insert into audit values (3)', transaction: true },
      { sql: 'insert into audit values (4)', transaction: true },
    ]);
  });

  it('leaves hooks unset where no level sets one', () => {
    expect(normalizeConfig([{ materialized: 'table' }], { materialized: 'view' }, where).preHook).toBeUndefined();
  });

  it('reports a hook that is neither SQL nor {sql, transaction} at its place', () => {
    expectStrataError(() => normalizeConfig([{ pre_hook: [42] }], { materialized: 'view' }, where), {
      file: 'models/marts/orders.sql',
      message: /Invalid pre_hook: expected SQL text or \{sql: \.\.\., transaction: \.\.\.\}, got a number/,
    });
    expectStrataError(
      () => normalizeConfig([{ post_hook: { sql: 'x', transaction: 'no' } }], { materialized: 'view' }, where),
      { message: /"transaction" must be true or false/ },
    );
  });
});

describe('grants across config levels', () => {
  it('replaces an inherited privilege, and adds to it with +privilege', () => {
    const tree = {
      shop: { '+grants': { select: ['bi'], insert: ['loader'] }, marts: { '+grants': { select: ['x'] } } },
    };
    const replaced = normalizeConfig([configForPath(tree, 'shop', ['marts'])], { materialized: 'view' }, where);
    expect(replaced.grants).toEqual({ select: ['x'], insert: ['loader'] });
    const added = normalizeConfig(
      [configForPath(tree, 'shop', []), { grants: { '+select': ['reporter', 'bi'] } }],
      { materialized: 'view' },
      where,
    );
    expect(added.grants).toEqual({ select: ['bi', 'reporter'], insert: ['loader'] });
  });

  it('reads one role as a list and rejects a grants value that is not a map', () => {
    expect(normalizeConfig([{ grants: { SELECT: 'bi' } }], { materialized: 'view' }, where).grants).toEqual({
      select: ['bi'],
    });
    expectStrataError(() => normalizeConfig([{ grants: ['bi'] }], { materialized: 'view' }, where), {
      message: /Invalid grants: expected a map of privilege: roles, got a list/,
    });
  });
});
