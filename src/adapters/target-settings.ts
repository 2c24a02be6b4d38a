import { StrataError } from '../errors/strata-error.js';
import type { SettingSpec, TargetConfig } from './contract.js';

/** Refuse a target that lacks required settings, naming each with its description. */
export function assertRequiredSettings(
  target: TargetConfig,
  settings: readonly SettingSpec[],
  context = target.type,
): void {
  const missing = settings.filter((s) => s.required && isMissing(target.settings[s.name]));
  if (missing.length === 0) return;
  throw new StrataError(`Target '${target.name}' (${context}) is missing: ${missing.map((s) => s.name).join(', ')}.`, {
    hint: missing.map((s) => `${s.name}: ${s.description}`).join('; '),
  });
}

/** A text setting; numbers are accepted as text (a port, an id). */
export function stringSetting(target: TargetConfig, name: string): string | undefined {
  const value = target.settings[name];
  if (isMissing(value)) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw badSetting(target, name, 'a string', value);
}

/** A numeric setting; env_var() renders text, so numeric text is accepted. */
export function numberSetting(target: TargetConfig, name: string): number | undefined {
  const value = target.settings[name];
  if (isMissing(value)) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw badSetting(target, name, 'a number', value);
}

/** One of a fixed set of words (case-insensitive), or the default. */
export function choiceSetting<T extends string>(
  target: TargetConfig,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = stringSetting(target, name)?.trim().toLowerCase();
  if (value === undefined) return fallback;
  const choice = choices.find((c) => c === value);
  if (choice === undefined) throw badSetting(target, name, `one of ${choices.join(', ')}`, value);
  return choice;
}

// An env_var() that rendered to nothing counts as unset.
function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

// The value is shown only for settings that cannot be secrets (their own check is the caller's).
function badSetting(target: TargetConfig, name: string, expected: string, value: unknown): StrataError {
  const shown = /pass|secret|token|key/i.test(name) ? 'another value' : JSON.stringify(value);
  return new StrataError(`Target '${target.name}': ${name} must be ${expected}, got ${shown}.`, {
    hint: `Fix "${name}" of target '${target.name}' in profiles.yml.`,
  });
}
