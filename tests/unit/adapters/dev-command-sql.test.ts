import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/adapters/contract.js';
import { createDialect } from '../../../src/adapters/registry.js';

const dialects: Dialect[] = (['duckdb', 'athena', 'redshift', 'snowflake'] as const).map((name) => createDialect(name));

function each(render: (d: Dialect) => string): Record<string, string> {
  return Object.fromEntries(dialects.map((d) => [d.name, render(d)]));
}

const orders = { schema: 'shop', identifier: 'orders' };

describe('SQL of the development commands, side by side', () => {
  it('--empty reads a relation as a subquery of no rows, aliased where the warehouse needs it', () => {
    expect(each((d) => d.emptyRead(d.renderRelation(orders), orders.identifier))).toMatchInlineSnapshot(`
      {
        "athena": "(select * from "shop"."orders" where false limit 0)",
        "duckdb": "(select * from "shop"."orders" where false limit 0)",
        "redshift": "(select * from "shop"."orders" where false limit 0) "_strata_empty_orders"",
        "snowflake": "(select * from "SHOP"."ORDERS" where false limit 0)",
      }
    `);
  });

  it('clone copies a table zero-copy on Snowflake; elsewhere it makes a view reading the source', () => {
    const prod = { schema: 'prod', identifier: 'orders' };
    expect(each((d) => d.cloneTable(orders, prod) ?? d.createViewAs(orders, `select * from ${d.renderRelation(prod)}`)))
      .toMatchInlineSnapshot(`
      {
        "athena": "CREATE OR REPLACE VIEW "shop"."orders" AS
      select * from "prod"."orders"",
        "duckdb": "CREATE OR REPLACE VIEW "shop"."orders" AS (
      select * from "prod"."orders"
      )",
        "redshift": "CREATE VIEW "shop"."orders" AS (
      select * from "prod"."orders"
      )",
        "snowflake": "CREATE OR REPLACE TRANSIENT TABLE "SHOP"."ORDERS" CLONE "PROD"."ORDERS"",
      }
    `);
    expect(createDialect('snowflake').cloneTable(orders, prod, { extra: { transient: false } })).toBe(
      'CREATE OR REPLACE TABLE "SHOP"."ORDERS" CLONE "PROD"."ORDERS"',
    );
  });
});
