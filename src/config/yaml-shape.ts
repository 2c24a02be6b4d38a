/**
 * Shape checks for values read from a YamlFile. Each failure is a StrataError at the
 * offending key's line that says what was expected. Messages name types, never values,
 * because a value may be a secret from profiles.yml.
 */
import { closestMatch } from './closest-match.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

/** A YAML map read as a JS object. */
export type YamlMap = Record<string, unknown>;

/** True for a plain object (a YAML map), false for lists, null and scalars. */
export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a list`, `a map`, `a string`...: how a value's type is named in messages. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/** The last key of a path, as a user would call it (`"columns"`, `Item 3`, `The file`). */
function label(path: YamlPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'The file';
  return typeof last === 'number' ? `Item ${last + 1}` : `"${String(last)}"`;
}

/** The map at `path`; absent (`undefined`/`null`) reads as an empty map. */
export function expectMap(yaml: YamlFile, path: YamlPath, value: unknown, hint?: string): YamlMap {
  if (isYamlMap(value)) return value;
  if (value === null || value === undefined) return {};
  throw yaml.error(path, `${label(path)} must be a map (key: value lines), got ${describeType(value)}`, hint);
}

/** The list at `path`; empty when absent. */
export function expectList(yaml: YamlFile, path: YamlPath, value: unknown, hint?: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw yaml.error(
    path,
    `${label(path)} must be a list, got ${describeType(value)}`,
    hint ?? 'Write one item per line, each starting with "- ".',
  );
}

/** A string, or undefined when absent; numbers and booleans are accepted as their text. */
export function optionalString(yaml: YamlFile, path: YamlPath, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw yaml.error(path, `${label(path)} must be a string, got ${describeType(value)}`);
}

/** A required non-empty string. */
export function requireString(yaml: YamlFile, path: YamlPath, value: unknown, hint?: string): string {
  const text = optionalString(yaml, path, value);
  if (text === undefined || text.trim() === '') {
    throw yaml.error(path, `${label(path)} is required and must be a non-empty string`, hint);
  }
  return text;
}

/** A string or a list of strings (`tags: nightly` or `tags: [nightly, core]`), as a list. */
export function stringList(yaml: YamlFile, path: YamlPath, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    const itemPath = Array.isArray(value) ? [...path, index] : path;
    if (typeof item === 'string' || typeof item === 'number') return String(item);
    throw yaml.error(itemPath, `${label(path)} must be a string or a list of strings, got ${describeType(item)}`);
  });
}

/**
 * Reject keys of `map` that are not in `allowed`, suggesting the closest valid key.
 * `what` names the map in the message, e.g. `model "orders"`; `listed` (default `allowed`)
 * is the list shown in the hint, so that accepted aliases need not clutter it.
 */
export function checkKeys(
  yaml: YamlFile,
  path: YamlPath,
  map: YamlMap,
  allowed: readonly string[],
  what: string,
  listed: readonly string[] = allowed,
): void {
  for (const key of Object.keys(map)) {
    if (allowed.includes(key)) continue;
    const match = closestMatch(key, listed);
    const valid = `Valid keys: ${listed.join(', ')}.`;
    const hint = match ? `Did you mean "${match}"? ${valid}` : valid;
    throw yaml.error([...path, key], `Unknown key "${key}" in ${what}`, hint);
  }
}

/** `{ key: value }` when value is defined, else `{}`: spreads optional fields as absent, not undefined. */
export function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
