/**
 * Jinja's tests (`x is none`, `x is mapping`...) that nunjucks lacks or answers differently:
 * nunjucks says a macro's output (a SafeString) is no string but a mapping, and a dict is
 * not iterable. Registered on the environment with `addTest`.
 */
import { isDict } from './python-methods.js';
import { TemplateRelation } from './relation.js';

function isText(value: unknown): boolean {
  return typeof value === 'string' || value instanceof String;
}

function isMapping(value: unknown): boolean {
  // a relation is a mapping in dbt (see TemplateRelation.get)
  return isDict(value) || value instanceof Map || value instanceof TemplateRelation;
}

function isNumber(value: unknown): boolean {
  // Python's bool is an int, so Jinja's `true is number` holds
  return typeof value === 'number' || typeof value === 'boolean';
}

function isIterable(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return isText(value) || isMapping(value) || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Jinja test name to implementation. */
export const JINJA_TESTS: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
  none: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  string: isText,
  number: isNumber,
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number' && !Number.isInteger(value),
  mapping: isMapping,
  iterable: isIterable,
  sequence: (value) => isIterable(value),
  // `x is in y` does not parse (nunjucks reads `in` as its operator); selectattr('k', 'in', [...]) works
  in: (value, container) => {
    if (isText(container)) return String(container).includes(String(value));
    if (isMapping(container)) return Object.prototype.hasOwnProperty.call(container, String(value));
    return Array.from((container ?? []) as Iterable<unknown>).includes(value);
  },
};
