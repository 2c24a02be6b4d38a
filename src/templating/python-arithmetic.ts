/**
 * Python's `+`, `-` and `*` where they differ from JavaScript's: lists concatenate
 * (`columns + ['id']`; JavaScript would join their text), a string or list times a whole
 * number repeats (`'-' * 3`; JavaScript gives NaN), and datetimes, dates and timedeltas
 * add and subtract (`run_started_at - modules.datetime.timedelta(days=1)`). Other operands
 * keep nunjucks' meaning. The compile step turns `a + b`, `a - b` and `a * b` into calls
 * of these (jinja-syntax.ts).
 */
import { StrataError } from '../errors/strata-error.js';
import { PyDate, PyDatetime, PyTimedelta } from './dbt-context/py-datetime.js';

/** The global the compile step calls for each operator node; not names a template can mean. */
export const ARITHMETIC_FUNCTIONS: Readonly<Record<string, string>> = {
  Add: '__strata_add',
  Sub: '__strata_subtract',
  Mul: '__strata_multiply',
};

const isMoment = (value: unknown): value is PyDatetime | PyDate =>
  value instanceof PyDatetime || value instanceof PyDate;

/** Python's `a + b`. */
export function pythonAdd(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (Array.isArray(a) || Array.isArray(b)) {
    throw new StrataError('can only add a list to another list', {
      hint: 'Wrap the item in brackets: cols + [name], or use {% do cols.append(name) %}.',
    });
  }
  if (b instanceof PyTimedelta) {
    if (isMoment(a)) return a.add(b);
    if (a instanceof PyTimedelta) return new PyTimedelta(a.totalMicroseconds + b.totalMicroseconds);
  }
  if (a instanceof PyTimedelta && isMoment(b)) return b.add(a);
  return (a as number) + (b as number);
}

/** Python's `a - b`. */
export function pythonSubtract(a: unknown, b: unknown): unknown {
  if (b instanceof PyTimedelta) {
    if (isMoment(a)) return a.subtract(b);
    if (a instanceof PyTimedelta) return new PyTimedelta(a.totalMicroseconds - b.totalMicroseconds);
  }
  if (a instanceof PyDatetime && b instanceof PyDatetime) {
    return new PyTimedelta((a.ms - b.ms) * 1000 + ((a.micro % 1000) - (b.micro % 1000)));
  }
  if (a instanceof PyDate && b instanceof PyDate) return new PyTimedelta((a.valueOf() - b.valueOf()) * 1000);
  return (a as number) - (b as number);
}

/** Python's `a * b`: a string or list times a whole number repeats it. */
export function pythonMultiply(a: unknown, b: unknown): unknown {
  const [sequence, count] = typeof b === 'number' ? [a, b] : [b, a];
  if (typeof count === 'number' && Number.isInteger(count)) {
    if (typeof sequence === 'string') return sequence.repeat(Math.max(0, count));
    if (Array.isArray(sequence)) return Array.from({ length: Math.max(0, count) }, () => sequence).flat();
  }
  return (a as number) * (b as number);
}
