import { describe, expect, it } from 'vitest';
import { configForPath, mergeRawConfigs } from '../../../src/config/folder-config.js';

describe('configForPath', () => {
  const tree = {
    '+tags': ['all'],
    shop: {
      '+materialized': 'view',
      staging: {
        '+schema': 'staging',
        '+tags': ['staging'],
        payments: { materialized: 'table', tags: 'payments' },
      },
      marts: { '+materialized': 'table', '+column_types': { id: 'int' } },
    },
    other_package: { '+materialized': 'ephemeral' },
  };

  it('applies the project level to files at the model path root', () => {
    expect(configForPath(tree, 'shop', [])).toEqual({ tags: ['all'], materialized: 'view' });
  });

  it('lets deeper folders win and unions tags', () => {
    expect(configForPath(tree, 'shop', ['staging'])).toEqual({
      tags: ['all', 'staging'],
      materialized: 'view',
      schema: 'staging',
    });
    expect(configForPath(tree, 'shop', ['staging', 'payments'])).toEqual({
      tags: ['all', 'staging', 'payments'],
      materialized: 'table',
      schema: 'staging',
    });
  });

  it('keeps + keys with map values as config', () => {
    expect(configForPath(tree, 'shop', ['marts', 'daily'])).toEqual({
      tags: ['all'],
      materialized: 'table',
      column_types: { id: 'int' },
    });
  });

  it('ignores folders that have no block and other packages', () => {
    expect(configForPath(tree, 'shop', ['gold'])).toEqual({ tags: ['all'], materialized: 'view' });
  });

  it('accepts a tree without the project-name level', () => {
    const flat = { '+materialized': 'view', staging: { '+schema': 'stg', '+tags': 'x' } };
    expect(configForPath(flat, 'shop', ['staging'])).toEqual({ materialized: 'view', schema: 'stg', tags: ['x'] });
  });

  it('returns an empty config for an empty tree', () => {
    expect(configForPath({}, 'shop', ['a', 'b'])).toEqual({});
  });
});

describe('mergeRawConfigs', () => {
  it('lets later layers win, strips +, and unions tags without repeats', () => {
    expect(
      mergeRawConfigs([
        { '+materialized': 'view', tags: ['a'] },
        { materialized: 'table', '+tags': ['a', 'b'] },
        { tags: null },
      ]),
    ).toEqual({ materialized: 'table', tags: ['a', 'b'] });
  });

  it('merges the maps dbt updates key by key (meta, docs, quoting, column_types, contract), as dbt does', () => {
    expect(
      mergeRawConfigs([
        { '+meta': { team: 'data', level: 'top' }, '+docs': { show: false }, '+persist_docs': { relation: true } },
        { '+meta': { level: 'staging' }, docs: { node_color: 'red' }, persist_docs: { columns: true } },
        { meta: { owner: 'me' }, column_types: { id: 'int' } },
      ]),
    ).toEqual({
      meta: { team: 'data', level: 'staging', owner: 'me' },
      docs: { show: false, node_color: 'red' },
      // dbt replaces persist_docs from level to level
      persist_docs: { columns: true },
      column_types: { id: 'int' },
    });
  });
});
