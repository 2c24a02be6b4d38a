/**
 * The nunjucks environment YAML values are rendered with (project file, profiles.yml,
 * schema YAML): Jinja's language as models have it (Python methods, tests, filters, the
 * undefined guard) plus dbt's `as_*` filters, but none of the project's globals or
 * macros: each render gets the few names dbt gives that file (see yaml-jinja-scope.ts).
 * Created on the first value that holds Jinja; most projects never need it.
 */
import nunjucks from 'nunjucks';
import { StrataError } from '../../errors/strata-error.js';
import { compileTemplate } from '../../templating/compile-template.js';
import { registerJinjaLanguage, rememberingErrors, type JinjaEnvironment } from '../../templating/jinja-language.js';
import { parseJinja } from '../../templating/jinja-parser.js';
import { isDict } from '../../templating/python-methods.js';
import { toTemplateError } from '../../templating/template-error.js';
import { CALLABLE_GUARD_FILTER, UNDEFINED_GUARD_FILTER } from '../../templating/undefined-guard.js';
import { calleeGuard, emittedValueGuard } from '../../templating/undefined-value-error.js';
import { NATIVE_FILTERS, nativeValue } from './native-value.js';

/** The name templates are compiled under; errors are relocated to the YAML value's line. */
const VALUE_FILE = '<yaml value>';
/** The filter a one-expression value is captured through; not a name a template can mean. */
const CAPTURE_FILTER = '__strata_capture';
// exactly one `{{ ... }}` (whitespace control allowed), its expression in group 1
const ONE_EXPRESSION = /^\{\{-?([\s\S]*?)-?\}\}$/;

// expressions a filter can follow without parentheses
const CHAINS = new Set(['Symbol', 'LookupVal', 'FunCall', 'Filter', 'Literal']);

type Callable = (...args: unknown[]) => unknown;

interface CompiledValue {
  template: nunjucks.Template;
  /** whether the value is one expression, whose value is kept as it is */
  native: boolean;
}

let environment: YamlJinjaEnvironment | undefined;

/** The shared environment, created on first use. */
export function yamlJinjaEnvironment(): YamlJinjaEnvironment {
  return (environment ??= new YamlJinjaEnvironment());
}

/** Renders YAML values; compiled values are cached by their text. */
export class YamlJinjaEnvironment {
  private readonly env: JinjaEnvironment;
  private readonly compiled = new Map<string, CompiledValue>();
  private captured: unknown;
  private names: string[] = [];
  private raised: StrataError | undefined;

  constructor() {
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false }) as JinjaEnvironment;
    const env = this.env;
    registerJinjaLanguage(env, (fn) => this.recording(fn));
    for (const [name, filter] of Object.entries(NATIVE_FILTERS)) env.addFilter(name, this.recording(filter));
    const guardContext = { knownNames: () => this.names, assigns: () => false, renderingFile: () => VALUE_FILE };
    env.addFilter(UNDEFINED_GUARD_FILTER, this.recording(emittedValueGuard(guardContext) as Callable));
    env.addFilter(CALLABLE_GUARD_FILTER, this.recording(calleeGuard(guardContext) as Callable));
    env.addFilter(CAPTURE_FILTER, (value: unknown) => {
      this.captured = value;
      return '';
    });
  }

  /**
   * Render one value with `names` visible. A value that is one expression keeps the
   * expression's type (see native-value.ts); anything else renders to text. Errors are
   * StrataErrors without a location: the caller knows the value's file and line.
   */
  render(source: string, names: Record<string, unknown>): unknown {
    const compiled = this.compile(source);
    const wrap = (value: unknown) => (typeof value === 'function' ? this.recording(value as Callable) : value);
    const context: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(names)) {
      // one level down too: `builtins.var(...)`
      context[name] = isDict(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v)]))
        : wrap(value);
    }
    this.names = Object.keys(context);
    this.raised = undefined;
    this.captured = undefined;
    let text: string;
    try {
      text = compiled.template.render(context);
    } catch (error) {
      throw withoutLocation(toTemplateError(error, VALUE_FILE, 'render', { raised: this.raised }));
    }
    return compiled.native ? nativeValue(this.captured) : text;
  }

  private compile(source: string): CompiledValue {
    const cached = this.compiled.get(source);
    if (cached) return cached;
    const expression = ONE_EXPRESSION.exec(source)?.[1];
    const kind = expression === undefined ? undefined : this.oneExpressionKind(source);
    const native = kind !== undefined;
    // a filter binds tighter than any operator: group the expression unless it is a chain of lookups,
    // calls and filters (a group would show in the undefined guard's message)
    const operand = kind !== undefined && CHAINS.has(kind) ? expression : `(${expression})`;
    const text = native ? `{{ ${operand} | ${CAPTURE_FILTER} }}` : source;
    let compiledValue: CompiledValue;
    try {
      compiledValue = { template: compileTemplate(this.env, text, VALUE_FILE).template, native };
    } catch (error) {
      throw withoutLocation(toTemplateError(error, VALUE_FILE, 'parse', { source }));
    }
    this.compiled.set(source, compiledValue);
    return compiledValue;
  }

  /** The node type of the expression when the template is one `{{ }}` and nothing else. */
  private oneExpressionKind(source: string): string | undefined {
    const options = this.env as unknown as { extensionsList: unknown[]; opts: object };
    try {
      const root = parseJinja(source, options.extensionsList, options.opts) as unknown as NodeWithChildren;
      const output = root.children.length === 1 ? root.children[0] : undefined;
      const expression = output?.typename === 'Output' && output.children.length === 1 ? output.children[0] : undefined;
      return expression?.typename === 'TemplateData' ? undefined : expression?.typename;
    } catch {
      return undefined; // compiling the value as written reports the syntax error
    }
  }

  /** `fn`, remembering a StrataError it throws: nunjucks rewraps errors and loses the hint. */
  private recording(fn: Callable): Callable {
    return rememberingErrors(fn, (error) => (this.raised = error));
  }
}

interface NodeWithChildren {
  typename: string;
  children: NodeWithChildren[];
}

/** The error's message and hint; the YAML renderer places it at the value's line. */
function withoutLocation(error: StrataError): StrataError {
  return new StrataError(error.message, { hint: error.hint });
}
