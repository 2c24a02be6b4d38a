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

/** A compiled template and the names it declares (for "did you mean" on undefined names). */
export interface CompiledTemplate {
  template: nunjucks.Template;
  declaredNames: string[];
  /** the names among them `{% set %}` assigns */
  assignedNames: string[];
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
  const { transformer, lib } = nunjucksInternals;
  const options = env as unknown as CompilerOptions;
  let code: string;
  let names: string[];
  let assigned: string[];
  try {
    const ast = transformer.transform(
      rewriteJinjaStatements(parseJinja(source, options.extensionsList, options.opts)),
      options.asyncFilters,
      file,
    );
    names = declaredNames(ast);
    assigned = assignedNames(ast);
    const generator = macroSiteCompiler(file);
    generator.compile(guardUndefinedValues(ast, file));
    code = generator.getCode();
  } catch (error) {
    throw lib._prettifyError(file, false, error);
  }
  // The generated code is nunjucks' own output for this template, as in its precompiled templates.
  const props = withJinjaRuntime(new Function(code)() as Record<string, unknown>);
  const template = new nunjucks.Template({ type: 'code', obj: props } as unknown as string, env, file, true);
  return { template, declaredNames: names, assignedNames: assigned };
}
