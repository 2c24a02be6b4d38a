import { describe, expect, it } from 'vitest';
import { attachedNameForTest, genericTestNames, genericTestUniqueId } from '../../../src/data-tests/test-names.js';

describe('genericTestNames', () => {
  it('names not_null and unique tests like dbt', () => {
    expect(genericTestNames('not_null', 'orders', { column_name: 'order_id' }).name).toBe('not_null_orders_order_id');
    expect(genericTestNames('unique', 'orders', { column_name: 'order_id' }).name).toBe('unique_orders_order_id');
  });

  it('names relationships tests with field and sanitized `to`', () => {
    const kwargs = { to: "ref('customers')", field: 'customer_id', column_name: 'customer_id' };
    // dbt's jaffle_shop name for the same test
    expect(genericTestNames('relationships', 'orders', kwargs).name).toBe(
      'relationships_orders_customer_id__customer_id__ref_customers_',
    );
  });

  it('truncates long names to 30 characters plus the md5 of the full name, like dbt', () => {
    const kwargs = {
      column_name: 'status',
      values: ['placed', 'shipped', 'completed', 'return_pending', 'returned'],
    };
    const names = genericTestNames('accepted_values', 'orders', kwargs);
    expect(names.fullName).toBe('accepted_values_orders_status__placed__shipped__completed__return_pending__returned');
    // the alias dbt gives this jaffle_shop test
    expect(names.name).toBe('accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758');
    expect(names.name.length).toBeLessThan(64);
  });

  it('keeps only [a-z0-9_] and cuts the prefix of a long model name at 30 characters', () => {
    const names = genericTestNames('accepted_values', 'A_Very_Long_Model_Name_Indeed', {
      column_name: 'Status',
      values: ['Gift Card', 'bank-transfer', 'x'],
    });
    expect(names.fullName).toBe('accepted_values_a_very_long_model_name_indeed_status__gift_card__bank_transfer__x');
    expect(names.name).toMatch(/^accepted_values_a_very_long_mo_[0-9a-f]{32}$/);
    expect(names.name).toMatch(/^[a-z0-9_]+$/);
  });

  it('names source tests after source_<source>_<table>', () => {
    const attached = attachedNameForTest({ sourceName: 'bronze', tableName: 'orders' });
    expect(genericTestNames('not_null', attached, { column_name: 'id' }).name).toBe('not_null_source_bronze_orders_id');
    expect(attachedNameForTest({ name: 'stg_orders' })).toBe('stg_orders');
  });
});

describe('genericTestUniqueId', () => {
  const meta = { name: 'accepted_values', kwargs: { column_name: 'status', values: ['a', 'b'] } };

  it('is test.<project>.<name>.<10 hex>', () => {
    expect(genericTestUniqueId('shop', 'accepted_values_o_status__a__b', meta)).toMatch(
      /^test\.shop\.accepted_values_o_status__a__b\.[0-9a-f]{10}$/,
    );
  });

  it('ignores kwarg order but not kwarg values', () => {
    const id = genericTestUniqueId('shop', 'n', meta);
    const reordered = { name: meta.name, kwargs: { values: ['a', 'b'], column_name: 'status' } };
    expect(genericTestUniqueId('shop', 'n', reordered)).toBe(id);
    const other = { name: meta.name, kwargs: { column_name: 'status', values: ['a', 'c'] } };
    expect(genericTestUniqueId('shop', 'n', other)).not.toBe(id);
  });
});
