import nunjucks from 'nunjucks';
import { rewriteJinjaStatements } from './jinja-syntax.js';
import { parseJinja } from './jinja-parser.js';
import { withJinjaRuntime } from './jinja-runtime.js';
import { macroSiteCompiler } from './macro-site-compiler.js';
import { nunjucksInternals } from './nunjucks-internals.js';
import { assignedNames, declaredNames, guardUndefinedValues } from './undefined-guard.js';

/** The parts of a nunjucks environment its compiler reads; its typings leave them out. */
interface CompilerOptions {
  opts: object;
  asyncFilters: string[];
  extensionsList: unknown[];
}

/** The names a template declares (for "did you mean" on undefined names) and the ones `{% set %}` assigns. */
export interface TemplateNames {
  declaredNames: string[];
  /** the names among them `{% set %}` assigns */
  assignedNames: string[];
}

/** A compiled template and the names it declares. */
export interface CompiledTemplate extends TemplateNames {
  template: nunjucks.Template;
}

/** What compiling a template's source produces before it is loaded: the JavaScript nunjucks generates. */
export interface TemplateCode extends TemplateNames {
  code: string;
}

/**
 * Compile a template the way nunjucks does (parse, transform, generate code), with
 * steps added: the Jinja statements nunjucks cannot compile are rewritten (jinja-syntax.ts),
 * the template runs against Jinja's runtime (jinja-runtime.ts), and every value a
 * template emits passes the undefined guard, so a name that is not defined fails the
 * render with its file and line instead of rendering nothing.
 * Syntax errors are thrown as nunjucks throws them, prefixed with the file and line.
 */
export function compileTemplate(env: nunjucks.Environment, source: string, file: string): CompiledTemplate {
  const code = generateTemplateCode(env, source, file);
  // The generated code is nunjucks' own output for this template, as in its precompiled templates.
  return { ...code, template: templateOf(env, new Function(code.code)() as object, file) };
}

/** The code `compileTemplate` generates for `source`; depends on nothing but `source`, `file` and Strata's code. */
export function generateTemplateCode(env: nunjucks.Environment, source: string, file: string): TemplateCode {
  const { transformer, lib } = nunjucksInternals;
  const options = env as unknown as CompilerOptions;
  try {
    const ast = transformer.transform(
      rewriteJinjaStatements(parseJinja(source, options.extensionsList, options.opts)),
      options.asyncFilters,
      file,
    );
    const generator = macroSiteCompiler(file);
    const declared = declaredNames(ast);
    const assigned = assignedNames(ast);
    generator.compile(guardUndefinedValues(ast, file));
    return { code: generator.getCode(), declaredNames: declared, assignedNames: assigned };
  } catch (error) {
    throw lib._prettifyError(file, false, error);
  }
}

/** The template whose render functions (what generated code returns) run against Jinja's runtime. */
export function templateOf(env: nunjucks.Environment, functions: object, file: string): nunjucks.Template {
  const props = withJinjaRuntime(functions as Record<string, unknown>);
  return new nunjucks.Template({ type: 'code', obj: props } as unknown as string, env, file, true);
}
