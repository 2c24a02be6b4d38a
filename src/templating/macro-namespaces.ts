/**
 * dbt's macro namespaces. Every macro belongs to a package: the root project, an installed
 * package, or `dbt` (Strata's built-in macros). Each namespace is a global named after its
 * package mapping macro names to callables (`dbt.date_trunc`, `dbt_utils.star`), and an
 * unqualified name resolves as dbt resolves it: inside a package, that package's macros
 * first; then the root project's; then `dbt`'s. The root project's macros and dbt's are
 * globals (the root's replace dbt's of the same name); a package's templates see their
 * package's own macros first through a view bound to them (`bind`).
 */
import type nunjucks from 'nunjucks';
import type { SourceLocation } from '../errors/strata-error.js';
import {
  dispatchCandidates,
  dispatchFailure,
  dottedDispatchName,
  unknownSearchPackage,
  type DispatchSearch,
} from './macro-dispatch.js';

/** A function nunjucks can call: a JS function or a compiled `{% macro %}`. */
export type TemplateCallable = (...args: unknown[]) => unknown;

/** A namespace: macro name -> callable. No prototype, so only macros are found in it. */
export type Namespace = Record<string, TemplateCallable>;

/** The package of Strata's built-in macros, named as dbt names its own. */
export const BUILTIN_PACKAGE = 'dbt';

/** `dispatch:` of dbt_project.yml: where `adapter.dispatch(name, macro_namespace)` looks, in order. */
export interface DispatchOrder {
  macroNamespace: string;
  searchOrder: string[];
  /** where the entry is written, for errors */
  location?: SourceLocation;
}

/** What the namespaces need from the template environment. */
export interface NamespaceHost {
  addGlobal(name: string, value: unknown): void;
  /** whether a global of that name exists (a package named `config` must not hide `config()`) */
  hasGlobal(name: string): boolean;
  /** the active adapter's name (`duckdb`, `redshift`...), read at dispatch time */
  adapterName(): string;
  /** Strata's implementation of a built-in macro, tried last by dispatch, if it has one */
  builtin(name: string): TemplateCallable | undefined;
  /** the `adapter` a package's code sees: the global one, its `dispatch` searching from that package */
  adapterFor(packageName: string): unknown;
}

// an empty root name: a root project not named yet (a template environment used on its own)
const UNNAMED_ROOT = '';

/** Every package's macros and the rules for finding one. */
export class MacroNamespaces {
  private readonly namespaces = new Map<string, Namespace>();
  private readonly views = new Map<string, object>();
  private readonly searchOrders = new Map<string, DispatchOrder>();
  private root = UNNAMED_ROOT;
  private registered = 0;

  constructor(private readonly host: NamespaceHost) {
    this.declare(UNNAMED_ROOT);
    this.declare(BUILTIN_PACKAGE);
  }

  /** Name the root project: its namespace becomes the global `<name>`. */
  setRootProject(name: string): void {
    const namespace = this.namespaces.get(this.root)!;
    this.namespaces.delete(this.root);
    this.root = name;
    this.namespaces.set(name, namespace);
    this.addNamespaceGlobal(name, namespace);
  }

  /** Declare an installed package: its (empty) namespace becomes the global `<name>`. */
  addPackage(name: string): void {
    this.declare(name);
  }

  /** The packages, root first, then the installed ones, then `dbt`. */
  packageNames(): string[] {
    const installed = [...this.namespaces.keys()].filter((name) => name !== this.root && name !== BUILTIN_PACKAGE);
    return [this.root, ...installed, BUILTIN_PACKAGE];
  }

  /** The project's `dispatch:` search orders, by macro namespace. */
  setDispatchOrders(orders: readonly DispatchOrder[]): void {
    this.searchOrders.clear();
    for (const order of orders) this.searchOrders.set(order.macroNamespace, order);
  }

  /**
   * Add a macro to `packageName`'s namespace (the root project's when undefined). The root
   * project's and dbt's macros are also globals; a root macro replaces a dbt one of its name.
   */
  register(name: string, macro: TemplateCallable, packageName: string = this.root): void {
    const namespace = this.namespaces.get(packageName);
    if (!namespace) throw new Error(`no macro namespace ${packageName}`);
    namespace[name] = macro;
    this.registered++;
    const isRoot = packageName === this.root;
    if (isRoot || (packageName === BUILTIN_PACKAGE && !(name in this.namespaces.get(this.root)!))) {
      this.host.addGlobal(name, macro);
    }
  }

  /** How many macros have been registered so far: a cache of what they define is current while it is unchanged. */
  get revision(): number {
    return this.registered;
  }

  /** The macro `name` of the package `packageName` (`dbt_utils.test_accepted_range`), if it defines one. */
  macroOf(packageName: string, name: string): TemplateCallable | undefined {
    return this.namespaces.get(packageName)?.[name];
  }

