/**
 * The runtime Strata's compiled templates run against: nunjucks' own runtime with macro
 * calls, member lookups, printing and Python's literals given Jinja's meaning. nunjucks
 * passes its runtime module to each compiled template's functions as an argument;
 * compile-template.ts passes this object instead, so the change is scoped to Strata's
 * templates and no nunjucks prototype or module is patched (unlike nunjucks' `installJinjaCompat()`, see CONTEXT.md).
 */
import { createRequire } from 'node:module';
import { expandSpreads } from './call-spread.js';
import { EQUALS_RUNTIME_FUNCTION, TRUTHY_RUNTIME_FUNCTION } from './jinja-compiler.js';
import { pythonEquals } from './python-equals.js';
import { pythonTruthy } from './python-truthy.js';
import { makeJinjaMacro } from './macro-call.js';
import { traceMacroBody, type MacroSite } from './macro-trail.js';
import { pythonMethod } from './python-methods.js';
import { printsDifferently, pythonStr } from './python-str.js';

interface NunjucksRuntime {
  memberLookup(obj: unknown, key: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  SafeString: new (value: string) => object;
  suppressValue(value: unknown, autoescape: boolean): unknown;
  [name: string]: unknown;
}

const require = createRequire(import.meta.url);
const runtime = require('nunjucks/src/runtime') as NunjucksRuntime;

// Python's spellings of the literals; nunjucks' lexer knows `none`, `None`, `true` and `false` only.
const PYTHON_LITERALS: Record<string, unknown> = { True: true, False: false, None: null };

/** The `loop` variable of a for loop: nunjucks sets its fields on a plain object, per iteration. */
function isLoop(value: unknown): value is { index0: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { index0?: unknown }).index0 === 'number' &&
    'revindex0' in value &&
    'length' in value
  );
}

/** `obj.key` and `obj[key]` as Jinja reads them (`loop.cycle(...)` included). */
function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof runtime.SafeString) obj = String(obj);
  if (obj === undefined || obj === null) return undefined;
  if (typeof key === 'number' && key < 0 && (Array.isArray(obj) || typeof obj === 'string')) {
    // Python's negative index counts from the end
    return (obj as ArrayLike<unknown>)[obj.length + key];
  }
  if (key === 'cycle' && isLoop(obj)) {
    const { index0 } = obj;
    return (...values: unknown[]) => values[index0 % values.length];
  }
  if (typeof key === 'string') {
    const method = pythonMethod(obj, key);
    if (method) return method;
  }
  const value = (obj as Record<string, unknown>)[key as string];
  // a function with attributes (`modules.datetime.datetime.now`, `config.get`): nunjucks' bound copy would lose them
  if (typeof value === 'function' && Object.keys(value).length > 0) return Object.assign(value.bind(obj), value);
  return runtime.memberLookup(obj, key);
}

function contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown {
  const value = runtime.contextOrFrameLookup(context, frame, name);
  if (value === undefined && Object.prototype.hasOwnProperty.call(PYTHON_LITERALS, name)) return PYTHON_LITERALS[name];
  return value;
}

/** `{{ value }}` prints as Python's `str(value)`. */
function suppressValue(value: unknown, autoescape: boolean): unknown {
  return runtime.suppressValue(printsDifferently(value) ? pythonStr(value) : value, autoescape);
}

/** Every call a template makes, with `*items` and `**options` expanded (call-spread.ts). */
function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  return (runtime.callWrap as (...a: unknown[]) => unknown)(fn, name, context, expandSpreads(args));
}

/** nunjucks' runtime, with Jinja's macro calls, member lookups, printing and Python literals. */
export const jinjaRuntime: NunjucksRuntime = Object.assign(Object.create(runtime) as NunjucksRuntime, {
  // macro-site-compiler.ts passes each macro's site first
  makeMacro: (site: MacroSite, argNames: string[], kwargNames: string[], body: (...args: unknown[]) => unknown) =>
    makeJinjaMacro(argNames, kwargNames, traceMacroBody(site, body)),
  callWrap,
  [TRUTHY_RUNTIME_FUNCTION]: pythonTruthy,
  [EQUALS_RUNTIME_FUNCTION]: pythonEquals,
  memberLookup,
  contextOrFrameLookup,
  suppressValue,
});

type RenderFunction = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: unknown) => unknown;

/** A compiled template's functions (root and blocks), made to run against `jinjaRuntime`. */
export function withJinjaRuntime(props: Record<string, unknown>): Record<string, unknown> {
  const scoped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    const render = value as RenderFunction;
    scoped[name] =
      typeof value === 'function'
        ? (env: unknown, context: unknown, frame: unknown, _runtime: unknown, cb: unknown) =>
            render(env, context, frame, jinjaRuntime, cb)
        : value;
  }
  return scoped;
}
