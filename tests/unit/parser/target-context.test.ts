import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../src/adapters/contract.js';
import { publicTargetContext } from '../../../src/parser/parse-context.js';

function target(type: string, settings: Record<string, unknown>, database?: string): TargetConfig {
  return { name: 'dev', type, schema: 'main', threads: 1, settings, ...(database === undefined ? {} : { database }) };
}

describe('{{ target }}', () => {
  it("names the database a target without `database:` uses, as dbt's adapters do", () => {
    expect(publicTargetContext(target('duckdb', { path: 'target/shop.duckdb' })).database).toBe('shop');
    expect(publicTargetContext(target('duckdb', { path: ':memory:' })).database).toBe('memory');
    expect(publicTargetContext(target('duckdb', {})).database).toBe('memory');
    expect(publicTargetContext(target('athena', { s3_data_dir: 's3://b/d/' })).database).toBe('awsdatacatalog');
  });

  it("keeps the database a target sets, and shows dbt's fields and plain settings but never a secret", () => {
    const context = publicTargetContext(
      target('redshift', { password: 'hunter2', host: 'h', user: 'ann', api_token: 't0k' }, 'analytics'),
      'shop',
    );
    expect(context).toEqual({
      name: 'dev',
      target_name: 'dev',
      type: 'redshift',
      schema: 'main',
      database: 'analytics',
      threads: 1,
      profile_name: 'shop',
      host: 'h',
      user: 'ann',
    });
  });
});
