/**
 * The example project's gold, marts and staging checked against the generator's tally.
 * Shared by the lake-sample test and the generate -> Kafka -> ingest test: both must
 * land the same business facts, whichever way the events reached Bronze.
 */
import { expect } from 'vitest';
import type { GeneratorTally } from '../../ingest/generator/index.js';

export type QueryOne = (sql: string) => Promise<Record<string, unknown>>;

/** Where the example's layers were built: the target schema with each folder's suffix. */
export interface ExampleSchemas {
  staging: string;
  marts: string;
  gold: string;
}

/** The schemas of a build into target schema `base` (`<base>_staging`, ...). */
export function exampleSchemas(base: string): ExampleSchemas {
  return { staging: `${base}_staging`, marts: `${base}_marts`, gold: `${base}_gold` };
}

/** DuckDB's target schema is `main`. */
const DUCKDB_SCHEMAS = exampleSchemas('main');

/** Marts and gold hold exactly the valid users, sessions, orders, payments and revenue produced. */
export async function expectFactsMatchTally(
  sql: QueryOne,
  tally: GeneratorTally,
  schemas: ExampleSchemas = DUCKDB_SCHEMAS,
): Promise<void> {
  const { marts, gold } = schemas;
  expect(await sql(`select count(*)::int as n from ${marts}.dim_users`)).toEqual({ n: tally.users });
  expect(await sql(`select count(*)::int as n from ${marts}.fct_orders`)).toEqual({ n: tally.orders.valid });
  expect(await sql(`select count(*)::int as n from ${marts}.fct_user_sessions`)).toEqual({ n: tally.sessions.total });
  expect(await sql(`select count(*)::int as n from ${marts}.fct_payments where payment_status = 'succeeded'`)).toEqual({
    n: tally.payments.succeeded,
  });
  const revenue = await sql(
    'select cast(round(sum(revenue), 2) as double precision) as revenue, sum(orders_paid)::int as paid ' +
      `from ${gold}.orders_daily_summary`,
  );
  expect(revenue).toEqual({ revenue: tally.orders.revenue, paid: tally.orders.paid });
  const byCountry = await sql(
    `select cast(round(sum(revenue), 2) as double precision) as revenue from ${gold}.sales_by_country`,
  );
  expect(byCountry).toEqual({ revenue: tally.orders.revenue });
}

/** The staging model that keeps each topic's valid, de-duplicated events. */
export const STAGING_MODEL_BY_TOPIC = {
  users: 'stg_users',
  clickstream: 'stg_clickstream_events',
  orders: 'stg_orders',
  payments: 'stg_payments',
} as const;

type Topic = keyof typeof STAGING_MODEL_BY_TOPIC;
const TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC) as Topic[];

/**
 * Every record produced is accounted for, per topic: Bronze holds what the ingester did
 * not set aside; staging keeps the valid events once; stg_invalid_events holds the
 * malformed records that reached Bronze. `setAsideByIngest` counts the records the
 * ingester put under rejected/ (none when the lake sample was written directly).
 */
export async function expectLayersMatchTally(
  sql: QueryOne,
  tally: GeneratorTally,
  setAsideByIngest: Partial<Record<Topic, number>> = {},
  schemas: ExampleSchemas = DUCKDB_SCHEMAS,
): Promise<void> {
  for (const topic of TOPICS) {
    const produced = tally.records.byTopic[topic];
    const setAside = setAsideByIngest[topic] ?? 0;
    const counts = await sql(`
      select
        (select count(*) from ${schemas.staging}.base_bronze__${topic})::int as bronze,
        (select count(*) from ${schemas.staging}.${STAGING_MODEL_BY_TOPIC[topic]})::int as staged,
        (select count(*) from ${schemas.staging}.stg_invalid_events where topic = '${topic}')::int as invalid`);
    expect({ topic, ...counts }).toEqual({
      topic,
      bronze: produced - setAside,
      staged: produced - tally.malformed.byTopic[topic] - tally.duplicates.byTopic[topic],
      invalid: tally.malformed.byTopic[topic] - setAside,
    });
  }
}
