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
});
