/**
 * Jinja's filters that nunjucks lacks (`map`, `unique`, `tojson`, `items`, `min`, `max`) or
 * implements with another signature: nunjucks' `sort`, `sum` and `selectattr` take no
 * keyword arguments (`sort(attribute='name')` sorts in reverse, silently), `list` of a dict
 * gives key/value objects, `int('x')` gives undefined. Registered with `addFilter`; each
 * takes Jinja's parameters, positionally or by keyword.
 */
import { StrataError } from '../errors/strata-error.js';
import { isDict } from './python-methods.js';
import { splitArguments } from './template-args.js';

type Filter = (value: unknown, ...args: unknown[]) => unknown;
type Params = Record<string, unknown>;

/** The environment's own filter and test lookups, for `map('upper')` and `selectattr('x', 'eq', 1)`. */
export interface FilterLookups {
  filter(name: string): Filter;
  test(name: string): (value: unknown, ...args: unknown[]) => boolean;
}

/** A filter whose arguments bind to `names` positionally, then by keyword. */
function withParams(names: string[], body: (value: unknown, params: Params, rest: unknown[]) => unknown): Filter {
  return (value, ...args) => {
    const { positional, keywords } = splitArguments(args);
    const params: Params = { ...keywords };
    names.forEach((name, index) => {
      if (index < positional.length) params[name] = positional[index];
    });
    return body(value, params, positional.slice(names.length));
  };
}

function items(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (isDict(value)) return Object.keys(value);
  return Array.from(value as Iterable<unknown>);
}

/** `a.b.c` on an item, as Jinja's `attribute=` reads it (dict keys and object attributes alike). */
function attributeOf(item: unknown, path: unknown): unknown {
  let current = item;
  for (const part of String(path).split('.')) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
  }
  return current;
}

function keyOf(params: Params): (item: unknown) => unknown {
  const caseSensitive = params.case_sensitive === true;
  return (item) => {
    const value =
      params.attribute === undefined || params.attribute === null ? item : attributeOf(item, params.attribute);
    return typeof value === 'string' && !caseSensitive ? value.toLowerCase() : value;
  };
}

function compare(a: unknown, b: unknown): number {
  return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
}

/** Python's `json.dumps` spacing: `{"a": 1, "b": [1, 2]}`. */
function pythonJson(value: unknown, sortKeys: boolean): string {
  if (value === undefined) throw new StrataError('tojson: the value is undefined');
  if (Array.isArray(value)) return `[${value.map((item) => pythonJson(item, sortKeys)).join(', ')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof String)) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort();
    const entries = keys.map((key) => `${JSON.stringify(key)}: ${pythonJson((value as Params)[key], sortKeys)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value instanceof String ? String(value) : value);
}

/** dbt's `tojson(value, sort_keys=False)` function. */
export function toJson(...args: unknown[]): string {
  const { positional, keywords } = splitArguments(args);
  return pythonJson(positional[0], Boolean(positional[1] ?? keywords.sort_keys));
}

/** dbt's `fromjson(string, default=None)` function. */
export function fromJson(...args: unknown[]): unknown {
  const { positional, keywords } = splitArguments(args);
  try {
    return JSON.parse(String(positional[0])) as unknown;
  } catch {
    return positional[1] ?? keywords.default ?? null;
  }
}

function selectByAttribute(lookups: FilterLookups, keep: boolean): Filter {
  return (value, ...args) => {
    const { positional } = splitArguments(args);
    const [attribute, testName, ...testArgs] = positional;
    const test = testName === undefined ? (v: unknown) => Boolean(v) : lookups.test(String(testName));
    return items(value).filter((item) => test(attributeOf(item, attribute), ...testArgs) === keep);
  };
}

function number(parse: (text: string) => number): Filter {
  return withParams(['default'], (value, params) => {
    const result =
      typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : parse(String(value));
    return Number.isNaN(result) ? (params.default ?? 0) : result;
  });
}

/** Jinja filter name to implementation, given the environment's filter and test lookups. */
export function jinjaFilters(lookups: FilterLookups): Record<string, Filter> {
  return {
    map: (value, ...args) => {
      const { positional, keywords } = splitArguments(args);
      if (keywords.attribute !== undefined) {
        return items(value).map((item) => attributeOf(item, keywords.attribute) ?? keywords.default);
      }
      const [name, ...rest] = positional;
      if (name === undefined) throw new StrataError("map() needs a filter name or attribute='...'");
      const filter = lookups.filter(String(name));
      return items(value).map((item) => filter(item, ...rest));
    },
    selectattr: selectByAttribute(lookups, true),
    rejectattr: selectByAttribute(lookups, false),
    unique: withParams(['case_sensitive', 'attribute'], (value, params) => {
      const key = keyOf(params);
      const seen = new Set<unknown>();
      return items(value).filter((item) => !seen.has(key(item)) && seen.add(key(item)));
    }),
    sort: withParams(['reverse', 'case_sensitive', 'attribute'], (value, params) => {
      const key = keyOf(params);
      const sorted = items(value).sort((a, b) => compare(key(a), key(b)));
      return params.reverse ? sorted.reverse() : sorted;
    }),
    min: withParams(['case_sensitive', 'attribute'], (value, params) => {
      const key = keyOf(params);
      return items(value).reduce<unknown>(
        (best, item) => (best === undefined || compare(key(item), key(best)) < 0 ? item : best),
        undefined,
      );
    }),
    max: withParams(['case_sensitive', 'attribute'], (value, params) => {
      const key = keyOf(params);
      return items(value).reduce<unknown>(
        (best, item) => (best === undefined || compare(key(item), key(best)) > 0 ? item : best),
        undefined,
      );
    }),
    sum: withParams(['attribute', 'start'], (value, params) => {
      const key = keyOf({ ...params, case_sensitive: true });
      return items(value).reduce<number>((total, item) => total + Number(key(item)), Number(params.start ?? 0));
    }),
    list: (value) => (typeof value === 'string' ? [...value] : items(value)),
    items: (value) => (isDict(value) ? Object.entries(value) : []),
    tojson: withParams(['indent'], (value) =>
      // Jinja's filter sorts keys and escapes the characters that end an HTML script
      pythonJson(value, true)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/'/g, '\\u0027'),
    ),
    int: number((text) => Math.trunc(Number.parseFloat(text))),
    float: number((text) => Number.parseFloat(text)),
    count: (value) => lookups.filter('length')(value),
  };
}
