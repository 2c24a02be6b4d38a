import nunjucks from 'nunjucks';
import { StrataError } from '../errors/strata-error.js';
import { BUILTIN_MACROS, callBuiltinMacro } from './builtin-macros.js';
import { compileTemplate, generateTemplateCode, templateOf } from './compile-template.js';
import { registerJinjaLanguage, rememberingErrors, type JinjaEnvironment } from './jinja-language.js';
import { TEST_BLOCK_EXTENSION, TestBlocks } from './test-block.js';
import { TEST_CONTEXT_GLOBALS } from './test-context.js';
import { macroReturn, nameMacro } from './macro-call.js';
import { BUILTIN_PACKAGE, MacroNamespaces } from './macro-namespaces.js';
import { namingMacros } from './naming-macros.js';
import { activeScope, currentScope } from './render-scope.js';
import { splitArguments, stringArgument } from './template-args.js';
import { CALLABLE_GUARD_FILTER, UNDEFINED_GUARD_FILTER } from './undefined-guard.js';
import { calleeGuard, emittedValueGuard } from './undefined-value-error.js';
import { registerDbtContext } from './dbt-context/register.js';
import type { TemplateCodeCache } from './template-code-cache.js';

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
  /** Names each compiled file assigns with `{% set %}`, by file. */
  private readonly assignedNames = new Map<string, string[]>();
  /** every package's macros: the root project's, installed packages', dbt's (see macro-namespaces.ts) */
  readonly macros: MacroNamespaces;
  /** where compiled templates' code is kept between commands (target/), when the command has one */
  codeCache: TemplateCodeCache | undefined;

  constructor() {
    // autoescape off: we render SQL, not HTML. Emitting an undefined value is an error
    // (the undefined guard); testing one is not.
    this.nunjucks = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    this.macros = new MacroNamespaces({
      addGlobal: (name, value) => this.nunjucks.addGlobal(name, value),
      hasGlobal: (name) => name in this.globals(),
      adapterName: () => activeScope().dialect.name,
      builtin: (name) =>
        BUILTIN_MACROS[name] ? this.guard((...args) => callBuiltinMacro(name, activeScope().dialect, args)) : undefined,
      adapterFor: (packageName) => this.adapterObject(packageName),
    });
    this.registerGlobals();
    this.registerJinja();
    registerDbtContext(this.nunjucks, (fn) => this.guard(fn));
    const guardContext = {
      assigns: (file: string, name: string) => this.assignedNames.get(file)?.includes(name) ?? false,
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

  /**
   * Compile a template once; render it many times. Throws nunjucks errors as is. A file of an
   * installed package (`packageName`) finds its package's macros first.
   */
  compile(source: string, file: string, packageName?: string): nunjucks.Template {
    const cached = this.codeCache?.evaluate(file, source, () => generateTemplateCode(this.nunjucks, source, file));
    const { template, declaredNames, assignedNames } = cached
      ? { ...cached, template: templateOf(this.nunjucks, cached.functions, file) }
      : compileTemplate(this.nunjucks, source, file);
    this.declaredNames.set(file, declaredNames);
    this.assignedNames.set(file, assignedNames);
    this.macros.bind(template, packageName);
    return template;
  }

  /** Register every `{% macro %}` of a compiled macro file in its package's namespace (the root's by default). */
  registerMacros(template: nunjucks.Template, packageName?: string): string[] {
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
      this.macros.register(name, this.guard(exported[name] as TemplateCallable), packageName);
    }
    return names;
  }

  /** The implementation `adapter.dispatch(name, macroNamespace)` picks for the active adapter. */
  dispatch(name: string, macroNamespace?: string, caller?: string): TemplateCallable {
    return this.macros.dispatch(name, macroNamespace, caller);
  }

  /** The `adapter` object of `packageName`'s code: `dispatch` searches from that package. */
  private adapterObject(packageName?: string): object {
    const dispatch = this.guard((...args: unknown[]) => {
      const call = splitArguments(args);
      const namespace = call.positional[1] ?? call.keywords.macro_namespace;
      const name = stringArgument(call, 0, 'macro_name') ?? '';
      return this.dispatch(
        name,
        namespace === undefined || namespace === null ? undefined : String(namespace),
        packageName,
      );
    });
    const base = this.globals().adapter;
    return base === undefined ? { dispatch } : Object.assign(Object.create(base as object) as object, { dispatch });
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
    return rememberingErrors(fn, (error) => (this.raised = error));
  }

  /** Jinja's statements, tests, filters and functions that nunjucks lacks (see CONTEXT.md). */
  private registerJinja(): void {
    const env = this.nunjucks as JinjaEnvironment;
    registerJinjaLanguage(env, (fn) => this.guard(fn));
    env.addExtension(TEST_BLOCK_EXTENSION, new TestBlocks());
    // `return` ends a macro: its signal passes the error guard untouched (it is no StrataError)
    env.addGlobal('return', this.guard(macroReturn));
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
    // feed_rows('model', partition='partition', offset='offset'): see CompileScope.feedRows
    env.addGlobal('feed_rows', (...args: unknown[]) => {
      const call = splitArguments(args);
      const name = stringArgument(call, 0, 'model') ?? '';
      const columns = {
        partition: stringArgument(call, 1, 'partition') ?? 'partition',
        offset: stringArgument(call, 2, 'offset') ?? 'offset',
      };
      const scope = activeScope();
      return scope.feedRows ? scope.feedRows(name, columns) : scope.ref(name);
    });
    for (const [name, fn] of Object.entries(TEST_CONTEXT_GLOBALS)) env.addGlobal(name, fn);
    this.nunjucks.addGlobal('adapter', this.adapterObject());
    for (const name of Object.keys(BUILTIN_MACROS)) {
      this.macros.register(
        name,
        this.guard((...args) => this.dispatch(name, BUILTIN_PACKAGE)(...args)),
        BUILTIN_PACKAGE,
      );
    }
    const naming = namingMacros((name) => this.dispatch(name, BUILTIN_PACKAGE));
    for (const [name, macro] of Object.entries(naming)) this.macros.register(name, this.guard(macro), BUILTIN_PACKAGE);
    // `this` and `target` change per render: getters on the globals object.
    const globals = this.globals();
    Object.defineProperty(globals, 'this', { get: () => activeScope().self, enumerable: true });
    Object.defineProperty(globals, 'target', { get: () => activeScope().target, enumerable: true });
  }
}
