import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RelationName } from '../../src/manifest/types.js';
import type { CliResult } from '../support/cli.js';
import type { WarehouseSession } from './warehouse.js';

/** The newest shipped event of the seed, older than its newest event: the filter is applied. */
const NEWEST_SHIPPED_EVENT = Date.parse('2024-05-03T08:00:00Z');

/**
 * `strata source freshness` on the conformance sources: the seeded events are stale
 * (exit 1), the warehouse's own clock through loaded_at_query is fresh, and
 * target/sources.json says so in dbt's shape.
 */
export function expectSourceFreshness(result: CliResult, dir: string): void {
  expect(result.code, `exit ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(1);
  expect(result.stdout).toMatch(/ERROR STALE freshness of loads\.order_events/);
  expect(result.stdout).toMatch(/PASS freshness of loads\.clock/);
  const json = JSON.parse(readFileSync(join(dir, 'target/sources.json'), 'utf8')) as {
    results: Array<Record<string, unknown>>;
  };
  const byId = new Map(json.results.map((r) => [r.unique_id, r]));
  const events = byId.get('source.conformance.loads.order_events')!;
  expect(events).toMatchObject({
    status: 'error',
    criteria: { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' } },
  });
  expect((events.criteria as Record<string, unknown>).filter).toBe("status = 'shipped'");
  expect(Date.parse(events.max_loaded_at as string)).toBe(NEWEST_SHIPPED_EVENT);
  const clock = byId.get('source.conformance.loads.clock')!;
  expect(clock.status).toBe('pass');
  // the warehouse's clock, in UTC whatever the session's zone: within the hour of ours
  expect(Math.abs(clock.max_loaded_at_time_ago_in_s as number)).toBeLessThan(3600);
}

/**
 * Runs `check` while the view `loaded_events` (the conformance sources' table) selects the
 * seeded events; the view is dropped after, so the schema holds only the project's relations.
 */
export async function withLoadedEventsView(
  warehouse: <T>(use: (session: WarehouseSession) => Promise<T>) => Promise<T>,
  seed: RelationName,
  check: () => Promise<void>,
): Promise<void> {
  const view = { ...seed, identifier: 'loaded_events' };
  await warehouse(async ({ connection, dialect }) => {
    const select = `select event_at, status from ${dialect.renderRelation(seed)}`;
    await connection.execute(dialect.createViewAs(view, select));
  });
  try {
    await check();
  } finally {
    await warehouse(({ connection, dialect }) => connection.execute(dialect.dropRelation(view, 'view')));
  }
}
