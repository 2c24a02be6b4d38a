/**
 * `strata retry` and the `result:` selector on DuckDB: a build where one model fails (its
 * children skipped), then `result:error+` against that run, then the model mended and
 * `strata retry` running only what did not succeed.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

let dir: string;

beforeAll(() => {
  dir = copyFixture('retry');
});

function setOrdersSql(column: string): void {
  const path = join(dir, 'models/orders.sql');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/select 10 as order_id, 1 as customer_id, .*$/m, column));
}

function runResults(): { args: Record<string, unknown>; results: Array<{ unique_id: string; status: string }> } {
  return JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
}

const names = (text: string) => text.trim().split('\n').filter(Boolean).sort();

describe('strata retry', () => {
  it('says what is missing when there was no previous run', async () => {
    const result = await strata(['retry'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Could not find a previous run: no run_results.json in');
  });

  it('selects with result: against the failed run, then retries only what did not succeed', async () => {
    setOrdersSql('select 10 as order_id, 1 as customer_id, no_such_column as amount');
    const failed = await strata(['build'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('Done. PASS=1 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=5');
    const state = join(dir, 'failed-run');
    cpSync(join(dir, 'target'), state, { recursive: true, filter: (path) => !path.endsWith('.duckdb') });

    const ls = (selector: string) =>
      strata(['ls', '-s', selector, '--state', state, '--output', 'name', '--resource-type', 'model'], { cwd: dir });
    expect(names((await ls('result:error')).stdout)).toEqual(['orders']);
    expect(names((await ls('result:error+')).stdout)).toEqual(['customer_orders', 'orders']);
    expect(names((await ls('result:skipped')).stdout)).toEqual(['customer_orders']);
    expect(names((await ls('result:success')).stdout)).toEqual(['customers']);

    setOrdersSql('select 10 as order_id, 1 as customer_id, 25.0 as amount');
    const retried = await strata(['retry'], { cwd: dir });
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('Retrying `strata build` on 4 nodes that did not succeed');
    expect(retried.stdout).toContain('Done. PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4');
    const { args, results } = runResults();
    // the model that succeeded before is not built again
    expect(results.map((r) => r.unique_id.split('.').slice(0, 3).join('.')).sort()).toEqual([
      'model.retry_shop.customer_orders',
      'model.retry_shop.orders',
      'test.retry_shop.not_null_customer_orders_customer_id',
      'test.retry_shop.unique_customer_orders_customer_id',
    ]);
    expect(args.which).toBe('build');

    const again = await strata(['retry'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to retry: every node of the previous `strata build` succeeded.');
  });

  it("repeats the previous command's selection, and reads --state's run_results.json", async () => {
    setOrdersSql('select 10 as order_id, 1 as customer_id, no_such_column as amount');
    const failed = await strata(['run', '-s', 'orders+'], { cwd: dir });
    expect(failed.code).toBe(1);
    const state = join(dir, 'failed-run-2');
    cpSync(join(dir, 'target'), state, { recursive: true, filter: (path) => !path.endsWith('.duckdb') });
    setOrdersSql('select 10 as order_id, 1 as customer_id, 25.0 as amount');

    const retried = await strata(['retry', '--state', state], { cwd: dir });
    expect(retried.code).toBe(0);
    // `run`: models only, the tests of customer_orders are not run
    expect(retried.stdout).toContain('Done. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    expect(runResults().args).toMatchObject({ which: 'run', select: ['orders+'] });
  });
});
