/**
 * The example project reads its Bronze sources in either Parquet layout (var
 * bronze_format: parquet reads typed files; bronze_layout: payload added, the payload
 * layout): one generated day of events is landed through the ingester's classifier and
 * Parquet encoder in both layouts, the project is built on each, and every gold table,
 * row for row, and the staging row counts are the same.
 */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDb, strata, type CliResult } from '../support/cli.js';
import { copyExampleProject, EXAMPLE_GOLD_MODELS, generateExampleLake } from '../support/example-project.js';
import { landAsParquet } from '../support/parquet-bronze-lake.js';
import { tempDir } from '../support/temp-dir.js';

const REPO = resolve(import.meta.dirname, '../..');
const STAGING = ['stg_users', 'stg_clickstream_events', 'stg_orders', 'stg_order_items', 'stg_payments'];

describe('the example project on typed and payload Parquet Bronze files', () => {
  const dirs = { payload: '', typed: '' };
  const builds: Record<string, CliResult> = {};
  const landed: Record<string, number> = {};

  beforeAll(async () => {
    const generated = tempDir('strata-example-generated-');
    cpSync(join(REPO, 'project.yml'), join(generated, 'project.yml'));
    await generateExampleLake(generated, { seed: 11, users: 300, days: 2 });
    for (const layout of ['payload', 'typed'] as const) {
      const dir = tempDir(`strata-example-${layout}-`);
      copyExampleProject(dir);
      landed[layout] = await landAsParquet(join(generated, 'lake'), join(dir, 'lake'), layout);
      // Typed is what the models read Parquet as by default (the ingester's default for the shop's topics).
      const vars = JSON.stringify({
        bronze_format: 'parquet',
        ...(layout === 'payload' ? { bronze_layout: layout } : {}),
      });
      builds[layout] = await strata(['build', '--vars', vars], { cwd: dir });
      dirs[layout] = dir;
    }
  }, 600_000);

  const query = async (layout: 'payload' | 'typed', sql: string) =>
    queryDuckDb(join(dirs[layout], 'target/shop.duckdb'), sql);

  it('builds every model and passes every data test in both layouts', () => {
    expect(landed.typed).toBeGreaterThan(0);
    expect(landed.typed).toBe(landed.payload);
    for (const layout of ['payload', 'typed']) {
      expect(builds[layout]!.stderr).toBe('');
      expect(builds[layout]!.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0/);
      expect(builds[layout]!.code).toBe(0);
    }
  });

  it('reads typed columns from the typed files, and the payload string from the others', async () => {
    const columns = async (layout: 'payload' | 'typed') => {
      const files = join(dirs[layout], 'lake/orders/**/*.parquet');
      const rows = await query(layout, `describe select * from read_parquet('${files}', hive_partitioning = false)`);
      return Object.fromEntries(rows.map((row) => [row.column_name, row.column_type]));
    };
    expect(await columns('payload')).toMatchObject({ offset: 'BIGINT', payload: 'VARCHAR' });
    const typed = await columns('typed');
    expect(typed).toMatchObject({
      offset: 'BIGINT',
      order_id: 'VARCHAR',
      items: 'STRUCT(product_id VARCHAR, quantity BIGINT, unit_price DOUBLE)[]',
      total_amount: 'DOUBLE',
      coupon_code: 'VARCHAR',
    });
    expect(typed).not.toHaveProperty('payload');
  });

  it('gives the same staging row counts and the same gold tables, row for row', async () => {
    for (const model of STAGING) {
      const sql = `select count(*)::int as n from main_staging.${model}`;
      expect(await query('typed', sql), model).toEqual(await query('payload', sql));
    }
    for (const model of EXAMPLE_GOLD_MODELS) {
      const sql = `select * from main_gold.${model} order by all`;
      const payload = await query('payload', sql);
      expect(payload.length, model).toBeGreaterThan(0);
      expect(await query('typed', sql), model).toEqual(payload);
    }
  });
});
