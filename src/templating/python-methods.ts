/**
 * The Python methods dbt code calls on strings, lists and dicts (`cols.append(x)`,
 * `d.items()`, `name.upper()`, `'{}_{}'.format(a, b)`), looked up by the scoped
 * runtime's `memberLookup` (jinja-runtime.ts). Only where Python's meaning differs from
 * JavaScript's, or JavaScript has no such method, does the Python method win: `s.length`
 * and the like keep working.
 */
import { StrataError } from '../errors/strata-error.js';
import { splitArguments } from './template-args.js';

type Method = (...args: unknown[]) => unknown;
type MethodTable<T> = Record<string, (self: T, ...args: unknown[]) => unknown>;

const WHITESPACE = /\s+/;

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? ' \t\n\r\f\v' : String(chars);
}

function stripStart(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start]!)) start++;
  return text.slice(start);
}

function stripEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Python's `str.split(sep=None, maxsplit=-1)`. */
function split(text: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  const whitespace = sep === undefined || sep === null;
  const parts = whitespace
    ? text
        .trim()
        .split(WHITESPACE)
        .filter((part) => part !== '')
    : text.split(String(sep));
  if (parts.length - 1 <= limit) return parts;
  const head = parts.slice(0, limit);
  if (!whitespace) return [...head, parts.slice(limit).join(String(sep))];
  let rest = text.trimStart();
  for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
  return [...head, rest];
}

/** Python's `str.format` with `{}`, `{0}` and `{name}` fields (no format specs). */
function format(text: string, ...args: unknown[]): string {
  const { positional, keywords } = splitArguments(args);
  let next = 0;
  return text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = (field ?? '').split(':')[0]!;
    const value = name === '' ? positional[next++] : /^\d+$/.test(name) ? positional[Number(name)] : keywords[name];
    if (value === undefined) throw new StrataError(`'${text}'.format(...): no value for {${name}}`);
    return String(value);
  });
}

function startsOrEnds(text: string, prefixes: unknown, test: (text: string, prefix: string) => boolean): boolean {
  const options = Array.isArray(prefixes) ? prefixes : [prefixes];
  return options.some((prefix) => test(text, String(prefix)));
}

const STRING_METHODS: MethodTable<string> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) =>
    s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_, before: string, c: string) => before + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  strip: (s, chars) => stripEnd(stripStart(s, stripChars(chars)), stripChars(chars)),
  lstrip: (s, chars) => stripStart(s, stripChars(chars)),
  rstrip: (s, chars) => stripEnd(s, stripChars(chars)),
  split: (s, sep, maxsplit) => split(s, sep, maxsplit),
  startswith: (s, prefix) => startsOrEnds(s, prefix, (t, p) => t.startsWith(p)),
  endswith: (s, suffix) => startsOrEnds(s, suffix, (t, p) => t.endsWith(p)),
  replace: (s, old, replacement, count) => {
    const parts = s.split(String(old));
    const limit = typeof count === 'number' && count >= 0 ? count : parts.length;
    if (limit >= parts.length - 1) return parts.join(String(replacement));
    return parts.slice(0, limit + 1).join(String(replacement)) + String(old) + parts.slice(limit + 1).join(String(old));
  },
  format: (s, ...args) => format(s, ...args),
  join: (s, items) => Array.from(items as Iterable<unknown>, String).join(s),
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => s.split(String(sub)).length - 1,
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  zfill: (s, width) => s.padStart(Number(width), '0'),
};

function listIndex(list: unknown[], index: unknown): number {
  const position = index === undefined ? list.length - 1 : Number(index);
  return position < 0 ? list.length + position : position;
}

const LIST_METHODS: MethodTable<unknown[]> = {
  append: (l, item) => void l.push(item),
  extend: (l, items) => void l.push(...Array.from(items as Iterable<unknown>)),
  insert: (l, index, item) => void l.splice(listIndex(l, index), 0, item),
  pop: (l, index) => {
    if (l.length === 0) throw new StrataError('pop from empty list');
    return l.splice(listIndex(l, index), 1)[0];
  },
  remove: (l, item) => {
    const index = l.indexOf(item);
    if (index < 0) throw new StrataError(`list.remove(x): ${String(item)} is not in the list`);
    l.splice(index, 1);
  },
  index: (l, item) => {
    const index = l.indexOf(item);
    if (index < 0) throw new StrataError(`${String(item)} is not in the list`);
    return index;
  },
  count: (l, item) => l.filter((value) => value === item).length,
  copy: (l) => [...l],
  reverse: (l) => void l.reverse(),
  sort: (l, ...args) => {
    const { keywords } = splitArguments(args);
    l.sort((a, b) => (a === b ? 0 : (a as number) < (b as number) ? -1 : 1));
    if (keywords.reverse) l.reverse();
  },
};

type Dict = Record<string, unknown>;

const DICT_METHODS: MethodTable<Dict> = {
  items: (d) => Object.entries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, key, fallback) =>
    Object.prototype.hasOwnProperty.call(d, String(key)) ? d[String(key)] : (fallback ?? null),
  update: (d, ...args) => {
    const { positional, keywords } = splitArguments(args);
    const [other] = positional;
    const pairs = Array.isArray(other) ? (other as [string, unknown][]) : Object.entries((other ?? {}) as Dict);
    for (const [key, value] of [...pairs, ...Object.entries(keywords)]) d[key] = value;
  },
  pop: (d, key, ...fallback) => {
    const name = String(key);
    if (Object.prototype.hasOwnProperty.call(d, name)) {
      const value = d[name];
      delete d[name];
      return value;
    }
    if (fallback.length > 0) return fallback[0];
    throw new StrataError(`dict.pop('${name}'): no such key`, { hint: `Give a default: pop('${name}', none).` });
  },
  setdefault: (d, key, fallback) => {
    const name = String(key);
    if (!Object.prototype.hasOwnProperty.call(d, name)) d[name] = fallback ?? null;
    return d[name];
  },
  copy: (d) => ({ ...d }),
};

/** Whether `value` is a plain dict (a template `{...}` literal, a var, a parsed YAML map). */
export function isDict(value: unknown): value is Dict {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function bind<T>(table: MethodTable<T>, self: T, name: string): Method | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const method = table[name]!;
  return (...args) => method(self, ...args);
}

/** The Python method `name` of `value` bound to it, if Python has one Strata provides. */
export function pythonMethod(value: unknown, name: string): Method | undefined {
  if (typeof value === 'string') return bind(STRING_METHODS, value, name);
  if (Array.isArray(value)) return bind(LIST_METHODS, value, name);
  if (isDict(value)) return bind(DICT_METHODS, value, name);
  return undefined;
}
