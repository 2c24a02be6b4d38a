/**
 * The warehouses of the live benchmark besides DuckDB (`bench/live-latency.ts --target`):
 * where Bronze lands, how commits reach the warehouse and the watcher, how the probe reads
 * the gold tables' offsets, and what each run's floor is made of. Not a test.
 *
 * - athena (live-athena.ts): the lake on S3 with Glue, the watcher on its feed there.
 * - snowflake (live-snowflake.ts): the stand-in's loader per batch of commits.
 *
 * On both, every run rebuilds the selection from Bronze (`--full-refresh`: the commit-fed
 * incremental mode is DuckDB's), and the probe queries `bench_visible_offsets` every
 * `probeMs` on its own connection.
 */
import { athenaTarget } from './live-athena.js';
import { snowflakeTarget } from './live-snowflake.js';
import type { LiveTarget, LiveTargetContext, WarehouseName } from './live-target.js';

export type { LiveTarget, WarehouseName } from './live-target.js';

/** Set the warehouse up for the bench project in `context.dir`. */
export function openLiveTarget(name: WarehouseName, context: LiveTargetContext): Promise<LiveTarget> {
  return name === 'athena' ? athenaTarget(context) : snowflakeTarget(context);
}
