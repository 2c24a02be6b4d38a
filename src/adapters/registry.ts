import { StrataError } from '../errors/strata-error.js';
import { AthenaDialect } from './athena/athena-dialect.js';
import { ATHENA_TARGET } from './athena/athena-settings.js';
import type { Adapter, AdapterFactory, Dialect, TargetConfig, TargetSettingsDeclaration } from './contract.js';
import { DuckDbDialect } from './duckdb/duckdb-dialect.js';
import { DUCKDB_TARGET } from './duckdb/duckdb-settings.js';
import { RedshiftDialect } from './redshift/redshift-dialect.js';
import { REDSHIFT_TARGET } from './redshift/redshift-settings.js';
import { SnowflakeDialect } from './snowflake/snowflake-dialect.js';
import { SNOWFLAKE_TARGET } from './snowflake/snowflake-settings.js';
import { assertRequiredSettings } from './target-settings.js';

// Dialects are plain SQL generation without SDKs, so they load eagerly: compiling for a
// warehouse needs its dialect but no connection.
const dialects: Record<string, () => Dialect> = {
  duckdb: () => new DuckDbDialect(),
  athena: () => new AthenaDialect(),
  redshift: () => new RedshiftDialect(),
  snowflake: () => new SnowflakeDialect(),
};

// Settings are data without SDKs too: profiles.yml is checked before anything connects.
const targetDeclarations = new Map<string, TargetSettingsDeclaration>([
  ['duckdb', DUCKDB_TARGET],
  ['athena', ATHENA_TARGET],
  ['redshift', REDSHIFT_TARGET],
  ['snowflake', SNOWFLAKE_TARGET],
]);

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

/**
 * Register (or replace) a connection factory, e.g. from a plugin or a test. `declaration`
 * lists the settings its targets may set; a type that never declared them is not checked.
 */
export function registerAdapterFactory(
  type: string,
  load: () => Promise<AdapterFactory>,
  declaration?: TargetSettingsDeclaration,
): void {
  factories.set(type, load);
  if (declaration) {
    targetDeclarations.set(type, declaration);
    secretSettingNames = undefined;
  }
}

/** What a target of `type` may set, or undefined for a type that declares nothing. */
export function targetSettingsOf(type: string): TargetSettingsDeclaration | undefined {
  return targetDeclarations.get(type);
}

/** The database relations of `target` are in: its `database`, or its adapter's default (DuckDB's catalog). */
export function targetDatabase(target: TargetConfig): string | undefined {
  return target.database ?? targetSettingsOf(target.type)?.defaultDatabase?.(target);
}

let secretSettingNames: ReadonlySet<string> | undefined;

/** Names of the settings any adapter declares secret (`password`, `private_key`, `secret_arn`...). */
export function declaredSecretSettings(): ReadonlySet<string> {
  // asked for every key of every map redacted: worked out once per set of declarations
  secretSettingNames ??= new Set(
    [...targetDeclarations.values()].flatMap((d) => d.settings.filter((s) => s.secret).map((s) => s.name)),
  );
  return secretSettingNames;
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
      throw new StrataError(
        `Target '${target.name}': the ${target.type} adapter can compile SQL but cannot connect yet.`,
        {
          hint: `Connections exist for: ${[...factories.keys()].join(', ')}.`,
        },
      );
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
