/**
 * selectors.yml end to end: `strata ls --selector <name>` lists what each of dbt's definition
 * forms selects, the `default: true` selector applies when no selection is given, and
 * mistakes are reported at their line of selectors.yml.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

let dir: string;

beforeAll(() => {
  dir = copyFixture('selectors');
});

async function ls(...args: string[]): Promise<string[]> {
  const result = await strata(['ls', '--output', 'name', ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // a generic test's name ends in a hash or its arguments, depending on their length: keep its stem
  return result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((name) => name.replace(/^(relationships_customer_orders)_.*$/, '$1'))
    .sort();
}

const RELATIONSHIPS = 'relationships_customer_orders';
const NOT_NULL = 'not_null_stg_customers_id';

describe('strata ls --selector', () => {
  it('uses the default selector when no --select is given, and not when one is', async () => {
    expect(await ls('--resource-type', 'model')).toEqual(['customer_orders', 'order_totals']);
    expect(await ls('-s', 'stg_orders', '--resource-type', 'model')).toEqual(['stg_orders']);
  });

  it('selects a method with children', async () => {
    expect(await ls('--selector', 'nightly_and_downstream', '--resource-type', 'model')).toEqual([
      'customer_orders',
      'order_totals',
      'stg_orders',
    ]);
  });

  it('selects parents up to parents_depth', async () => {
    expect(await ls('--selector', 'one_level_up')).toEqual(['customer_orders', 'order_totals', RELATIONSHIPS]);
  });

  it('applies an exclude inside a union, and the string shorthand', async () => {
    expect(await ls('--selector', 'staging_but_orders', '--resource-type', 'model')).toEqual(['stg_customers']);
  });

  it('intersects items, the one-key shorthand included, and reuses another selector', async () => {
    expect(await ls('--selector', 'tagged_marts', '--resource-type', 'model')).toEqual([
      'customer_orders',
      'order_totals',
    ]);
    expect(await ls('--selector', 'reuses_others', '--resource-type', 'model')).toEqual([
      'customer_orders',
      'order_totals',
      'stg_customers',
    ]);
  });

  it('brings attached tests as indirect_selection says', async () => {
    // eager (the default): every test touching stg_customers
    expect(await ls('-s', 'stg_customers')).toEqual([NOT_NULL, RELATIONSHIPS, 'stg_customers'].sort());
    expect(await ls('--selector', 'customers_only')).toEqual(['stg_customers']);
    // cautious: only tests whose parents are all selected
    expect(await ls('--selector', 'customers_cautious')).toEqual([NOT_NULL, 'stg_customers']);
  });
});

describe('other commands with --selector', () => {
  it('show previews the model a selector picks', async () => {
    const result = await strata(['show', '--selector', 'customers_only'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Previewing stg_customers (1 row)');
  });

  it('build runs what the default selector picks when nothing is selected', async () => {
    const staging = await strata(['run', '-s', 'path:models/staging'], { cwd: dir });
    expect(staging.code, staging.stdout + staging.stderr).toBe(0);
    expect(staging.stdout).not.toContain('default selector');
    const result = await strata(['build'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Using the default selector "marts"');
    expect(result.stdout).toMatch(/START .*customer_orders/);
    expect(result.stdout).toMatch(/START .*order_totals/);
    expect(result.stdout).not.toMatch(/START sql \w+ model .*stg_/);
  });
});

describe('selectors.yml mistakes', () => {
  it('names an unknown --selector with the closest name (exit 2)', async () => {
    const result = await strata(['ls', '--selector', 'nightly_and_downstrem'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--selector nightly_and_downstrem: no selector of that name in selectors.yml');
    expect(result.stderr).toContain('Did you mean "nightly_and_downstream"?');
  });

  it('refuses --selector together with --select', async () => {
    const result = await strata(['ls', '--selector', 'marts', '-s', 'stg_orders'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--selector cannot be combined with --select or --exclude');
  });

  it('reports an unknown key at its line with the closest name, also on strata parse', async () => {
    const broken = copyFixture('selectors');
    const text = readFileSync(join(broken, 'selectors.yml'), 'utf8').replace('children: true', 'childern: true');
    writeFileSync(join(broken, 'selectors.yml'), text);
    for (const command of ['ls', 'parse']) {
      const result = await strata([command], { cwd: broken });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('selectors.yml:11: Unknown key "childern" in a selector method');
      expect(result.stderr).toContain('Did you mean "children"?');
    }
  });
});
