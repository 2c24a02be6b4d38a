/**
 * What every adapter must produce from tests/fixtures/conformance, in one place. Rows are
 * compared after normalisation (see normalize-rows.ts), in any order.
 */
import type { RelationKind } from '../../src/adapters/contract.js';
import { DBT_MACRO_KINDS, DBT_MACRO_ROWS } from './expected-dbt-macros.js';
import type { Row } from './normalize-rows.js';

const customers: Row[] = [
  { customer_id: 1, name: 'Ada', country: 'FR', signup_date: '2024-01-15', is_active: true },
  // a quote and a backslash survive the seed load and the views
  { customer_id: 2, name: "O'Brien \\ Co", country: 'DE', signup_date: '2024-02-29', is_active: false },
  { customer_id: 3, name: 'Chloé', country: 'FR', signup_date: '2024-03-31', is_active: true },
  { customer_id: 4, name: 'Dmitri', country: null, signup_date: '2024-04-01', is_active: true },
];

const event = (
  event_id: number,
  order_id: number,
  customer_id: number,
  status: string,
  amount: number,
  event_at: string,
  batch: number,
): Row => ({
  event_id,
  order_id,
  customer_id,
  status,
  amount,
  event_at,
  batch,
});

const events: Row[] = [
  event(1, 101, 1, 'placed', 10.5, '2024-05-01 09:00:00', 1),
  event(2, 102, 2, 'placed', 20, '2024-05-01 10:30:00', 1),
  event(3, 103, 1, 'placed', 30.25, '2024-05-02 11:00:00', 1),
  event(4, 104, 99, 'placed', 5, '2024-05-02 12:00:00', 1),
  event(5, 102, 2, 'shipped', 20, '2024-05-03 08:00:00', 2),
  event(6, 103, 1, 'cancelled', 0, '2024-05-03 09:15:00', 2),
  event(7, 105, 3, 'placed', 42, '2024-05-04 16:45:00', 2),
];
const firstBatch = events.filter((e) => e.batch === 1);

/** A microbatch model's row of an event: built by the batch of the event's day. */
const dayBatch = (e: Row): Row => ({
  event_id: e.event_id!,
  status: e.status!,
  amount: e.amount!,
  event_at: e.event_at!,
  batch_id: String(e.event_at).slice(0, 10).replace(/-/g, ''),
});

const order = (
  order_id: number,
  customer_id: number,
  status: string,
  amount: number,
  updated_at: string,
  batch: number,
): Row => ({
  order_id,
  customer_id,
  status,
  amount,
  updated_at,
  batch,
});

/** The latest state of each order after batch 1. */
const ordersAfterBatch1: Row[] = [
  order(101, 1, 'placed', 10.5, '2024-05-01 09:00:00', 1),
  order(102, 2, 'placed', 20, '2024-05-01 10:30:00', 1),
  order(103, 1, 'placed', 30.25, '2024-05-02 11:00:00', 1),
  order(104, 99, 'placed', 5, '2024-05-02 12:00:00', 1),
];

/** After batch 2: 102 and 103 replaced, 105 added. */
const ordersAfterBatch2: Row[] = [
  order(101, 1, 'placed', 10.5, '2024-05-01 09:00:00', 1),
  order(102, 2, 'shipped', 20, '2024-05-03 08:00:00', 2),
  order(103, 1, 'cancelled', 0, '2024-05-03 09:15:00', 2),
  order(104, 99, 'placed', 5, '2024-05-02 12:00:00', 1),
  order(105, 3, 'placed', 42, '2024-05-04 16:45:00', 2),
];

const portable = (order_id: number, event_day: string, order_hash: string, event_key: string, amount: number): Row => ({
  order_id,
  event_month: '2024-05-01',
  event_day,
  forty_two: 42,
  order_hash,
  event_key,
  amount_numeric: amount,
  order_id_text: String(order_id),
  event_date: event_day,
  batch_bigint: 1,
  has_current_timestamp: true,
});

/** Rows of every relation after the first run (`batch: 1`); incremental models are new tables. */
export const AFTER_FIRST_RUN: Record<string, Row[]> = {
  events_append: firstBatch,
  events_microbatch: firstBatch.map(dayBatch),
  orders_merge: ordersAfterBatch1,
  orders_delete_insert: ordersAfterBatch1,
};

