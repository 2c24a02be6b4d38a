import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogJson } from '../../src/artifacts/catalog-json.js';
import type { SiteData } from '../../src/docs/site-data.js';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

/** The site data embedded in index.html, read back as the app reads it. */
function embeddedSiteData(html: string): SiteData {
  const json = /<script type="application\/json" id="strata-docs-data">([^<]*)<\/script>/.exec(html)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!) as SiteData;
}

describe('strata docs generate on the basic fixture (DuckDB)', () => {
  let dir: string;
  let generated: CliResult;

  beforeAll(async () => {
    dir = copyFixture('basic');
    const build = await strata(['build'], { cwd: dir });
    expect(build.code).toBe(0);
    generated = await strata(['docs', 'generate'], { cwd: dir });
  });

  const read = (file: string) => readFileSync(join(dir, 'target', file), 'utf8');

  it('prints dbt-like lines and where the site is', () => {
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/Running with strata=/);
    expect(generated.stdout).toMatch(/Building catalog/);
    expect(generated.stdout).toContain(`Catalog written to ${join(dir, 'target/catalog.json')}`);
    expect(generated.stdout).toContain(`Docs site written to ${join(dir, 'target/index.html')}`);
  });

  it('writes catalog.json with the column names and types DuckDB has', async () => {
    const catalog = JSON.parse(read('catalog.json')) as CatalogJson;
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(catalog.errors).toBeNull();
    // the ephemeral paid_orders has no relation; tests are not relations
    expect(Object.keys(catalog.nodes)).toEqual([
      'model.basic.customer_revenue',
      'model.basic.orders_incremental',
      'model.basic.stg_customers',
      'model.basic.stg_events',
      'model.basic.stg_orders',
      'seed.basic.customers',
      'seed.basic.orders',
    ]);
    const columns = await queryDuckDb(
      join(dir, 'target/basic.duckdb'),
      'select table_schema, table_name, column_name, data_type, ordinal_position from information_schema.columns ' +
        "where table_schema in ('main', 'main_marts') order by 1, 2, 5",
    );
    const fromCatalog = Object.values(catalog.nodes).flatMap((table) =>
      Object.values(table.columns).map((column) => ({
        table_schema: table.metadata.schema,
        table_name: table.metadata.name,
        column_name: column.name,
        data_type: column.type,
        ordinal_position: column.index,
      })),
    );
    const key = (row: Record<string, unknown>) =>
      `${row.table_schema}.${row.table_name}.${String(row.ordinal_position).padStart(3, '0')}`;
    expect(fromCatalog.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      columns
        .map((row) => ({ ...row, ordinal_position: Number(row.ordinal_position) }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(catalog.nodes['model.basic.customer_revenue']!.metadata).toMatchObject({
      type: 'BASE TABLE',
      schema: 'main_marts',
      name: 'customer_revenue',
    });
    expect(catalog.nodes['model.basic.stg_orders']!.metadata.type).toBe('VIEW');
    expect(catalog.nodes['seed.basic.orders']!.columns['amount']!.type).toBe('DECIMAL(10,2)');
  });

  it('describes the lake source from its files', () => {
    const catalog = JSON.parse(read('catalog.json')) as CatalogJson;
    const events = catalog.sources['source.basic.raw.events']!;
    expect(events.metadata).toMatchObject({ type: 'EXTERNAL TABLE', schema: 'raw', name: 'events' });
    expect(Object.keys(events.columns)).toEqual(expect.arrayContaining(['payload', 'dt', 'hour']));
  });

  it('writes index.html embedding the site data, with warehouse types and compiled SQL', () => {
    const html = read('index.html');
    expect(html).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'sha256-',
    );
    const data = embeddedSiteData(html);
    expect(data.project).toMatchObject({
      name: 'basic',
      adapterType: 'duckdb',
      counts: { model: 6, seed: 2, source: 1 },
    });
    const revenue = data.nodes.find((node) => node.uniqueId === 'model.basic.customer_revenue')!;
    expect(revenue.compiledSql).toMatch(/^with __strata_cte__paid_orders as \(/);
    expect(revenue.descriptionHtml).toBe('<p>Revenue per customer from paid orders.</p>\n');
    expect(revenue.columns.find((column) => column.name === 'customer_id')).toMatchObject({
      type: 'BIGINT',
      tests: ['not_null', 'unique'],
    });
    expect(revenue.parents.map((p) => data.nodes[p]!.name).sort()).toEqual(['paid_orders', 'stg_customers']);
    expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
    expect(existsSync(join(dir, 'target/compiled/basic/models/marts/customer_revenue.sql'))).toBe(true);
  });
});

describe('strata docs generate --empty-catalog --no-compile', () => {
  it('writes the site without the warehouse and without compiled SQL', async () => {
    const dir = copyFixture('basic');
    const yml = join(dir, 'models/marts/_marts.yml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace(
        'Revenue per customer from paid orders.',
        '"Revenue </script><script>alert(1)</script> <img src=x onerror=alert(2)>"',
      ),
    );
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/overview.md'), '# Basic shop\n\n<svg onload=alert(3)>');
    const result = await strata(['docs', 'generate', '--empty-catalog', '--no-compile'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'target/basic.duckdb'))).toBe(false);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as CatalogJson;
    expect(catalog).toMatchObject({ nodes: {}, sources: {}, errors: null });
    const data = embeddedSiteData(readFileSync(join(dir, 'target/index.html'), 'utf8'));
    expect(data.nodes.every((node) => node.compiledSql === undefined)).toBe(true);
    expect(data.nodes.find((node) => node.name === 'stg_orders')?.rawSql).toContain("ref('orders')");
    // user text arrives as escaped text; the page holds no script but the data and the app
    const html = readFileSync(join(dir, 'target/index.html'), 'utf8');
    expect(html.match(/<script/gi)).toHaveLength(2);
    const revenue = data.nodes.find((node) => node.name === 'customer_revenue')!;
    expect(revenue.descriptionHtml).toBe(
      '<p>Revenue &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</p>\n',
    );
    expect(data.project.overviewHtml).toBe('<h1>Basic shop</h1>\n<p>&lt;svg onload=alert(3)&gt;</p>\n');
  });
});
