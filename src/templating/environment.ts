import nunjucks from 'nunjucks';
import { StrataError } from '../errors/strata-error.js';
import { closestMatch } from '../config/closest-match.js';
import { BUILTIN_MACROS, callBuiltinMacro } from './builtin-macros.js';
import { compileTemplate } from './compile-template.js';
import { fromJson, jinjaFilters, toJson } from './jinja-filters.js';
import { pythonSlice, SLICE_FUNCTION } from './jinja-parser.js';
import { JinjaStatements, MODULO_FUNCTION, STATEMENTS_EXTENSION } from './jinja-syntax.js';
import { JINJA_TESTS } from './jinja-tests.js';
import { TEST_BLOCK_EXTENSION, TestBlocks } from './test-block.js';
import { TEST_CONTEXT_GLOBALS } from './test-context.js';
import { macroReturn, nameMacro } from './macro-call.js';
import { Namespace } from './namespace.js';
import { pythonModulo } from './python-modulo.js';
import { activeScope, currentScope } from './render-scope.js';
import { splitArguments, stringArgument } from './template-args.js';
import { CALLABLE_GUARD_FILTER, UNDEFINED_GUARD_FILTER } from './undefined-guard.js';
import { calleeGuard, emittedValueGuard } from './undefined-value-error.js';

/** A function nunjucks can call: a JS global or a compiled `{% macro %}`. */
type TemplateCallable = (...args: unknown[]) => unknown;

/**
 * The nunjucks environment of one project: the dbt-like globals (`ref`, `source`,
 * `config`, `var`, `env_var`, `this`, `target`, `is_incremental`, `adapter.dispatch`),
 * the built-in cross-database macros and the project's own macros.
 */
export class TemplateEnvironment {
  readonly nunjucks: nunjucks.Environment;
  /** Names each compiled file declares (macro arguments, set and loop variables), by file. */
  private readonly declaredNames = new Map<string, string[]>();

  constructor() {
    // autoescape off: we render SQL, not HTML. Emitting an undefined value is an error
    // (the undefined guard); testing one is not.
    this.nunjucks = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    this.registerGlobals();
    this.registerJinja();
    const guardContext = {
      knownNames: (file: string) => [
        ...this.callableNames(),
        'this',
        'target',
        ...(this.declaredNames.get(file) ?? []),
      ],
      renderingFile: () => currentScope()?.file,
    };
    this.nunjucks.addFilter(UNDEFINED_GUARD_FILTER, this.guard(emittedValueGuard(guardContext) as TemplateCallable));
    this.nunjucks.addFilter(CALLABLE_GUARD_FILTER, this.guard(calleeGuard(guardContext) as TemplateCallable));
  }

  /** Compile a template once; render it many times. Throws nunjucks errors as is. */
  compile(source: string, file: string): nunjucks.Template {
    const { template, declaredNames } = compileTemplate(this.nunjucks, source, file);
    this.declaredNames.set(file, declaredNames);
    return template;
  }

  /** Register every `{% macro %}` of a compiled macro file as a global. */
  registerMacros(template: nunjucks.Template): string[] {
    let exported: Record<string, unknown> = {};
    // getExported is synchronous when nothing async is involved (always, for us).
    (
      template as unknown as {
        getExported(ctx: object, frame: null, cb: (err: unknown, value: Record<string, unknown>) => void): void;
      }
    ).getExported({}, null, (error, value) => {
      if (error) throw error;
      exported = value;
    });
    const names = Object.keys(exported).filter((name) => typeof exported[name] === 'function');
    for (const name of names) {
      nameMacro(exported[name], name);
      // through the guard, so an argument error keeps its hint (nunjucks rewraps errors)
      this.nunjucks.addGlobal(name, this.guard(exported[name] as TemplateCallable));
    }
    return names;
  }

  /** The implementation `adapter.dispatch(name)` picks for the active adapter. */
  dispatch(name: string): TemplateCallable {
    const scope = activeScope();
    const globals = this.globals();
    for (const candidate of [`${scope.dialect.name}__${name}`, `default__${name}`]) {
      const macro = globals[candidate];
      if (typeof macro === 'function') return macro as TemplateCallable;
    }
    if (BUILTIN_MACROS[name]) return (...args) => callBuiltinMacro(name, activeScope().dialect, args);
    const known = Object.keys(globals)
      .filter((key) => key.startsWith('default__'))
      .map((key) => key.slice('default__'.length));
    const suggestion = closestMatch(name, [...known, ...Object.keys(BUILTIN_MACROS)]);
    throw new StrataError(`adapter.dispatch('${name}'): no macro ${scope.dialect.name}__${name} or default__${name}`, {
      hint: suggestion
        ? `Did you mean '${suggestion}'?`
        : `Define {% macro default__${name}(...) %} in your macro paths.`,
    });
  }

