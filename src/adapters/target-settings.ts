/**
 * Reading a target against its adapter's declared settings: each value checked for its
 * type, bounds and choices and converted (text from env_var() counts for numbers and
 * booleans), defaults filled in, the result typed from the declaration. profiles.yml was
 * checked against the same declaration when it was read (config/target-keys.ts, with the
 * line); a target built in code is checked here.
 */
import { StrataError } from '../errors/strata-error.js';
import type { SettingSpec, TargetConfig } from './contract.js';
import {
  checkSettingValue,
  expectedValue,
  hasBounds,
  isUnset,
  readSettingValue,
  type SettingProblem,
  type SettingValue,
} from './setting-value.js';

declare const VALUES: unique symbol;

/** Settings as data, carrying the types of the values they read as (see `declareSettings`). */
export type SettingsDeclaration<V> = readonly SettingSpec[] & { readonly [VALUES]?: V };

type ValueOf<S> = S extends { type: 'number' }
  ? number
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'enum'; choices: readonly (infer C)[] }
      ? C
      : S extends { type: 'map' }
        ? Record<string, unknown>
        : S extends { type: 'list' }
          ? unknown[]
          : string;

/** The values settings `S` read as, by name: a setting with a default always has one. */
export type SettingValues<S extends readonly SettingSpec[]> = {
  [K in S[number] as K['name']]: K extends { default: string | number | boolean } ? ValueOf<K> : ValueOf<K> | undefined;
};

/** Declare settings, keeping the type of each one's value for `readSettings`. */
export function declareSettings<const S extends readonly SettingSpec[]>(
  settings: S,
): SettingsDeclaration<SettingValues<S>> {
  return settings;
}

/** How a read names the target in its messages, and where relative paths start. */
export interface ReadSettingsOptions {
  /** after the target's name: `athena` makes `Target 'prod' (athena): ...` */
  context?: string;
  projectRoot?: string;
}

/**
 * The values of `settings` in `target`, typed and with their defaults; a value of the
 * wrong type, out of bounds or refused by its check is a StrataError naming the setting
 * (never showing a secret). Required settings are `assertRequiredSettings`' to check.
 */
export function readSettings<V>(
  target: TargetConfig,
  settings: SettingsDeclaration<V>,
  options: ReadSettingsOptions = {},
): V {
  const values: Record<string, unknown> = {};
  const written: Array<{ spec: SettingSpec; value: SettingValue }> = [];
  for (const spec of settings) {
    const raw = target.settings[spec.name];
    if (isUnset(raw)) {
      values[spec.name] = spec.default;
      continue;
    }
    const read = readSettingValue(spec, raw);
    if ('problem' in read) throw badValue(target, spec, raw, read.problem, options.context);
    values[spec.name] = read.value;
    written.push({ spec, value: read.value });
  }
  // each written setting's own check, once every value has the right shape
  const context = { projectRoot: options.projectRoot ?? process.cwd() };
  for (const { spec, value } of written) {
    const problem = checkSettingValue(spec, value, context);
    if (problem) throw badValue(target, spec, target.settings[spec.name], problem, options.context);
  }
  return values as V;
}

/** The values the target sets for settings declared secret, to keep out of every message. */
export function secretSettingValues(target: TargetConfig, settings: readonly SettingSpec[]): string[] {
  return settings
    .filter((spec) => spec.secret)
    .map((spec) => target.settings[spec.name])
    .filter((value): value is string | number => typeof value === 'number' || (typeof value === 'string' && !!value))
    .map(String);
}

/** A mistake in a target's settings: `Target '<name>' (<context>): <message>`. */
export function targetSettingsError(
  target: TargetConfig,
  context: string | undefined,
  message: string,
  hint?: string,
): StrataError {
  return new StrataError(`Target '${target.name}'${context ? ` (${context})` : ''}: ${message}`, { hint });
}

/** Refuse a target that lacks required settings, naming each with its description. */
export function assertRequiredSettings(
  target: TargetConfig,
  settings: readonly SettingSpec[],
  context = target.type,
): void {
  const missing = settings.filter((s) => s.required && isUnset(target.settings[s.name]));
  if (missing.length === 0) return;
  throw new StrataError(`Target '${target.name}' (${context}) is missing: ${missing.map((s) => s.name).join(', ')}.`, {
    hint: missing.map((s) => `${s.name}: ${s.description}`).join('; '),
  });
}

// A bounded number's message states the range, which says more than the value written.
function badValue(
  target: TargetConfig,
  spec: SettingSpec,
  written: unknown,
  problem: SettingProblem,
  context: string | undefined,
): StrataError {
  if (problem.kind === 'check') return targetSettingsError(target, context, `${problem.message}.`, problem.hint);
  const shown = spec.secret ? 'another value' : JSON.stringify(written);
  return targetSettingsError(
    target,
    context,
    `${spec.name} must be ${expectedValue(spec)}${hasBounds(spec) ? '' : `, got ${shown}`}.`,
    `Fix "${spec.name}" of target '${target.name}' in profiles.yml.`,
  );
}
