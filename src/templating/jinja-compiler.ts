/**
 * nunjucks' compiler with one repair: for error messages it writes the callee of each call
 * into the generated code as a string, with only its double quotes escaped, so a call on
 * a multi-line or backslashed string literal (`'...\n...'.format(x)`, common in dbt
 * packages' warnings) produced code that did not parse. This compiler writes a safe name.
 */
import { nunjucksInternals, type TemplateNode } from './nunjucks-internals.js';

/** The compiler compile-template.ts generates code with. */
export class JinjaCompiler extends nunjucksInternals.compiler.Compiler {
  override _getNodeName(node: TemplateNode): string {
    return super._getNodeName(node).replace(/[\\\n\r\u2028\u2029]/g, ' ');
  }
}
