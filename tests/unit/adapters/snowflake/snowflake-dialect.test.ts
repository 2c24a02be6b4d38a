import { describe, expect, it } from 'vitest';
import { SnowflakeDialect } from '../../../../src/adapters/snowflake/snowflake-dialect.js';

describe('the Snowflake dialect', () => {
  const dialect = new SnowflakeDialect();

  it('quotes names Snowflake would fold in their folded, upper-case form', () => {
    expect(dialect.quoteIdentifier('orders')).toBe('"ORDERS"');
    expect(dialect.quoteIdentifier('fct_Orders_2')).toBe('"FCT_ORDERS_2"');
    expect(dialect.quoteIdentifier('_tmp$1')).toBe('"_TMP$1"');
  });

  it('keeps the case of names that need quotes', () => {
    expect(dialect.quoteIdentifier('Order Lines')).toBe('"Order Lines"');
    expect(dialect.quoteIdentifier('1st')).toBe('"1st"');
    expect(dialect.quoteIdentifier('say "hi"')).toBe('"say ""hi"""');
  });

  it('builds transient tables unless transient is false, and replaces them in one statement', () => {
    const relation = { database: 'analytics', schema: 'shop', identifier: 'orders' };
    expect(dialect.createTableAs(relation, 'select 1')).toBe(
      'CREATE TRANSIENT TABLE "ANALYTICS"."SHOP"."ORDERS" AS (\nselect 1\n)',
    );
    expect(dialect.createTableAs(relation, 'select 1', { replace: true, extra: { transient: false } })).toBe(
      'CREATE OR REPLACE TABLE "ANALYTICS"."SHOP"."ORDERS" AS (\nselect 1\n)',
    );
    expect(dialect.capabilities.createOrReplaceTable).toBe(true);
  });

  it('casts through text for TRY_CAST, which takes only text', () => {
    expect(dialect.safeCast('amount', 'NUMBER(12,2)')).toBe('TRY_CAST(CAST(amount AS VARCHAR) AS NUMBER(12,2))');
  });
});
