/**
 * Jinja's language on a nunjucks environment: the statements nunjucks lacks, Jinja's tests
 * and filters, and the functions the compile step rewrites operators, slices, dict literals
 * and unpacking into (see CONTEXT.md). Shared by the project's template environment and the
 * one YAML values are rendered with; each adds its own globals on top.
 */
import type nunjucks from 'nunjucks';
import { StrataError } from '../errors/strata-error.js';
import { SPREAD_FUNCTION, spreadItems } from './call-spread.js';
import { fromJson, jinjaFilters, toJson } from './jinja-filters.js';
import { pythonSlice, SLICE_FUNCTION } from './jinja-parser.js';
import { JinjaStatements, MODULO_FUNCTION, STATEMENTS_EXTENSION } from './jinja-syntax.js';
import { JINJA_TESTS } from './jinja-tests.js';
import { Namespace } from './namespace.js';
import { ARITHMETIC_FUNCTIONS, pythonAdd, pythonMultiply, pythonSubtract } from './python-arithmetic.js';
import { DICT_FUNCTION, pythonDict } from './python-dict.js';
import { pythonModulo } from './python-modulo.js';

type Callable = (...args: unknown[]) => unknown;
type Test = (value: unknown, ...args: unknown[]) => boolean;

/** nunjucks' typings leave out the tests API. */
export type JinjaEnvironment = nunjucks.Environment & {
  addTest(name: string, test: Test): void;
  getTest(name: string): unknown;
};

/** Register Jinja's language on `env`; `guard` wraps functions whose errors must keep their hint. */
export function registerJinjaLanguage(env: JinjaEnvironment, guard: (fn: Callable) => Callable): void {
  env.addExtension(STATEMENTS_EXTENSION, new JinjaStatements());
  for (const [name, test] of Object.entries(JINJA_TESTS)) env.addTest(name, test);
  const lookups = {
    filter: (name: string) => env.getFilter(name) as Callable,
    test: (name: string) => env.getTest(name) as Test,
  };
  for (const [name, filter] of Object.entries(jinjaFilters(lookups))) env.addFilter(name, filter);
  env.addGlobal('namespace', Namespace.create);
  env.addGlobal('tojson', guard(toJson));
  env.addGlobal('fromjson', guard(fromJson));
  env.addGlobal(MODULO_FUNCTION, guard(pythonModulo as Callable));
  env.addGlobal(ARITHMETIC_FUNCTIONS.Add!, guard(pythonAdd));
  env.addGlobal(ARITHMETIC_FUNCTIONS.Sub!, guard(pythonSubtract));
  env.addGlobal(ARITHMETIC_FUNCTIONS.Mul!, guard(pythonMultiply));
  env.addGlobal(SPREAD_FUNCTION, guard(spreadItems as Callable));
  env.addGlobal(DICT_FUNCTION, pythonDict);
  env.addGlobal(SLICE_FUNCTION, pythonSlice);
}

/**
 * `fn`, handing a StrataError it throws to `remember` first: nunjucks rewraps errors thrown
 * by globals and filters and loses their hint, so environments keep the original to report.
 */
export function rememberingErrors(fn: Callable, remember: (error: StrataError) => void): Callable {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof StrataError) remember(error);
      throw error;
    }
  };
}
