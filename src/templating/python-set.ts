/**
 * dbt's `set(value, default=None)` and `try_set(value)`: Python's set, kept as a list of
 * distinct items (so loops, `in`, `length` and `join` work as on a list) that compares
 * without regard to order and has the set methods dbt code calls.
 */
import { StrataError } from '../errors/strata-error.js';
import { pythonEquals } from './python-equals.js';

/** A Python set: distinct items, in the order first seen. */
export class PySet extends Array<unknown> {
  static collect(items: Iterable<unknown>): PySet {
    const set = new PySet();
    for (const item of items) set.add(item);
    return set;
  }

  // Array's own methods (map, filter...) build their results through this constructor
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  has(item: unknown): boolean {
    return this.some((each) => pythonEquals(each, item));
  }

  add(item: unknown): void {
    if (!this.has(item)) this.push(item);
  }

  update(...others: Iterable<unknown>[]): void {
    for (const other of others) for (const item of other) this.add(item);
  }

  discard(item: unknown): void {
    const index = this.findIndex((each) => pythonEquals(each, item));
    if (index >= 0) this.splice(index, 1);
  }

  union(...others: Iterable<unknown>[]): PySet {
    const result = PySet.collect(this);
    result.update(...others);
    return result;
  }

  intersection(other: Iterable<unknown>): PySet {
    const kept = PySet.collect(other);
    return PySet.collect(this.filter((item) => kept.has(item)));
  }

  difference(other: Iterable<unknown>): PySet {
    const removed = PySet.collect(other);
    return PySet.collect(this.filter((item) => !removed.has(item)));
  }

  issubset(other: Iterable<unknown>): boolean {
    const container = PySet.collect(other);
    return this.every((item) => container.has(item));
  }

  issuperset(other: Iterable<unknown>): boolean {
    return PySet.collect(other).issubset(this);
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && value !== undefined && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** dbt's `set(value, default=None)`: the set of `value`'s items, or `default` when it has none. */
export function dbtSet(value: unknown, fallback: unknown = null): unknown {
  if (typeof value === 'object' && value !== null && !isIterable(value)) return PySet.collect(Object.keys(value));
  return isIterable(value) ? PySet.collect(value) : fallback;
}

/** dbt's `try_set(value)`: like `set`, but a value with no items is an error. */
export function dbtTrySet(value: unknown): PySet {
  const missing = Symbol('no items');
  const set = dbtSet(value, missing);
  if (set === missing) {
    throw new StrataError(`set(): ${String(value)} is not a list, tuple or other collection`, {
      hint: 'Pass a list, e.g. set([1, 2]).',
    });
  }
  return set as PySet;
}
