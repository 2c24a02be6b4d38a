import { StrataError } from '../errors/strata-error.js';
import { AthenaDialect } from './athena/athena-dialect.js';
import type { Adapter, AdapterFactory, Dialect, TargetConfig } from './contract.js';
import { DuckDbDialect } from './duckdb/duckdb-dialect.js';
import { RedshiftDialect } from './redshift/redshift-dialect.js';
import { SnowflakeDialect } from './snowflake/snowflake-dialect.js';
import { assertRequiredSettings } from './target-settings.js';

// Dialects are plain SQL generation without SDKs, so they load eagerly: compiling for a
// warehouse needs its dialect but no connection.
const dialects: Record<string, () => Dialect> = {
  duckdb: () => new DuckDbDialect(),
  athena: () => new AthenaDialect(),
  redshift: () => new RedshiftDialect(),
  snowflake: () => new SnowflakeDialect(),
};

// Connections load lazily: a DuckDB user never loads another warehouse's SDK.
const factories = new Map<string, () => Promise<AdapterFactory>>([
  ['duckdb', async () => (await import('./duckdb/duckdb-adapter.js')).duckDbAdapterFactory],
  ['redshift', async () => (await import('./redshift/redshift-adapter.js')).redshiftAdapterFactory],
  ['athena', async () => (await import('./athena/athena-adapter.js')).athenaAdapterFactory],
  ['snowflake', async () => (await import('./snowflake/snowflake-adapter.js')).snowflakeAdapterFactory],
]);

/** Adapter types a target may name. */
export function knownAdapterTypes(): string[] {
  return [...new Set([...Object.keys(dialects), ...factories.keys()])];
}

/** Register (or replace) a connection factory, e.g. from a plugin or a test. */
export function registerAdapterFactory(type: string, load: () => Promise<AdapterFactory>): void {
  factories.set(type, load);
}

/** The dialect of an adapter type, without connecting. */
export function createDialect(type: string): Dialect {
  const create = dialects[type];
  if (!create) throw unknownType(type);
  return create();
}

/** Open the adapter a target names; its SDK module is imported only now. */
export async function createAdapter(target: TargetConfig, projectRoot: string): Promise<Adapter> {
  const load = factories.get(target.type);
  if (!load) {
    if (dialects[target.type]) {
      throw new StrataError(`Target '${target.name}': the ${target.type} adapter can compile SQL but cannot connect yet.`, {
        hint: `Connections exist for: ${[...factories.keys()].join(', ')}.`,
      });
    }
    throw unknownType(target.type, target.name);
  }
  const factory = await load();
  assertRequiredSettings(target, factory.settings);
  return factory.create(target, projectRoot);
}

function unknownType(type: string, targetName?: string): StrataError {
  const where = targetName ? `Target '${targetName}': unknown` : 'Unknown';
  return new StrataError(`${where} adapter type '${type}'.`, {
    hint: `Known types: ${knownAdapterTypes().join(', ')}.`,
  });
}
