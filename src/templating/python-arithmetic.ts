/**
 * Python's `+` and `*` where they differ from JavaScript's: `+` joins two lists
 * (`cols + ['id']`; JavaScript would join their text), and `*` repeats a string or a
 * list (`'-' * 3`; JavaScript gives NaN). Numbers and strings otherwise add as before.
 */
import { StrataError } from '../errors/strata-error.js';

/** The globals `a + b` and `a * b` are rewritten to call; not names a template can mean. */
export const ADD_FUNCTION = '__strata_add';
export const MULTIPLY_FUNCTION = '__strata_multiply';

/** `left + right` as Python evaluates it. */
export function pythonAdd(left: unknown, right: unknown): unknown {
  const lists = [Array.isArray(left), Array.isArray(right)];
  if (lists[0] && lists[1]) return [...(left as unknown[]), ...(right as unknown[])];
  if (lists[0] || lists[1]) {
    throw new StrataError('can only add a list to another list', {
      hint: 'Wrap the item in brackets: cols + [name], or use {% do cols.append(name) %}.',
    });
  }
  return (left as number) + (right as number);
}

/** `left * right` as Python evaluates it: a string or list times a whole number repeats it. */
export function pythonMultiply(left: unknown, right: unknown): unknown {
  const [sequence, count] = typeof right === 'number' ? [left, right] : [right, left];
  if (typeof count === 'number' && Number.isInteger(count)) {
    if (typeof sequence === 'string') return sequence.repeat(Math.max(0, count));
    if (Array.isArray(sequence)) return Array.from({ length: Math.max(0, count) }, () => sequence).flat();
  }
  return (left as number) * (right as number);
}
