/**
 * nunjucks' compiler with two changes:
 *
 * - for error messages it writes the callee of each call into the generated code as a
 *   string, with only its double quotes escaped, so a call on a multi-line or backslashed
 *   string literal (`'...\n...'.format(x)`, common in dbt packages' warnings) produced code
 *   that did not parse; this compiler writes a safe name;
 * - it keeps a file's macros whose names start with `_` private; dbt collects every macro
 *   of a file (`dbt_utils._is_relation`), so this compiler exports those too;
 * - conditions take JavaScript's truth (every list is true); here `if`, inline `if`, `not`,
 *   `and` and `or` take Python's (python-truthy.ts), through the runtime's `truthy`, and
 *   `and`/`or` still evaluate their right side only when needed and return an operand;
 * - `==` and `!=` compare lists, dicts and sets by their items, through the runtime's `equals`;
 * - a template's render functions (`root`, blocks) are parenthesized function expressions, which
 *   V8 compiles with the template; a function declaration is pre-parsed then, and parsed
 *   again at its first call (each template's root is called once at parse).
 */
import { nunjucksInternals, type TemplateNode } from './nunjucks-internals.js';

type Frame = { parent: unknown };
type NodeClass = (new (lineno: number, colno: number, target: TemplateNode) => TemplateNode) & {
  extend(name: string): NodeClass;
};

/** A condition as Python reads it: `runtime.truthy(target)`; a kind of `Not` so nunjucks accepts it anywhere. */
const Truthy = (nunjucksInternals.nodes as unknown as { Not: NodeClass }).Not.extend('Truthy');

/** The runtime function conditions call (jinja-runtime.ts). */
export const TRUTHY_RUNTIME_FUNCTION = 'truthy';
/** The runtime function `==` and `!=` call (jinja-runtime.ts). */
export const EQUALS_RUNTIME_FUNCTION = 'equals';

/** The compiler compile-template.ts generates code with. */
export class JinjaCompiler extends nunjucksInternals.compiler.Compiler {
  compileTruthy(node: TemplateNode, frame: Frame): void {
    this._emit(`runtime.${TRUTHY_RUNTIME_FUNCTION}(`);
    this.compile(node.target as TemplateNode, frame);
    this._emit(')');
  }

  override compileIf(node: TemplateNode, frame: Frame, async?: boolean): void {
    super.compileIf(withTruthyCondition(node), frame, async);
  }

  override compileInlineIf(node: TemplateNode, frame: Frame): void {
    super.compileInlineIf(withTruthyCondition(node), frame);
  }

  /** `a == b` / `a != b` compare lists, dicts and sets by their items, as Python does (python-equals.ts). */
  override compileCompare(node: TemplateNode, frame: Frame): void {
    const ops = node.ops as TemplateNode[];
    const type = ops[0]?.type;
    if (ops.length !== 1 || (type !== '==' && type !== '!=')) return super.compileCompare(node, frame);
    this._emit(`${type === '!=' ? '!' : ''}runtime.${EQUALS_RUNTIME_FUNCTION}(`);
    this.compile(node.expr as TemplateNode, frame);
    this._emit(', ');
    this.compile(ops[0]!.expr as TemplateNode, frame);
    this._emit(')');
  }

  override compileNot(node: TemplateNode, frame: Frame): void {
    this._emit('!');
    this.compileTruthy(node, frame);
  }

  override compileAnd(node: TemplateNode, frame: Frame): void {
    this.compileShortCircuit(node, frame, 'and');
  }

  override compileOr(node: TemplateNode, frame: Frame): void {
    this.compileShortCircuit(node, frame, 'or');
  }

  /**
   * `left and right` / `left or right` as Python evaluates them: the left value is computed
   * once and handed to an arrow function, which returns it or computes the right side.
   */
  private compileShortCircuit(node: TemplateNode, frame: Frame, operator: 'and' | 'or'): void {
    const test = `runtime.${TRUTHY_RUNTIME_FUNCTION}(__strata_left)`;
    this._emit(
      operator === 'or' ? `((__strata_left) => ${test} ? __strata_left : (` : `((__strata_left) => ${test} ? (`,
    );
    this.compile(node.right as TemplateNode, frame);
    this._emit(operator === 'or' ? '))(' : ') : __strata_left)(');
    this.compile(node.left as TemplateNode, frame);
    this._emit(')');
  }

  override compileMacro(node: TemplateNode, frame: { parent: unknown }): void {
    super.compileMacro(node, frame);
    const name = String((node.name as TemplateNode).value);
    if (!frame.parent && name.startsWith('_')) this._emitLine(`context.addExport(${JSON.stringify(name)});`);
  }

  override _emitFuncBegin(node: TemplateNode, name: string): void {
    this._emit(`var ${name} = (`);
    super._emitFuncBegin(node, name);
  }

  override _emitFuncEnd(noReturn?: boolean): void {
    super._emitFuncEnd(noReturn);
    this._emitLine(');');
  }

  override _getNodeName(node: TemplateNode): string {
    return super._getNodeName(node).replace(/[\\\n\r\u2028\u2029]/g, ' ');
  }
}

/** A shallow copy of an `if` node whose condition reads as Python's truth. */
function withTruthyCondition(node: TemplateNode): TemplateNode {
  const cond = node.cond as TemplateNode;
  if (cond.typename === 'Truthy') return node;
  const copy = Object.create(node) as TemplateNode;
  copy.cond = new Truthy(cond.lineno, cond.colno, cond);
  return copy;
}
