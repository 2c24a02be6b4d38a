import type { YamlFile } from './yaml-file.js';
import { describeType, isYamlMap, type YamlMap } from './yaml-shape.js';

const KEYS = { 'on-run-start': 'onRunStart', 'on-run-end': 'onRunEnd' } as const;

/**
 * `on-run-start` / `on-run-end` of the project file: one SQL string or a list of them (a
 * `{sql: ...}` map is read as its SQL, as dbt reads it), kept unrendered: each is rendered
 * just before it runs, with `results` and `schemas` in its context.
 */
export function readRunHooks(yaml: YamlFile, raw: YamlMap): { onRunStart?: string[]; onRunEnd?: string[] } {
  const hooks: { onRunStart?: string[]; onRunEnd?: string[] } = {};
  for (const [key, field] of Object.entries(KEYS)) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    hooks[field] = items.flatMap((item, index) => {
      if (typeof item === 'string') return item.trim() === '' ? [] : [item];
      if (isYamlMap(item) && typeof item.sql === 'string') return [item.sql];
      throw yaml.error(
        Array.isArray(value) ? [key, index] : [key],
        `"${key}" must be SQL text or a list of SQL texts, got ${describeType(item)}`,
        `Write e.g. ${key}: ["grant usage on schema {{ target.schema }} to reporter"].`,
      );
    });
  }
  return hooks;
}
