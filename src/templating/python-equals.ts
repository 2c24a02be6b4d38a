/**
 * Python's `==` where JavaScript's differs: lists, dicts and sets compare by their items
 * (`set(a) != set(b)` in dbt_utils' equality test), not by identity. Everything else
 * compares as nunjucks always compared it (a macro's output equals its text).
 */
import { isDict } from './python-methods.js';
import { PySet } from './python-set.js';

/** Whether Python's `a == b` holds. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  if (a instanceof PySet && b instanceof PySet) return a.length === b.length && a.every((item) => b.has(item));
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => pythonEquals(item, b[index]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && pythonEquals(a[key], b[key]));
  }

  return a == b;
}