/** Rows of every relation once batch 2 has run (and after any later idempotent run). */
export const FINAL_ROWS: Record<string, Row[]> = {
  customers,
  order_events: events,
  stg_customers: customers,
  stg_order_events: events,
  customer_orders: [
    { customer_id: 1, name: 'Ada', events: 2, amount: 40.75 },
    { customer_id: 2, name: "O'Brien \\ Co", events: 2, amount: 40 },
    { customer_id: 3, name: 'Chloé', events: 1, amount: 42 },
    { customer_id: 4, name: 'Dmitri', events: 0, amount: 0 },
  ],
  events_append: events,
  events_microbatch: events.map(dayBatch),
  orders_merge: ordersAfterBatch2,
  orders_delete_insert: ordersAfterBatch2,
  // md5('101') and md5('101-placed'): hashes agree across engines
  xdb_portable: [
    portable(101, '2024-05-01', '38b3eff8baf56627478ec76a704e9b52', 'dbe2cc59e7f8faee78e2f62898b1c3bd', 10.5),
    portable(102, '2024-05-01', 'ec8956637a99787bd197eacd77acce5e', '1571eb18798a9501169ed1c9f97461eb', 20),
    portable(103, '2024-05-02', '6974ce5ac660610b44d9b9fed0ff9548', 'cf48a95af022c6807a71c746b7b6cc14', 30.25),
    portable(104, '2024-05-02', 'c9e1074f5b3f9fc8ea15d152add07294', '9b4fc1ac311be74926a97e5f37f0e530', 5),
  ],
  xdb_warehouse_functions: [
    {
      customer_id: 1,
      first_due_at: '2024-05-04 09:00:00',
      first_two_hours_before: '2024-05-01 07:00:00',
      max_days_since_may: 1,
      max_months_since_january: 4,
      order_ids: '103|101',
    },
    {
      customer_id: 2,
      first_due_at: '2024-05-04 10:30:00',
      first_two_hours_before: '2024-05-01 08:30:00',
      max_days_since_may: 0,
      max_months_since_january: 4,
      order_ids: '102',
    },
    {
      customer_id: 99,
      first_due_at: '2024-05-05 12:00:00',
      first_two_hours_before: '2024-05-02 10:00:00',
      max_days_since_may: 1,
      max_months_since_january: 4,
      order_ids: '104',
    },
  ],
  contracted_customers: customers.map((c) => ({ customer_id: c.customer_id!, name: c.name!, is_active: c.is_active! })),
  ...DBT_MACRO_ROWS,
};

/** What each relation is; the ephemeral model has none. */
export const RELATION_KINDS: Record<string, RelationKind> = {
  customers: 'table',
  order_events: 'table',
  stg_customers: 'view',
  stg_order_events: 'view',
  customer_orders: 'table',
  events_append: 'table',
  events_microbatch: 'table',
  orders_merge: 'table',
  orders_delete_insert: 'table',
  xdb_portable: 'table',
  xdb_warehouse_functions: 'table',
  contracted_customers: 'table',
  ...DBT_MACRO_KINDS,
};

/** Models that build no relation. */
export const EPHEMERAL_MODELS = ['paid_events', 'xdb_dbt_status_events'];

/** The incremental models and the status the second run must report (not a rebuild). */
export const INCREMENTAL_MESSAGES: Record<string, RegExp> = {
  events_append: /^INSERT\b/,
  orders_merge: /^MERGE\b/,
  orders_delete_insert: /^INSERT\b/,
};

/** The unit tests not meant to fail (`_unit_tests.yml`), run offline and with `--unit-target <target>`. */
export const UNIT_TESTS = [
  'unit_customer_orders_sums_paid_events',
  'unit_orders_merge_keeps_latest_event_of_new_batches',
  'unit_stg_order_events_reads_batches_up_to_var',
];

/** Tests that pass on the final rows (every test not tagged `expect_fail`). */
export const PASSING_TESTS = [
  'accepted_values_orders_merge_status__placed__shipped__cancelled',
  'accepted_values_stg_customers_country__FR__DE',
  'assert_merge_matches_delete_insert',
  'not_null_customer_orders_customer_id',
  'not_null_orders_merge_order_id',
  'not_null_stg_customers_customer_id',
  'relationships_customer_orders_customer_id__customer_id__ref_stg_customers_',
  'unique_customer_orders_customer_id',
  'unique_orders_delete_insert_order_id',
  'unique_orders_merge_order_id',
  'unique_stg_customers_customer_id',
  ...UNIT_TESTS,
];

/** Tests tagged `expect_fail`, each with the failure count it must report. */
export const FAILING_TESTS: Record<string, number> = {
  // customer 4 has no country
  fails_not_null: 1,
  // orders 102 and 103 have two events each
  fails_unique: 2,
  // order 104 belongs to the unknown customer 99
  fails_relationships: 1,
  // shipped and cancelled
  fails_accepted_values: 2,
  // a unit test's failure is one: its rows differ
  fails_unit_customer_orders: 1,
};

/** A row of the `order_status_history` snapshot: an order's status from `valid_from` to `valid_to` (null: current). */
const history = (
  order_id: number,
  customer_id: number,
  status: string,
  amount: number,
  valid_from: string,
  valid_to: string | null,
): Row => ({
  order_id,
  customer_id,
  status,
  amount,
  dbt_updated_at: valid_from,
  dbt_valid_from: valid_from,
  dbt_valid_to: valid_to,
});

/** The snapshot after batch 1, and after batch 2: 102 was shipped, 103 cancelled, 105 placed. */
export const SNAPSHOT_ROWS: Record<'batch1' | 'batch2', Row[]> = {
  batch1: [
    history(101, 1, 'placed', 10.5, '2024-05-01 09:00:00', null),
    history(102, 2, 'placed', 20, '2024-05-01 10:30:00', null),
    history(103, 1, 'placed', 30.25, '2024-05-02 11:00:00', null),
    history(104, 99, 'placed', 5, '2024-05-02 12:00:00', null),
  ],
  batch2: [
    history(101, 1, 'placed', 10.5, '2024-05-01 09:00:00', null),
    history(102, 2, 'placed', 20, '2024-05-01 10:30:00', '2024-05-03 08:00:00'),
    history(102, 2, 'shipped', 20, '2024-05-03 08:00:00', null),
    history(103, 1, 'placed', 30.25, '2024-05-02 11:00:00', '2024-05-03 09:15:00'),
    history(103, 1, 'cancelled', 0, '2024-05-03 09:15:00', null),
    history(104, 99, 'placed', 5, '2024-05-02 12:00:00', null),
    history(105, 3, 'placed', 42, '2024-05-04 16:45:00', null),
  ],
};
