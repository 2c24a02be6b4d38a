/**
 * Python's `%` operator as Jinja evaluates it: printf-style formatting when the left side
 * is a string (`'%s_%s' % (a, b)`, `'%.2f' % x`), else the modulo with the sign of the
 * divisor (`-1 % 3` is 2).
 */
import { StrataError } from '../errors/strata-error.js';
import { pythonStr } from './python-str.js';

const SPECIFIER = /%(?:\((\w+)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrx%])/g;

function formatOne(
  value: unknown,
  flags: string,
  width: string | undefined,
  precision: string | undefined,
  kind: string,
) {
  let text: string;
  if (kind === 's' || kind === 'r') text = kind === 'r' && typeof value === 'string' ? `'${value}'` : pythonStr(value);
  else if (kind === 'f') text = Number(value).toFixed(precision === undefined ? 6 : Number(precision));
  else if (kind === 'x') text = Math.trunc(Number(value)).toString(16);
  else text = String(Math.trunc(Number(value)));
  const size = width === undefined ? 0 : Number(width);
  if (flags.includes('-')) return text.padEnd(size);
  return flags.includes('0') && kind !== 's' ? text.padStart(size, '0') : text.padStart(size);
}

/** `format % values` with Python's printf-style specifiers. */
function printf(format: string, values: unknown): string {
  const positional = Array.isArray(values) ? values : [values];
  let next = 0;
  return format.replace(SPECIFIER, (_whole, key: string | undefined, flags: string, width, precision, kind: string) => {
    if (kind === '%') return '%';
    const value = key === undefined ? positional[next++] : (values as Record<string, unknown>)[key];
    if (value === undefined) throw new StrataError(`'${format}' % ...: not enough values to format`);
    return formatOne(value, flags, width as string | undefined, precision as string | undefined, kind);
  });
}

/** Python's `left % right`. */
export function pythonModulo(left: unknown, right: unknown): unknown {
  if (left === undefined || right === undefined) {
    throw new StrataError("Template render error: an operand of '%' is undefined", {
      hint: 'Check both sides of the % operator; test a name with {% if x is defined %}.',
    });
  }
  if (typeof left === 'string' || left instanceof String) return printf(String(left), right);
  const divisor = Number(right);
  const remainder = Number(left) % divisor;
  return remainder !== 0 && remainder < 0 !== divisor < 0 ? remainder + divisor : remainder;
}