  /** Every name a template can call: the dbt-like globals, built-in and project macros. */
  callableNames(): string[] {
    const globals = this.globals();
    // read descriptors, not values: the `this` and `target` getters only work during a render
    return Object.keys(globals).filter(
      (name) =>
        typeof Object.getOwnPropertyDescriptor(globals, name)?.value === 'function' && !name.startsWith('__strata'),
    );
  }

  /** nunjucks keeps globals on a plain object its typings do not declare */
  private globals(): Record<string, unknown> {
    return (this.nunjucks as unknown as { globals: Record<string, unknown> }).globals;
  }

  /** The StrataError a global raised during the current render (nunjucks rewraps errors). */
  raised: StrataError | undefined;

  private guard(fn: TemplateCallable): TemplateCallable {
    return (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        if (error instanceof StrataError) this.raised = error;
        throw error;
      }
    };
  }

  /** Jinja's statements, tests, filters and functions that nunjucks lacks (see CONTEXT.md). */
  private registerJinja(): void {
    // nunjucks' typings leave out the tests API
    const env = this.nunjucks as nunjucks.Environment & {
      addTest(name: string, test: (value: unknown, ...args: unknown[]) => boolean): void;
      getTest(name: string): unknown;
    };
    env.addExtension(STATEMENTS_EXTENSION, new JinjaStatements());
    env.addExtension(TEST_BLOCK_EXTENSION, new TestBlocks());
    for (const [name, test] of Object.entries(JINJA_TESTS)) env.addTest(name, test);
    const lookups = {
      filter: (name: string) => env.getFilter(name) as (value: unknown, ...args: unknown[]) => unknown,
      test: (name: string) => env.getTest(name) as (value: unknown, ...args: unknown[]) => boolean,
    };
    for (const [name, filter] of Object.entries(jinjaFilters(lookups))) env.addFilter(name, filter);
    // `return` ends a macro: its signal passes the error guard untouched (it is no StrataError)
    this.nunjucks.addGlobal('return', this.guard(macroReturn));
    env.addGlobal('namespace', Namespace.create);
    env.addGlobal('tojson', this.guard(toJson));
    env.addGlobal('fromjson', this.guard(fromJson));
    env.addGlobal(MODULO_FUNCTION, this.guard(pythonModulo as TemplateCallable));
    env.addGlobal(SLICE_FUNCTION, pythonSlice);
  }

  private registerGlobals(): void {
    const env = {
      addGlobal: (name: string, fn: unknown) => {
        this.nunjucks.addGlobal(name, typeof fn === 'function' ? this.guard(fn as TemplateCallable) : fn);
      },
    };
    env.addGlobal('ref', (...args: unknown[]) => {
      const call = splitArguments(args);
      // ref('package', 'model') names a package first, like dbt.
      const [first, second] = call.positional.map(String);
      return second === undefined ? activeScope().ref(first ?? '') : activeScope().ref(second, first);
    });
    env.addGlobal('source', (sourceName: unknown, tableName: unknown) =>
      activeScope().source(String(sourceName), String(tableName)),
    );
    env.addGlobal('config', (...args: unknown[]) => {
      const call = splitArguments(args);
      // dbt also takes the settings as one dict: config({'materialized': 'table'})
      const [dict, ...rest] = call.positional;
      if (
        rest.length > 0 ||
        (dict !== undefined && (typeof dict !== 'object' || dict === null || Array.isArray(dict)))
      ) {
        throw new StrataError('config() takes keyword arguments or one dict', {
          hint: "Write config(materialized='table') or config({'materialized': 'table'}).",
        });
      }
      activeScope().config({ ...(dict as Record<string, unknown> | undefined), ...call.keywords });
      return '';
    });
    env.addGlobal('var', (...args: unknown[]) => {
      const call = splitArguments(args);
      // `var('x', none)` is a default of none, not a missing default
      const fallback = call.positional.length > 1 ? call.positional[1] : call.keywords.default;
      return activeScope().variable(stringArgument(call, 0, 'name') ?? '', fallback);
    });
    env.addGlobal('env_var', (...args: unknown[]) => {
      const call = splitArguments(args);
      return activeScope().envVar(stringArgument(call, 0, 'name') ?? '', stringArgument(call, 1, 'default'));
    });
    env.addGlobal('is_incremental', () => activeScope().isIncremental());
    for (const [name, fn] of Object.entries(TEST_CONTEXT_GLOBALS)) env.addGlobal(name, fn);
    env.addGlobal('adapter', { dispatch: this.guard((name: unknown) => this.dispatch(String(name))) });
    for (const name of Object.keys(BUILTIN_MACROS)) {
      env.addGlobal(name, (...args: unknown[]) => this.dispatch(name)(...args));
    }
    // `this` and `target` change per render: getters on the globals object.
    const globals = this.globals();
    Object.defineProperty(globals, 'this', { get: () => activeScope().self, enumerable: true });
    Object.defineProperty(globals, 'target', { get: () => activeScope().target, enumerable: true });
  }
}
