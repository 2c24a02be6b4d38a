import type { DatePart } from '../adapters/contract.js';
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import type { CallArguments } from './template-args.js';

/** A parameter of a built-in macro: its name, or its name and default (dbt's signature). */
export type Parameter = string | readonly [name: string, fallback: unknown];

export const DATE_PARTS: readonly DatePart[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/** Whether a value names a date part (`day`, `'day'`, `"DAY"`). */
export function isDatePart(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return (DATE_PARTS as readonly string[]).includes(unquote(String(value)).toLowerCase());
}

/** A value written as a Jinja string literal, to show a corrected call. */
export function jinjaString(value: unknown): string {
  const text = String(value);
  return text.includes("'") ? `"${text.replace(/"/g, '\\"')}"` : `'${text}'`;
}

function unquote(text: string): string {
  return text.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * The arguments of one call of a built-in macro, bound to its parameters the way Jinja
 * binds a macro's: positionally, then by keyword, then defaults. Accessors read them as
 * SQL text, numbers, lists or date parts, and name the macro and parameter on a mistake.
 */
export class MacroArguments {
  private constructor(
    readonly macro: string,
    private readonly signature: string,
    private readonly values: Map<string, unknown>,
  ) {}

  /** Bind a call to `parameters`; an unknown keyword or an extra argument is an error. */
  static bind(macro: string, parameters: readonly Parameter[], call: CallArguments): MacroArguments {
    const names = parameters.map((p) => (typeof p === 'string' ? p : p[0]));
    const signature = `${macro}(${parameters.map((p) => (typeof p === 'string' ? p : `${p[0]}=...`)).join(', ')})`;
    if (call.positional.length > names.length) {
      throw new StrataError(`${macro}() takes ${names.length} arguments, got ${call.positional.length}`, {
        hint: `Call it as ${signature}.`,
      });
    }
    const values = new Map<string, unknown>();
    for (const parameter of parameters) {
      if (typeof parameter !== 'string') values.set(parameter[0], parameter[1]);
    }
    call.positional.forEach((value, index) => values.set(names[index]!, value));
    for (const [name, value] of Object.entries(call.keywords)) {
      if (!names.includes(name)) {
        const suggestion = closestMatch(name, names) ?? names.find((n) => n.startsWith(name) || name.startsWith(n));
        throw new StrataError(`${macro}() has no argument '${name}'`, {
          hint: suggestion ? `Did you mean '${suggestion}'? Call it as ${signature}.` : `Call it as ${signature}.`,
        });
      }
      values.set(name, value);
    }
    return new MacroArguments(macro, signature, values);
  }

  /** The value as given (`undefined` when missing, `null` for `none`). */
  raw(name: string): unknown {
    return this.values.get(name);
  }

  /** A SQL expression; the argument must be given (`none` renders as `None`, as in dbt's Jinja). */
  sql(name: string): string {
    const value = this.values.get(name) === null ? 'None' : this.optionalSql(name);
    if (value === undefined) {
      throw new StrataError(`${this.macro}() needs the argument '${name}'`, { hint: `Call it as ${this.signature}.` });
    }
    return value;
  }

  /** A SQL expression, or undefined when missing or `none`. */
  optionalSql(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === null ? undefined : String(value);
  }

  /** A whole number (a Jinja number or its text). */
  integer(name: string): number {
    const text = this.sql(name);
    const value = Number(text);
    if (!Number.isInteger(value)) throw this.error(name, `must be a whole number, got ${text}`);
    return value;
  }

  /** A list of SQL expressions. */
  list(name: string): string[] {
    const value = this.values.get(name);
    if (!Array.isArray(value)) throw this.error(name, `must be a list, e.g. ['a', 'b']`);
    return value.map(String);
  }

  /** A date part, quoted or not (`day`, `'day'`), in lower case. */
  datePart(name: string): DatePart {
    const part = unquote(this.sql(name)).toLowerCase();
    if (!(DATE_PARTS as readonly string[]).includes(part)) {
      throw new StrataError(`${this.macro}(): unknown date part '${part}'`, {
        hint: `Use one of: ${DATE_PARTS.join(', ')}.`,
      });
    }
    return part as DatePart;
  }

  /** An error about one argument, with the macro's signature. */
  error(name: string, problem: string): StrataError {
    return new StrataError(`${this.macro}(): '${name}' ${problem}`, { hint: `Call it as ${this.signature}.` });
  }
}
