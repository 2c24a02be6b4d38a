/**
 * Python's truth value, which Jinja's `if`, `not`, `and`, `or` and inline `if` use: an
 * empty list, dict or string is false (`{% if exclude and include %}` with two empty lists
 * is false), and so is an empty macro output. JavaScript counts every object as true, so
 * the compiler (jinja-compiler.ts) routes every condition through this function.
 */
import { isDict } from './python-methods.js';

/** Whether Python's `bool(value)` is true. */
export function pythonTruthy(value: unknown): boolean {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) return value.length > 0;
    if (value instanceof String) return value.length > 0; // a macro's output (nunjucks' SafeString)
    if (value instanceof Map || value instanceof Set) return value.size > 0;
    if (isDict(value)) return Object.keys(value).length > 0;
    return typeof (value as { length?: unknown }).length === 'number' ? (value as { length: number }).length > 0 : true;
  }
  return Boolean(value);
}
