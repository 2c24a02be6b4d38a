/**
 * How Jinja prints a value: Python's `str()`. `{{ true }}` is `True`, `{{ none }}` is `None`,
 * a list is `['a', 1]` and a dict `{'k': 'v'}`; nunjucks would print `true`, nothing,
 * `a,1` and `[object Object]`. Strings, numbers and objects with their own `toString`
 * (relations, macro output) print as before.
 */
import { isDict } from './python-methods.js';

// characters that change how Python quotes or escapes a string
const NEEDS_ESCAPE = /['\\\n\r\t]/;

/** Python's `repr()` of a template value, for the items of a printed list or dict. */
export function pythonRepr(value: unknown): string {
  if (typeof value !== 'string') return pythonStr(value);
  if (!NEEDS_ESCAPE.test(value)) return `'${value}'`;
  // Python quotes with ' unless the text holds a ' and no "
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `${quote}${quote === "'" ? escaped.replace(/'/g, "\\'") : escaped}${quote}`;
}

/** Python's `str()` of a template value. */
export function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Whether Jinja prints `value` differently from JavaScript's `String(value)`. */
export function printsDifferently(value: unknown): boolean {
  return value === null || typeof value === 'boolean' || Array.isArray(value) || isDict(value);
}