  /** What an unqualified `name` is in the root project's templates: its macro, else dbt's. */
  resolve(name: string): TemplateCallable | undefined {
    return this.namespaces.get(this.root)![name] ?? this.namespaces.get(BUILTIN_PACKAGE)![name];
  }

  /** The names a user defined (root project and packages), for deciding whether built-ins are overridden. */
  userMacroNames(): Set<string> {
    const names = new Set<string>();
    for (const [packageName, namespace] of this.namespaces) {
      if (packageName !== BUILTIN_PACKAGE) for (const name of Object.keys(namespace)) names.add(name);
    }
    return names;
  }

  /**
   * Make a compiled template of `packageName` (a macro file or a SQL file of an installed
   * package) look up unqualified names in its package first. nunjucks looks a name up in
   * the render's context before the globals; each render's context gets the package's view
   * as its prototype. The root project needs none: its macros are globals.
   */
  bind(template: nunjucks.Template, packageName: string | undefined): void {
    if (packageName === undefined || packageName === this.root) return;
    const view = this.viewOf(packageName);
    const compiled = template as unknown as { rootRenderFunc: RootRender };
    const render = compiled.rootRenderFunc;
    compiled.rootRenderFunc = (env, context, ...rest) => {
      Object.setPrototypeOf(context.ctx, view);
      return render(env, context, ...rest);
    };
  }

  /**
   * `adapter.dispatch(name, macro_namespace)` called from `caller`'s code: for each package of
   * the search order, `<adapter>__name`, the adapter's parents', then `default__name`; the
   * built-in last. Throws a StrataError naming every candidate tried.
   */
  dispatch(name: string, macroNamespace: string | undefined, caller: string = this.root): TemplateCallable {
    if (name.includes('.')) throw dottedDispatchName(name);
    const search = this.searchFor(macroNamespace, caller);
    const tried: string[] = [];
    for (const candidate of dispatchCandidates(name, this.host.adapterName(), search)) {
      tried.push(candidate.label);
      const macro = candidate.packages.map((pkg) => this.namespaces.get(pkg)?.[candidate.macro]).find(Boolean);
      if (macro) return macro;
    }
    const builtin = search.includesBuiltins ? this.host.builtin(name) : undefined;
    if (builtin) return builtin;
    throw dispatchFailure(name, macroNamespace, tried, this.dispatchableNames());
  }

  /** The packages `dispatch` searches, in order; a package-less entry is the caller's flattened view. */
  private searchFor(macroNamespace: string | undefined, caller: string): DispatchSearch {
    const flattened = [...new Set([caller, this.root, BUILTIN_PACKAGE])];
    const configured = macroNamespace === undefined ? undefined : this.searchOrders.get(macroNamespace);
    if (configured) {
      const unknown = configured.searchOrder.find((pkg) => !this.namespaces.has(pkg));
      if (unknown !== undefined) throw unknownSearchPackage(configured, unknown, this.packageNames());
      const { searchOrder } = configured;
      return { steps: searchOrder.map((pkg) => [pkg]), includesBuiltins: searchOrder.includes(BUILTIN_PACKAGE) };
    }
    if (macroNamespace !== undefined && macroNamespace !== BUILTIN_PACKAGE && this.namespaces.has(macroNamespace)) {
      const steps = macroNamespace === this.root ? [[this.root]] : [[this.root], [macroNamespace]];
      return { steps, includesBuiltins: false };
    }
    return { steps: [flattened], includesBuiltins: true };
  }

  /** `x` of every `<prefix>__x` macro, and the built-ins, for "did you mean". */
  private dispatchableNames(): string[] {
    const names = new Set<string>();
    for (const namespace of this.namespaces.values()) {
      for (const name of Object.keys(namespace)) {
        const at = name.indexOf('__');
        names.add(at > 0 ? name.slice(at + 2) : name);
      }
    }
    return [...names];
  }

  private declare(name: string): void {
    if (this.namespaces.has(name)) return;
    const namespace = Object.create(null) as Namespace;
    this.namespaces.set(name, namespace);
    if (name !== UNNAMED_ROOT) this.addNamespaceGlobal(name, namespace);
  }

  /** `<package>.<macro>` for templates, unless the name is taken by a function they call (`config`, `ref`...). */
  private addNamespaceGlobal(name: string, namespace: Namespace): void {
    if (!this.host.hasGlobal(name)) this.host.addGlobal(name, namespace);
  }

  /** A package's own macros in front of the globals, with `adapter.dispatch` searching from it. */
  private viewOf(packageName: string): object {
    let view = this.views.get(packageName);
    if (!view) {
      const namespace = this.namespaces.get(packageName);
      if (!namespace) throw new Error(`no macro namespace ${packageName}`);
      view = Object.create(namespace) as object;
      let adapter: unknown;
      Object.defineProperty(view, 'adapter', { get: () => (adapter ??= this.host.adapterFor(packageName)) });
      this.views.set(packageName, view);
    }
    return view;
  }
}

type RootRender = (env: unknown, context: { ctx: object }, ...rest: unknown[]) => unknown;
