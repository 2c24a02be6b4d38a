/**
 * The rows of the `xdb_dbt_*` models, which call dbt's cross-database macros with dbt's
 * arguments: every adapter must produce them (part of FINAL_ROWS in expected.ts).
 */
import type { RelationKind } from '../../src/adapters/contract.js';
import type { Row } from './normalize-rows.js';

/** What the string, cast and literal macros make of one customer (stg_customers). */
const strings = (
  customer: [id: number, name: string, country: string | null, signup: string, active: boolean],
  computed: { first_o: number; name_zeroed: string; name_end: string; name_hash: string },
): Row => {
  const [customer_id, name, country, signup, active] = customer;
  const [, month, day] = signup.split('-');
  return {
    customer_id,
    name_and_country: country === null ? null : `${name}/${country}`,
    name_length: [...name].length,
    first_o: computed.first_o,
    name_zeroed: computed.name_zeroed,
    name_end: computed.name_end,
    name_end_none: '',
    name_whole: name,
    signup_month_text: month!,
    signup_day_text: day!,
    past_last_part: '',
    active_text: String(active),
    customer_id_bigint: customer_id,
    two_and_a_half: 2.5,
    active_boolean: active,
    signup_timestamp: signup,
    not_a_number: null,
    literal_not_a_number: null,
    literal_forty_two: 42,
    literal_text: "it's",
    escaped_text: "O'Brien",
    is_french: country === null ? null : country === 'FR',
    name_hash: computed.name_hash,
    leap_day: '2024-02-29',
    doublings_for_five: 3,
    months_between: 4,
    has_timestamp_backcompat: true,
    has_utc_timestamp_backcompat: true,
  };
};

const dates = (order_id: number, due_at: string, month_before: string, days: number, hours: number): Row => ({
  order_id,
  due_at,
  month_before,
  days_since_april: days,
  years_since_2023: 1,
  months_since_january: 4,
  weeks_since_friday: 1,
  hours_since: hours,
  month_end: '2024-05-31',
  quarter_end: '2024-06-30',
  year_end: '2024-12-31',
});

const arrays = (customer_id: number): Row => ({
  customer_id,
  appended: true,
  concatenated: true,
  empty_arrays_equal: true,
});

/** `xdb_dbt_namespaced`: the same macros through `dbt.`, and the dispatched project macro. */
const namespaced = (customer_id: number, name: string, name_hash: string): Row => ({
  customer_id,
  name_slash_x: `${name}/x`,
  name_length: [...name].length,
  name_hash,
  name_zeroed: name.replaceAll('o', '0'),
  seven: 7,
  label: `c${customer_id}`,
  label_unqualified: `c${customer_id}`,
});

export const DBT_MACRO_ROWS: Record<string, Row[]> = {
  // name hashes are md5 of the UTF-8 name
  xdb_dbt_strings: [
    strings([1, 'Ada', 'FR', '2024-01-15', true], {
      first_o: 0,
      name_zeroed: 'Ada',
      name_end: 'da',
      name_hash: '1a382809b7c03f686e12dd15677c5497',
    }),
    strings([2, "O'Brien \\ Co", 'DE', '2024-02-29', false], {
      first_o: 12,
      name_zeroed: "O'Brien \\ C0",
      name_end: 'Co',
      name_hash: '15196bfa3f6c9b90254b549f95c750ee',
    }),
    strings([3, 'Chloé', 'FR', '2024-03-31', true], {
      first_o: 4,
      name_zeroed: 'Chl0é',
      name_end: 'oé',
      name_hash: '97e0632804d70d23231d66d33e476852',
    }),
    strings([4, 'Dmitri', null, '2024-04-01', true], {
      first_o: 0,
      name_zeroed: 'Dmitri',
      name_end: 'ri',
      name_hash: 'dcb48458e157f8d6c89f15a995a32d39',
    }),
  ],
  xdb_dbt_aggregates: [
    { customer_id: 1, any_status: 'placed', has_placed: true, has_large_amount: true },
    { customer_id: 2, any_status: 'placed', has_placed: true, has_large_amount: false },
    { customer_id: 99, any_status: 'placed', has_placed: true, has_large_amount: false },
  ],
  // not in France (2, 4) and active (1, 3, 4)
  xdb_dbt_sets: [{ customer_id: 4 }],
  xdb_dbt_series: [1, 2, 3, 4, 5].map((generated_number) => ({ generated_number })),
  xdb_dbt_dates: [
    dates(101, '2024-05-04 09:00:00', '2024-04-01 09:00:00', 1, 1),
    dates(102, '2024-05-04 10:30:00', '2024-04-01 10:30:00', 1, 2),
    dates(103, '2024-05-05 11:00:00', '2024-04-02 11:00:00', 2, 27),
    dates(104, '2024-05-05 12:00:00', '2024-04-02 12:00:00', 2, 28),
  ],
  xdb_dbt_date_spine: ['2024-05-01', '2024-05-02', '2024-05-03'].map((date_day) => ({ date_day })),
  xdb_dbt_listagg: [
    { customer_id: 1, statuses: 'placed-103|placed-101', statuses_by_comma: 'placed-101,placed-103' },
    { customer_id: 2, statuses: 'placed-102', statuses_by_comma: 'placed-102' },
    { customer_id: 99, statuses: 'placed-104', statuses_by_comma: 'placed-104' },
  ],
  xdb_dbt_listagg_limit: [
    { customer_id: 1, first_status: 'placed-101' },
    { customer_id: 2, first_status: 'placed-102' },
    { customer_id: 99, first_status: 'placed-104' },
  ],
  xdb_dbt_arrays: [1, 2, 3, 4].map(arrays),
  xdb_dbt_namespaced: [
    namespaced(1, 'Ada', '1a382809b7c03f686e12dd15677c5497'),
    namespaced(2, "O'Brien \\ Co", '15196bfa3f6c9b90254b549f95c750ee'),
    namespaced(3, 'Chloé', '97e0632804d70d23231d66d33e476852'),
    namespaced(4, 'Dmitri', 'dcb48458e157f8d6c89f15a995a32d39'),
  ],
};

/** Each of them is a table (the marts folder's materialization). */
export const DBT_MACRO_KINDS: Record<string, RelationKind> = Object.fromEntries(
  Object.keys(DBT_MACRO_ROWS).map((name) => [name, 'table' as const]),
);
