/**
 * Strata's compiler (jinja-compiler.ts), with each `{% macro %}` (and `{% call %}` body) told its place: the
 * compiled macro is created with a `MacroSite` (macro-trail.ts) holding its name, its
 * file, and a function reading the line the compiled template is at. nunjucks keeps that
 * line in a variable of the template's code that only code compiled into it can read.
 */
import { JinjaCompiler } from './jinja-compiler.js';
import type { TemplateNode } from './nunjucks-internals.js';

interface CompilerInternals {
  compile(ast: TemplateNode): void;
  getCode(): string;
  _compileMacro(node: TemplateNode, frame: unknown): unknown;
  _emitLines(...lines: string[]): void;
}

// the first line nunjucks emits for a macro: `var t_3 = runtime.makeMacro(`
const MAKE_MACRO = /^var \w+ = runtime\.makeMacro\($/;

/** A nunjucks compiler for `file` whose macros are created with their site. */
export function macroSiteCompiler(file: string): { compile(ast: TemplateNode): void; getCode(): string } {
  const compiler = new JinjaCompiler(file, false) as unknown as CompilerInternals;
  const compileMacro = compiler._compileMacro.bind(compiler);
  const emitLines = compiler._emitLines.bind(compiler);
  const names: string[] = [];
  compiler._compileMacro = (node, frame) => {
    const name = (node.name as TemplateNode | undefined)?.value;
    names.push(typeof name === 'string' ? name : 'caller');
    try {
      return compileMacro(node, frame);
    } finally {
      names.pop();
    }
  };
  compiler._emitLines = (...lines) => {
    const [first, ...rest] = lines;
    if (first !== undefined && MAKE_MACRO.test(first)) {
      const site =
        `{ macro: ${JSON.stringify(names[names.length - 1] ?? 'macro')}, file: ${JSON.stringify(file)}, ` +
        'line: function () { return lineno + 1; } }, ';
      return emitLines(first + site, ...rest);
    }
    return emitLines(...lines);
  };
  return compiler;
}
