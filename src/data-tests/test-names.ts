/**
 * dbt-like names and unique ids of generic tests, e.g. `not_null_stg_orders_order_id`
 * and `test.shop.not_null_stg_orders_order_id.a1b2c3d4e5`, so users recognise them.
 */
import { createHash } from 'node:crypto';
import type { GenericTestMetadata } from '../manifest/types.js';

/** dbt truncates at 64 so that names stay valid identifiers (PostgreSQL/Redshift allow 63). */
const MAX_NAME_LENGTH = 64;
const TRUNCATED_PREFIX_LENGTH = 30;
const UNIQUE_ID_HASH_LENGTH = 10;

/** The names of a generic test: `name` is safe as identifier and file name; `fullName` is never truncated. */
export interface GenericTestNames {
  name: string;
  fullName: string;
}

/** What a test is attached to: a model or seed (its name) or a source table. */
export type TestAttachment = { name: string } | { sourceName: string; tableName: string };

/** The name part of the attached node: the model name, or `source_<source>_<table>` as in dbt. */
export function attachedNameForTest(attached: TestAttachment): string {
  return 'sourceName' in attached ? `source_${attached.sourceName}_${attached.tableName}` : attached.name;
}

/**
 * `<test>_<attached>_<args>`, args flattened in key order and joined by `__` (dbt's
 * synthesize_generic_test_names), lower-cased to `[a-z0-9_]`. From 64 characters on,
 * `name` is the first 30 characters of `<test>_<attached>` plus `_` and an md5 of the
 * full name.
 */
export function genericTestNames(
  testName: string,
  attachedName: string,
  kwargs: Record<string, unknown>,
): GenericTestNames {
  const args = Object.keys(kwargs)
    .filter((key) => key !== 'model')
    .sort()
    .flatMap((key) => flattenArg(kwargs[key]))
    .map(sanitize);
  const identifier = sanitize(`${testName}_${attachedName}`);
  const fullName = args.length > 0 ? `${identifier}_${args.join('__')}` : identifier;
  if (fullName.length < MAX_NAME_LENGTH) return { name: fullName, fullName };
  return { name: `${identifier.slice(0, TRUNCATED_PREFIX_LENGTH)}_${md5(fullName)}`, fullName };
}

/**
 * `test.<project>.<name>.<hash>`: the hash (last 10 hex of an md5 over the name and the
 * test metadata with sorted keys) keeps ids apart when two tests share a name.
 */
export function genericTestUniqueId(projectName: string, name: string, meta: GenericTestMetadata): string {
  const hashable = JSON.stringify(hashableValue({ name: meta.name, kwargs: meta.kwargs, namespace: null }));
  const hash = md5(`${name}${hashable}`).slice(-UNIQUE_ID_HASH_LENGTH);
  return `test.${projectName}.${name}.${hash}`;
}

function flattenArg(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((part) => String(part));
  if (value !== null && typeof value === 'object') return Object.values(value).map((part) => String(part));
  return [String(value)];
}

function sanitize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** Sorted keys and stringified scalars, so YAML key order and number formatting do not change the id. */
function hashableValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hashableValue);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, hashableValue(record[key])]),
    );
  }
  return String(value);
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
