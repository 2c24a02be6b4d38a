/**
 * What the live benchmark needs of a warehouse besides DuckDB, and the helpers its targets
 * share (live-athena.ts, live-snowflake.ts; chosen in live-targets.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../src/adapters/contract.js';
import { createAdapter } from '../src/adapters/registry.js';
import { loadTarget } from '../src/config/profiles.js';
import type { ServiceInfo } from '../tests/services/lifecycle/service.js';
import type { CallTally } from '../tests/support/counting-proxy.js';

export type WarehouseName = 'athena' | 'snowflake';

/** One warehouse of the benchmark, set up for a bench project. */
export interface LiveTarget {
  /** e.g. "Athena on Trino" */
  label: string;
  /** arguments and environment of every `strata` command on the project */
  args: string[];
  env: Record<string, string>;
  /** the watcher's own arguments (how it is woken), and their description */
  watchArgs(ingestPort: number): string[];
  wakes: string;
  /** the ingester's config (relative to the project) and environment */
  ingestConfig: string;
  ingestEnv: Record<string, string>;
  /** once the ingester runs: start carrying commits to the warehouse */
  start(): Promise<void>;
  /** the service processes whose CPU and RSS count too */
  servers: Array<{ name: string; pid: number }>;
  /** how often the probe queries */
  probeMs: number;
  /** topic/partition -> last offset visible in gold; undefined before the probe table exists */
  readVisible(): Promise<Map<string, number> | undefined>;
  /** the gzip files of rejected records, when not in the local lake */
  rejectedFiles?(): Promise<Buffer[]>;
  /** lines describing what the watcher's `runs` runs (and the ingester over `seconds`) were made of */
  floor(runs: number, seconds: number): Promise<string[]>;
  close(): Promise<void>;
}

export interface LiveTargetContext {
  /** the bench project (a copy of the example with the probe model) */
  dir: string;
  /** the run's topic prefix */
  prefix: string;
  /** the topics without prefix */
  topics: readonly string[];
  services: Record<string, ServiceInfo | undefined>;
}

/** Set `target` up for the bench project in `context.dir`. */
export function rewriteSources(dir: string, schema: string, location: (folder: string) => string): void {
  const file = join(dir, 'models/staging/_sources.yml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/^ {4}schema: bronze$/m, `    schema: ${schema}`)
      .replace(/location: lake\/(\w[\w-]*),/g, (_, folder: string) => `location: ${location(folder)},`),
  );
}

/** A connection of the project's `targetName` that reads the probe table. */
export async function warehouseProbe(dir: string, targetName: string, env: Record<string, string>, schema: string) {
  const { target } = loadTarget({ projectRoot: dir, profileName: 'shop', targetName, env: { ...process.env, ...env } });
  const adapter = await createAdapter(target, dir);
  const connection: Connection = await adapter.connect();
  return {
    async read(): Promise<Map<string, number> | undefined> {
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (
          await connection.query(`select topic, kafka_partition, last_offset from ${schema}.bench_visible_offsets`)
        ).rows;
      } catch {
        return undefined; // before the first run built it
      }
      const visible = new Map<string, number>();
      for (const row of rows) {
        const value = (key: string) => row[key] ?? row[key.toUpperCase()];
        if (value('topic') !== null)
          visible.set(`${String(value('topic'))}/${Number(value('kafka_partition'))}`, Number(value('last_offset')));
      }
      return visible;
    },
    close: () => adapter.close(),
  };
}

export function percentile(sorted: number[], share: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

/** "GetTable 12 (3.0/run, avg 35 ms, 0.11 s/run)" for each kind of call, per `unit` (a run, a second). */
export function describeCalls(calls: ReadonlyMap<string, CallTally>, units: number, unit = 'run'): string {
  return [...calls]
    .sort((a, b) => b[1].count - a[1].count)
    .map(
      ([name, tally]) =>
        `${name} ${tally.count} (${(tally.count / units).toFixed(1)}/${unit}, ` +
        `avg ${(tally.totalMs / tally.count).toFixed(0)} ms, ${(tally.totalMs / 1000 / units).toFixed(2)} s/${unit})`,
    )
    .join(', ');
}
