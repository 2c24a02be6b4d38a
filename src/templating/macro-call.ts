/**
 * How a `{% macro %}` is called, with Jinja's semantics instead of nunjucks':
 *
 * - arguments bind positionally, then by keyword; a missing one is undefined;
 * - extra positional arguments go to `varargs` and unknown keyword arguments to `kwargs`
 *   when the macro uses those names (the compile step declares them, see jinja-syntax.ts),
 *   and are an error otherwise (nunjucks drops them silently);
 * - `{{ return(x) }}` ends the macro and the caller receives `x` itself (a list, a dict...),
 *   not the text rendered so far.
 */
import { StrataError } from '../errors/strata-error.js';
import { splitArguments } from './template-args.js';

/** Thrown by `return(x)`; the innermost macro call catches it and returns `value`. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/** How many macro calls are under way (renders are synchronous, so one count suffices). */
let callDepth = 0;

/** dbt's `return(x)`: ends the macro being called, which returns `x`. */
export function macroReturn(value: unknown): never {
  if (callDepth === 0) {
    throw new StrataError('return() is only allowed inside a {% macro %}', {
      hint: 'Emit the value with {{ ... }} instead, or move this code into a macro.',
    });
  }
  throw new MacroReturn(value);
}

/** The names the compile step adds to a macro's keyword parameters when its body uses them. */
export const VARARGS = 'varargs';
export const KWARGS = 'kwargs';

/** The body nunjucks compiles: the positional parameters, then one object of keyword values. */
type MacroBody = (...args: unknown[]) => unknown;

/** The names macros are registered under, for error messages (nunjucks does not give them). */
const macroNames = new WeakMap<object, string>();

/** Record the name a macro is called by, so its argument errors can say which macro. */
export function nameMacro(macro: unknown, name: string): void {
  if (typeof macro === 'function') macroNames.set(macro, name);
}

/** Replaces nunjucks' `runtime.makeMacro` for Strata's templates. */
export function makeJinjaMacro(argNames: string[], kwargNames: string[], body: MacroBody): MacroBody {
  const collectsVarargs = kwargNames.includes(VARARGS);
  const collectsKwargs = kwargNames.includes(KWARGS);
  const parameters = [...argNames, ...kwargNames.filter((name) => name !== VARARGS && name !== KWARGS)];
  return function macro(this: unknown, ...callArgs: unknown[]) {
    const { positional, keywords } = splitArguments(callArgs);
    const signature = `${macroNames.get(macro) ?? 'macro'}(${parameters.join(', ')})`;
    const values: Record<string, unknown> = {};
    positional.slice(0, parameters.length).forEach((value, index) => (values[parameters[index]!] = value));
    const extra = positional.slice(parameters.length);
    if (extra.length > 0 && !collectsVarargs) {
      throw new StrataError(
        `${signature} takes not more than ${parameters.length} argument(s), ` +
          `got ${positional.length}: pass fewer, or read the extra ones from varargs in the macro`,
      );
    }
    const unknown: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(keywords)) {
      if (name === 'caller' || parameters.includes(name)) {
        if (name in values) throw new StrataError(`${signature} got two values for '${name}'`);
        values[name] = value;
      } else {
        unknown[name] = value;
      }
    }
    const unknownNames = Object.keys(unknown);
    if (unknownNames.length > 0 && !collectsKwargs) {
      throw new StrataError(`${signature} takes no keyword argument '${unknownNames[0]}'`, {
        hint: 'Fix the argument name, or read extra keyword arguments from `kwargs` in the macro.',
      });
    }
    const keywordValues: Record<string, unknown> = {};
    for (const name of [...kwargNames, 'caller']) if (name in values) keywordValues[name] = values[name];
    if (collectsVarargs) keywordValues[VARARGS] = extra;
    if (collectsKwargs) keywordValues[KWARGS] = unknown;
    callDepth++;
    try {
      return body.apply(this, [...argNames.map((name) => values[name]), keywordValues]);
    } catch (error) {
      if (error instanceof MacroReturn) return error.value;
      throw error;
    } finally {
      callDepth--;
    }
  };
}
