/**
 * One written value of a declared setting: whether it is unset, the typed value it reads
 * as, or what is wrong with it. Shared by the profiles.yml check (which reports the line)
 * and the typed read of a target (which reports the target), so both agree.
 */
import type { SettingSpec } from './contract.js';

/** What is wrong with a written value: its type, its bounds, a word not among the choices, or its own check. */
export type SettingProblem = { kind: 'type' | 'bounds' | 'choice' } | { kind: 'check'; message: string; hint: string };

/** A setting's value once read: text converted to the declared type. */
export type SettingValue = string | number | boolean | Record<string, unknown> | unknown[];

/** Whether a written value leaves its setting unset: absent, or an env_var() that rendered to nothing. */
export function isUnset(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/**
 * The value `written` for `spec` reads as, or the problem with its type, bounds or choice.
 * Text counts for numbers and booleans, since env_var() always renders text; `written`
 * must not be unset. The setting's own check is `checkSettingValue`'s.
 */
export function readSettingValue(
  spec: SettingSpec,
  written: unknown,
): { value: SettingValue } | { problem: SettingProblem } {
  const value = typed(spec, written);
  if (value === undefined) return { problem: { kind: 'type' } };
  if (spec.type === 'number' && !withinBounds(spec, value as number)) return { problem: { kind: 'bounds' } };
  if (spec.type === 'enum') {
    const choice = spec.choices?.find((c) => c === String(value).trim().toLowerCase());
    if (choice === undefined) return { problem: { kind: 'choice' } };
    return { value: choice };
  }
  return { value };
}

/**
 * What the setting's own check finds wrong with a read value (a file that is not a
 * database, a URI of the wrong scheme), or undefined. Run after the shape of every value
 * is known good, since such a check may look further (at the disk).
 */
export function checkSettingValue(
  spec: SettingSpec,
  value: SettingValue,
  context: { projectRoot: string },
): SettingProblem | undefined {
  const problem = spec.check?.(value, { projectRoot: context.projectRoot, name: spec.name });
  return problem && { kind: 'check', ...problem };
}

/** What `spec` accepts, as a message says it: `a number of at least 1`, `one of https, http`. */
export function expectedValue(spec: SettingSpec): string {
  if (spec.type === 'enum') return `one of ${(spec.choices ?? []).join(', ')}`;
  return `${TYPE_NAMES[spec.type]}${hasBounds(spec) ? ` ${boundsText(spec)}` : ''}`;
}

/** Whether `spec` declares a smallest or largest value. */
export function hasBounds(spec: SettingSpec): boolean {
  return spec.min !== undefined || spec.max !== undefined;
}

const TYPE_NAMES: Record<SettingSpec['type'], string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  enum: 'one of the choices',
  map: 'a map (key: value lines)',
  list: 'a list',
};

function boundsText(spec: SettingSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `from ${spec.min} to ${spec.max}`;
  return spec.min !== undefined ? `of at least ${spec.min}` : `of at most ${spec.max}`;
}

function withinBounds(spec: SettingSpec, value: number): boolean {
  return (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
}

// The value converted to the declared type, or undefined when it is not of that type.
function typed(spec: SettingSpec, value: unknown): SettingValue | undefined {
  switch (spec.type) {
    case 'string':
    case 'enum':
      if (typeof value === 'string') return value;
      return typeof value === 'number' && !spec.textOnly ? String(value) : undefined;
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return typeof value === 'string' && /^(true|false)$/i.test(value.trim())
        ? value.trim().toLowerCase() === 'true'
        : undefined;
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    case 'list':
      return Array.isArray(value) ? value : undefined;
  }
}
