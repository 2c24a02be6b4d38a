import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../src/adapters/contract.js';
import { targetDatabase } from '../../../src/adapters/registry.js';
import { asTargetRelation, inDatabase } from '../../../src/artifacts/artifact-relation.js';

const duckdb = (path: string): TargetConfig => ({
  name: 'dev',
  type: 'duckdb',
  schema: 'main',
  threads: 1,
  settings: { path },
});

describe('how artifacts name a target relations', () => {
  it("takes a DuckDB target's database from its file, as dbt-duckdb does, and `memory` in memory", () => {
    expect(targetDatabase(duckdb('target/shop.duckdb'))).toBe('shop');
    expect(targetDatabase(duckdb(':memory:'))).toBe('memory');
    expect(targetDatabase({ ...duckdb('x.duckdb'), type: 'redshift', database: 'analytics' })).toBe('analytics');
  });

  it('puts a relation that names no database in the target database, and leaves one that names its own', () => {
    expect(inDatabase({ schema: 'main', identifier: 'orders' }, 'shop')).toEqual({
      database: 'shop',
      schema: 'main',
      identifier: 'orders',
    });
    const elsewhere = { database: 'lake', schema: 'main', identifier: 'orders' };
    expect(inDatabase(elsewhere, 'shop')).toBe(elsewhere);
    expect(inDatabase({ schema: 'main', identifier: 'orders' }, undefined)).toEqual({
      schema: 'main',
      identifier: 'orders',
    });
  });

  it("reads a relation of a state manifest back as the target names its own: without the DuckDB file's catalog", () => {
    const target = duckdb('target/shop.duckdb');
    expect(asTargetRelation({ database: 'shop', schema: 'prod', identifier: 'orders' }, target)).toEqual({
      schema: 'prod',
      identifier: 'orders',
    });
    // another catalog is another database: it stays named
    const other = { database: 'prod_copy', schema: 'prod', identifier: 'orders' };
    expect(asTargetRelation(other, target)).toBe(other);
    // a target that names its database names every relation with it
    const redshift = { ...target, type: 'redshift', database: 'shop' };
    const named = { database: 'shop', schema: 'prod', identifier: 'orders' };
    expect(asTargetRelation(named, redshift)).toBe(named);
  });
});
