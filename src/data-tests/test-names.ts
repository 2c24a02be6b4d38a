/**
 * Names and unique ids of generic tests exactly as dbt makes them, e.g.
 * `not_null_stg_orders_order_id`, `source_not_null_raw_orders_id`,
 * `dbt_utils_expression_is_true_orders_amount_0` and
 * `test.shop.not_null_stg_orders_order_id.a1b2c3d4e5`, so that selectors, CI scripts and
 * catalog tools written against a dbt project keep working.
 */
import { createHash } from 'node:crypto';
import { pythonRepr, pythonStr } from '../templating/python-str.js';

/** From this length on, the test's relation and file are named by a hash (dbt's rule). */
const MAX_NAME_LENGTH = 64;
const TRUNCATED_PREFIX_LENGTH = 30;
const UNIQUE_ID_HASH_LENGTH = 10;

/** The names of a generic test: dbt's node `name` (never truncated) and its `alias`. */
export interface GenericTestNames {
  /** `<test>_<attached>_<args>`, the node name and the middle of the unique id */
  name: string;
  /** the name of its compiled file and stored-failures table: `name`, or a hashed form under 64 characters */
  alias: string;
}

/** What a test is attached to: a model or seed (its name) or a source table. */
export type TestAttachment = { name: string } | { sourceName: string; tableName: string };

/** What names a generic test instance. */
export interface GenericTestNaming {
  /** the test's name as written, without its package: `not_null`, `expression_is_true` */
  testName: string;
  /** the package of `dbt_utils.expression_is_true`, else undefined */
  namespace?: string;
  attached: TestAttachment;
  /** the test's arguments, `column_name` included; `model` is left out of the name */
  kwargs: Record<string, unknown>;
}

/**
 * dbt's synthesize_generic_test_names: `[<namespace>_][source_]<test>_<attached>_<args>`,
 * where `<attached>` is the model or `<source>_<table>` and `<args>` are the argument
 * values in key order (a list or map gives its items), each with runs of characters
 * outside `[0-9a-zA-Z_]` replaced by `_`, joined by `__`. From 64 characters on, the alias
 * is the first 30 characters of the prefix plus `_` and the md5 of the full name.
 */
export function genericTestNames(naming: GenericTestNaming): GenericTestNames {
  const { attached } = naming;
  const testType = [
    ...(naming.namespace === undefined ? [] : [naming.namespace]),
    ...('sourceName' in attached ? ['source'] : []),
    naming.testName,
  ].join('_');
  const target = 'sourceName' in attached ? `${attached.sourceName}_${attached.tableName}` : attached.name;
  const args = Object.keys(naming.kwargs)
    .filter((key) => key !== 'model')
    .sort()
    .flatMap((key) => flattenArg(naming.kwargs[key]))
    .map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_'));
  const identifier = `${testType}_${target}`;
  const name = `${identifier}_${args.join('__')}`;
  if (name.length < MAX_NAME_LENGTH) return { name, alias: name };
  return { name, alias: `${identifier.slice(0, TRUNCATED_PREFIX_LENGTH)}_${md5(name)}` };
}

/** dbt's `model` argument of a generic test: the tested relation, narrowed by `where`. */
export function modelArgument(attached: TestAttachment): string {
  const relation =
    'sourceName' in attached ? `source('${attached.sourceName}', '${attached.tableName}')` : `ref('${attached.name}')`;
  return `{{ get_where_subquery(${relation}) }}`;
}

/** The metadata the unique id hashes: dbt's `test_metadata`. */
export interface HashedTestMetadata {
  name: string;
  namespace?: string;
  /** with `model` (see {@link modelArgument}) and `column_name` */
  kwargs: Record<string, unknown>;
}

/**
 * `test.<project>.<name>.<hash>`: the hash is the last 10 hex digits of an md5 over the
 * name and Python's repr of the test metadata with sorted keys and stringified scalars,
 * as dbt computes it; it keeps ids apart when two tests share a name.
 */
export function genericTestUniqueId(projectName: string, name: string, meta: HashedTestMetadata): string {
  const hashable = hashableRepr({ kwargs: meta.kwargs, name: meta.name, namespace: meta.namespace ?? null });
  const hash = md5(`${name}${hashable}`).slice(-UNIQUE_ID_HASH_LENGTH);
  return `test.${projectName}.${name}.${hash}`;
}

function flattenArg(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(pythonStr);
  if (value !== null && typeof value === 'object') return Object.values(value).map(pythonStr);
  return [pythonStr(value)];
}

/** Python's repr of dbt's get_hashable_md: sorted keys, every scalar as Python's `str()`. */
function hashableRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hashableRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const items = Object.keys(record)
      .sort()
      .map((key) => `${pythonRepr(key)}: ${hashableRepr(record[key])}`);
    return `{${items.join(', ')}}`;
  }
  return pythonRepr(pythonStr(value));
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
