import { describe, expect, it } from 'vitest';
import {
  genericTestNames,
  genericTestUniqueId,
  modelArgument,
  type GenericTestNaming,
  type TestAttachment,
} from '../../../src/data-tests/test-names.js';

const orders: TestAttachment = { name: 'orders' };
const rawOrders: TestAttachment = { sourceName: 'raw', tableName: 'orders' };

/** name, alias and unique id of a test in project `gtdbt`, as parseGenericTest derives them. */
function dbtNames(naming: GenericTestNaming) {
  const { name, alias } = genericTestNames(naming);
  const kwargs = { ...naming.kwargs, model: modelArgument(naming.attached) };
  const uniqueId = genericTestUniqueId('gtdbt', name, { name: naming.testName, namespace: naming.namespace, kwargs });
  return { name, alias, uniqueId };
}

// Every expected value below is what dbt-core 1.11.16 wrote to manifest.json for the same
// declarations (project `gtdbt`, schema.yml at the root of models/).
describe('generic test names and unique ids as dbt makes them', () => {
  it('column tests of a model: not_null, unique, accepted_values, relationships', () => {
    expect(dbtNames({ testName: 'not_null', attached: orders, kwargs: { column_name: 'id' } })).toEqual({
      name: 'not_null_orders_id',
      alias: 'not_null_orders_id',
      uniqueId: 'test.gtdbt.not_null_orders_id.84ef11d8fe',
    });
    expect(dbtNames({ testName: 'unique', attached: orders, kwargs: { column_name: 'id' } }).uniqueId).toBe(
      'test.gtdbt.unique_orders_id.1360ecc70e',
    );
    const accepted = { column_name: 'status', values: ['placed', 'shipped'] };
    expect(dbtNames({ testName: 'accepted_values', attached: orders, kwargs: accepted }).uniqueId).toBe(
      'test.gtdbt.accepted_values_orders_status__placed__shipped.7de09bf3cd',
    );
    const relationships = { column_name: 'customer_id', to: "ref('customers')", field: 'customer_id' };
    expect(dbtNames({ testName: 'relationships', attached: orders, kwargs: relationships }).uniqueId).toBe(
      'test.gtdbt.relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2',
    );
  });

  it('prints booleans and numbers as Python does, in key order', () => {
    const kwargs = { values: [1, 2, true], quote: false, column_name: 'status' };
    expect(dbtNames({ testName: 'accepted_values', attached: orders, kwargs }).uniqueId).toBe(
      'test.gtdbt.accepted_values_orders_status__False__1__2__True.3c9153ddcb',
    );
  });

  it('a test without arguments ends with an underscore', () => {
    expect(dbtNames({ testName: 'has_rows', attached: orders, kwargs: {} }).uniqueId).toBe(
      'test.gtdbt.has_rows_orders_.c71190846d',
    );
  });

  it('source tests start with source_ and name <source>_<table>', () => {
    expect(dbtNames({ testName: 'not_null', attached: rawOrders, kwargs: { column_name: 'id' } }).uniqueId).toBe(
      'test.gtdbt.source_not_null_raw_orders_id.f232a64478',
    );
    expect(dbtNames({ testName: 'has_rows', attached: rawOrders, kwargs: {} }).uniqueId).toBe(
      'test.gtdbt.source_has_rows_raw_orders_.6a61cd36e8',
    );
  });

  it('a package test starts with the package name, which the unique id hashes too', () => {
    const naming = {
      testName: 'expression_is_true',
      namespace: 'gtdbt',
      attached: orders,
      kwargs: { expression: 'amount > 0' },
    };
    expect(dbtNames(naming).uniqueId).toBe('test.gtdbt.gtdbt_expression_is_true_orders_amount_0.0bb18ebea2');
    expect(genericTestNames({ ...naming, namespace: 'dbt_utils' }).name).toBe(
      'dbt_utils_expression_is_true_orders_amount_0',
    );
  });

  it('from 64 characters on, the alias is 30 characters of the prefix and the md5 of the name', () => {
    const expression = "amount >= 0 and amount < 1000000 and status in ('placed', 'shipped')";
    expect(dbtNames({ testName: 'expression_is_true', attached: orders, kwargs: { expression } })).toEqual({
      name: 'expression_is_true_orders_amount_0_and_amount_1000000_and_status_in_placed_shipped_',
      alias: 'expression_is_true_orders_9de673ecb2d910f80b2f9cdca11c516d',
      uniqueId:
        'test.gtdbt.expression_is_true_orders_amount_0_and_amount_1000000_and_status_in_placed_shipped_.b415b2477e',
    });
    // jaffle_shop's accepted_values test on orders.status
    const values = ['placed', 'shipped', 'completed', 'return_pending', 'returned'];
    expect(
      genericTestNames({ testName: 'accepted_values', attached: orders, kwargs: { column_name: 'status', values } }),
    ).toEqual({
      name: 'accepted_values_orders_status__placed__shipped__completed__return_pending__returned',
      alias: 'accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758',
    });
  });

  it('keeps the case of names and replaces other characters by _', () => {
    const kwargs = { column_name: 'Status', values: ['Gift Card', 'bank-transfer'] };
    expect(genericTestNames({ testName: 'accepted_values', attached: { name: 'Orders' }, kwargs }).name).toBe(
      'accepted_values_Orders_Status__Gift_Card__bank_transfer',
    );
  });

  it('the unique id ignores argument order but not argument values', () => {
    const id = (kwargs: Record<string, unknown>) =>
      genericTestUniqueId('shop', 'n', { name: 'accepted_values', kwargs });
    expect(id({ column_name: 'status', values: ['a', 'b'] })).toBe(id({ values: ['a', 'b'], column_name: 'status' }));
    expect(id({ column_name: 'status', values: ['a', 'c'] })).not.toBe(
      id({ column_name: 'status', values: ['a', 'b'] }),
    );
  });
});
