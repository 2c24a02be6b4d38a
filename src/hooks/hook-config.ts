import type { HookSql } from '../manifest/types.js';
import { describeType, isYamlMap } from '../config/yaml-shape.js';

type Fail = (message: string, hint?: string) => never;

const HINT =
  'Write a hook as SQL text, a list of them, or {sql: "...", transaction: false} ' +
  '(e.g. +pre-hook: "grant usage on schema {{ this.schema }} to reporter").';

/**
 * Read a `pre_hook` / `post_hook` value as dbt does: one SQL string, a `{sql, transaction}`
 * map, or a list of either (levels already accumulated into one list). `transaction`
 * defaults to true: the hook runs inside the node's transaction.
 */
export function readHooks(key: string, value: unknown, fail: Fail): HookSql[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item): HookSql[] => {
    if (item === null || item === undefined) return [];
    if (typeof item === 'string') return item.trim() === '' ? [] : [{ sql: item, transaction: true }];
    if (Array.isArray(item)) return readHooks(key, item, fail);
    if (isYamlMap(item) && typeof item.sql === 'string') {
      const transaction = item.transaction ?? true;
      if (typeof transaction !== 'boolean') fail(`Invalid ${key}: "transaction" must be true or false`, HINT);
      return [{ sql: item.sql, transaction: transaction as boolean }];
    }
    return fail(`Invalid ${key}: expected SQL text or {sql: ..., transaction: ...}, got ${describeType(item)}`, HINT);
  });
}
