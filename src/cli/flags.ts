/**
 * Numbers given as command-line flags. Commander hands every value over as text; these
 * turn it into a number or raise one `StrataError` that names the flag, what it takes and
 * what it got (`--threads must be a positive whole number, got 'four'`).
 */
import { StrataError } from '../errors/strata-error.js';

/** What a numeric flag accepts. */
export interface NumberRule {
  /** whole numbers only */
  whole?: boolean;
  min?: number;
  max?: number;
  /** what the flag takes, for the message (default: said from the rule) */
  expected?: string;
  /** the line printed under the message */
  hint?: string;
}

/** The number a flag's text spells, checked against `rule`. */
export function parseNumberFlag(text: string, flag: string, rule: NumberRule): number {
  const value = Number(text);
  const fits =
    Number.isFinite(value) &&
    (!rule.whole || Number.isInteger(value)) &&
    value >= (rule.min ?? -Infinity) &&
    value <= (rule.max ?? Infinity);
  if (!fits)
    throw new StrataError(`${flag} must be ${rule.expected ?? expected(rule)}, got '${text}'`, { hint: rule.hint });
  return value;
}

/** A whole number of at least `min` (0 by default): a count, a seed. */
export function parseWholeNumber(text: string, flag: string, min = 0, hint?: string): number {
  return parseNumberFlag(text, flag, { whole: true, min, hint });
}

/** A TCP port to listen on; 0 lets the system pick a free one. */
export function parsePort(text: string, flag = '--port'): number {
  return parseNumberFlag(text, flag, { whole: true, min: 0, max: 65535, hint: `For example: ${flag} 8080` });
}

/** A share of a whole, as a fraction from 0 to 1. */
export function parseShare(text: string, flag: string): number {
  return parseNumberFlag(text, flag, { min: 0, max: 1, expected: 'between 0 and 1' });
}

/** Parses a flag only when it was given. */
export function optionalFlag<T>(text: string | undefined, parse: (text: string) => T): T | undefined {
  return text === undefined ? undefined : parse(text);
}

function expected(rule: NumberRule): string {
  const kind = rule.whole ? 'whole number' : 'number';
  if (rule.max !== undefined) return `a ${kind} from ${rule.min ?? -Infinity} to ${rule.max}`;
  return rule.min === 1 ? `a positive ${kind}` : `a ${kind}`;
}
