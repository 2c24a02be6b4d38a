/**
 * dbt renders YAML values "natively": a value that is one `{{ expression }}` keeps the
 * expression's type (`"{{ var('flag', false) }}"` is the boolean false, `"{{ 2 * 4 }}"` the
 * number 8); anything else is text. dbt's filters `as_bool`, `as_number` and `as_native`
 * read the text of their input as a Python literal and insist on the type they name;
 * `as_text` keeps text. Text and markers print the same, so a marker inside a longer
 * value just becomes part of the text, as in dbt.
 */
import { StrataError } from '../../errors/strata-error.js';
import { pythonStr } from '../../templating/python-str.js';
import { pythonLiteral } from './python-literal.js';

type MarkerKind = 'text' | 'native' | 'bool' | 'number';

/** What one of dbt's `as_*` filters returns: the text of its input, and the type asked for. */
export class NativeMarker {
  constructor(
    readonly text: string,
    readonly kind: MarkerKind,
  ) {}

  toString(): string {
    return this.text;
  }
}

const marker =
  (kind: MarkerKind) =>
  (value: unknown): NativeMarker =>
    new NativeMarker(pythonStr(value), kind);

/** dbt's filters for YAML values, by name. */
export const NATIVE_FILTERS: Record<string, (value: unknown) => NativeMarker> = {
  as_text: marker('text'),
  as_native: marker('native'),
  as_bool: marker('bool'),
  as_number: marker('number'),
};

/**
 * The value of a YAML string that is exactly one expression, from the expression's
 * value: as it is, unless an `as_*` filter asked for a type. YAML's lower-case
 * `true`/`false` are accepted by `as_bool` besides Python's `True`/`False`.
 */
export function nativeValue(value: unknown): unknown {
  if (!(value instanceof NativeMarker)) return value;
  const { text, kind } = value;
  if (kind === 'text') return text;
  const literal = pythonLiteral(text);
  if (kind === 'native') return literal === undefined ? text : literal;
  if (kind === 'bool') {
    const lower = text.trim().toLowerCase();
    if (typeof literal === 'boolean') return literal;
    if (lower === 'true' || lower === 'false') return lower === 'true';
    throw conversionError(text, 'a boolean', 'True or False');
  }
  if (typeof literal === 'number') return literal;
  throw conversionError(text, 'a number', 'digits, e.g. 8 or 0.5');
}

function conversionError(text: string, type: string, expected: string): StrataError {
  return new StrataError(`Could not convert "${text}" into ${type}`, {
    hint: `The value must render as ${expected}.`,
  });
}
