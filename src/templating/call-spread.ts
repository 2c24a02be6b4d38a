/**
 * Python's unpacking in calls, `f(a, *items)` and `f(x=1, **options)`, which dbt packages
 * use to pass their `varargs`/`kwargs` on (`adapter.dispatch('m', 'pkg')(field, *varargs)`).
 * jinja-parser.ts turns `*items` into a call of `SPREAD_FUNCTION` among the positional
 * arguments and `**options` into the keyword `SPREAD_KEYWORDS`; the runtime's call
 * (jinja-runtime.ts) expands both before the callee sees its arguments.
 */
import { StrataError } from '../errors/strata-error.js';

/** The global `*items` is rewritten to call; not a name a template can mean. */
export const SPREAD_FUNCTION = '__strata_spread';
/** The keyword `**options` is passed under; not a name a template can mean. */
export const SPREAD_KEYWORDS = '__strata_spread_keywords';

/** The items of a `*items` argument, waiting to be spliced into the call. */
class SpreadItems {
  constructor(readonly items: unknown[]) {}
}

/** `*value`: a list, tuple or string becomes its items. */
export function spreadItems(value: unknown): SpreadItems {
  if (value === undefined || value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    if (typeof value !== 'string') {
      throw new StrataError(`*argument must be a list or tuple, not ${value === null ? 'none' : typeof value}`, {
        hint: 'Unpack a list: f(*[a, b]) or f(*varargs).',
      });
    }
  }
  return new SpreadItems(Array.from(value as Iterable<unknown>));
}

type Keywords = Record<string, unknown> & { __keywords?: boolean };

function isKeywords(value: unknown): value is Keywords {
  return typeof value === 'object' && value !== null && (value as Keywords).__keywords === true;
}

/** The arguments a call passes once `*items` and `**options` are expanded; `args` itself when none is used. */
export function expandSpreads(args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  const spreadsKeywords = isKeywords(last) && SPREAD_KEYWORDS in last;
  if (!spreadsKeywords && !args.some((arg) => arg instanceof SpreadItems)) return args;
  const positional: unknown[] = [];
  for (const arg of isKeywords(last) ? args.slice(0, -1) : args) {
    if (arg instanceof SpreadItems) positional.push(...arg.items);
    else positional.push(arg);
  }
  if (!isKeywords(last)) return positional;
  const { [SPREAD_KEYWORDS]: options, ...explicit } = last;
  const keywords: Keywords = { ...explicit };
  if (spreadsKeywords) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new StrataError('**argument must be a dict', { hint: 'Unpack a dict: f(**{"a": 1}) or f(**kwargs).' });
    }
    for (const [name, value] of Object.entries(options)) {
      if (name in explicit) throw new StrataError(`got multiple values for keyword argument '${name}'`);
      keywords[name] = value;
    }
  }
  return Object.keys(keywords).some((name) => name !== '__keywords') ? [...positional, keywords] : positional;
}
