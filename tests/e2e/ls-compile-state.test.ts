import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

describe('strata ls and compile', () => {
  it('prints what a selection picks, with graph operators, methods and exclude', async () => {
    const dir = copyFixture('basic');
    const lines = async (...args: string[]) => {
      const result = await strata(['ls', '--output', 'name', ...args], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout.trim().split('\n').filter(Boolean).sort();
    };
    expect(await lines('-s', '+customer_revenue', '--resource-type', 'model', 'seed')).toEqual([
      'customer_revenue',
      'customers',
      'orders',
      'paid_orders',
      'stg_customers',
      'stg_orders',
    ]);
    expect(await lines('-s', 'stg_orders+1', '--resource-type', 'model')).toEqual([
      'orders_incremental',
      'paid_orders',
      'stg_orders',
    ]);
    expect(await lines('-s', 'tag:staging,config.materialized:view', '--resource-type', 'model')).toEqual([
      'stg_customers',
      'stg_events',
      'stg_orders',
    ]);
    // like dbt's eager indirect selection, tests touching a selected node come along
    expect(await lines('-s', 'stg_customers', '--resource-type', 'test')).toEqual([
      'relationships_orders_incremental_customer_id__customer_id__ref_stg_customers_',
    ]);
    expect(
      await lines('-s', 'path:models/marts', '--exclude', 'orders_incremental', '--resource-type', 'model'),
    ).toEqual(['customer_revenue']);
    expect(await lines('-s', 'source:raw', '--resource-type', 'source')).toEqual(['events']);
    expect(await lines('-s', 'test_type:singular')).toEqual(['assert_revenue_positive']);
    expect(await lines('-s', 'resource_type:seed')).toEqual(['customers', 'orders']);
  });

  it('compiles without a warehouse and selects state:modified against a previous manifest', async () => {
    const dir = copyFixture('basic');
    const compiled = await strata(['compile'], { cwd: dir });
    expect(compiled.code).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/basic/models/staging/stg_orders.sql'), 'utf8')).toContain(
      'from "main"."orders"',
    );
    cpSync(join(dir, 'target'), join(dir, 'previous'), { recursive: true });
    const model = join(dir, 'models/staging/stg_customers.sql');
    writeFileSync(model, readFileSync(model, 'utf8') + '\n-- changed\n');
    const modified = await strata(
      ['ls', '--output', 'name', '-s', 'state:modified', '--state', 'previous', '--resource-type', 'model'],
      { cwd: dir },
    );
    expect(modified.stdout.trim()).toBe('stg_customers');
    const downstream = await strata(
      ['ls', '--output', 'name', '-s', 'state:modified+', '--state', 'previous', '--resource-type', 'model'],
      { cwd: dir },
    );
    expect(downstream.stdout.trim().split('\n').sort()).toEqual(['customer_revenue', 'stg_customers']);
  });

  it(
    'selects the profiles folder from --profiles-dir or STRATA_PROFILES_DIR, ' + 'and the target from --target',
    async () => {
      const dir = copyFixture('basic');
      const elsewhere = copyFixture('basic');
      writeFileSync(
        join(elsewhere, 'profiles.yml'),
        'basic:\n  target: other\n  outputs:\n' +
          '    other: { type: duckdb, path: target/other.duckdb, schema: alt, threads: 1 }\n' +
          '    dev: { type: duckdb, path: target/dev.duckdb, schema: dev_alt, threads: 1 }\n',
      );
      const viaFlag = await strata(['compile', '-s', 'stg_orders', '--profiles-dir', elsewhere], { cwd: dir });
      expect(viaFlag.code).toBe(0);
      expect(readFileSync(join(dir, 'target/compiled/basic/models/staging/stg_orders.sql'), 'utf8')).toContain(
        '"alt"."orders"',
      );
      const viaEnv = await strata(['compile', '-s', 'stg_orders', '--target', 'dev'], {
        cwd: dir,
        env: { STRATA_PROFILES_DIR: elsewhere },
      });
      expect(viaEnv.code).toBe(0);
      expect(readFileSync(join(dir, 'target/compiled/basic/models/staging/stg_orders.sql'), 'utf8')).toContain(
        '"dev_alt"."orders"',
      );
    },
  );
});
