/**
 * The Jinja statements nunjucks' parser does not know, added through nunjucks' own means:
 *
 * - `{% do expr %}` is a nunjucks extension (a tag that evaluates `expr` and emits nothing);
 * - `{% set a, b = pair %}` unpacks `pair` (nunjucks would give both names the whole pair);
 * - `{% set ns.attr = value %}` parses in nunjucks as a `set` whose target is an attribute
 *   lookup, which it cannot compile; the compile step rewrites it into a call of the same
 *   extension that assigns the attribute (Jinja allows this on a `namespace()` only);
 * - a macro whose body reads `varargs` or `kwargs` gets them as extra keyword parameters,
 *   which the macro call (macro-call.ts) fills with the extra arguments, as Jinja does;
 * - a tuple `(a, b)` is a list (nunjucks compiles it to JavaScript's comma operator: `b`);
 * - `x[a:b]` calls Python's slice (parsed by jinja-parser.ts);
 * - `x % y` calls Python's `%` (string formatting when `x` is a string; nunjucks gives NaN),
 *   and `+` / `-` / `*` call Python's (lists join, strings repeat, datetimes move: python-arithmetic.ts);
 * - `{% for x in items if cond %}` filters the items (loop-filter.ts);
 * - a dict literal whose keys are not all strings calls python-dict.ts (Jinja evaluates keys).
 */
import { StrataError } from '../errors/strata-error.js';
import { SLICE_FUNCTION } from './jinja-parser.js';
import { isFilteredLoop, rewriteFilteredLoop } from './loop-filter.js';
import { KWARGS, VARARGS } from './macro-call.js';
import { ARITHMETIC_FUNCTIONS } from './python-arithmetic.js';
import { DICT_FUNCTION } from './python-dict.js';
import { Namespace } from './namespace.js';
import {
  isNodeList,
  isTemplateNode,
  nunjucksInternals,
  type TemplateNode,
  type TemplateNodeList,
} from './nunjucks-internals.js';

/** The name the statements extension is registered under. */
export const STATEMENTS_EXTENSION = 'jinja_statements';
/** The global `x % y` is rewritten to call; not a name a template can mean. */
export const MODULO_FUNCTION = '__strata_modulo';

interface TemplateParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): TemplateNode;
  advanceAfterBlockEnd(name: string): void;
}

/** The nunjucks extension behind `{% do %}` and attribute assignment. */
export class JinjaStatements {
  readonly tags = ['do'];

  parse(parser: TemplateParser): TemplateNode {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);
    return callNode('evaluate', [expression], tag.lineno, tag.colno);
  }

  /** `{% do expr %}`: the value was computed to call the extension; nothing is emitted. */
  evaluate(): string {
    return '';
  }

  /** `{% set ns.attr = value %}` */
  assign(_context: unknown, target: unknown, attribute: unknown, value: unknown): string {
    if (!(target instanceof Namespace)) {
      throw new StrataError(`{% set ...${String(attribute)} = ... %}: only a namespace() takes attributes`, {
        hint: "Create it with {% set ns = namespace(total=0) %}, or use {% do d.update({'key': value}) %}.",
      });
    }
    (target as unknown as Record<string, unknown>)[String(attribute)] = value;
    return '';
  }
}

function callNode(method: string, args: TemplateNode[], lineno: number, colno: number): TemplateNode {
  const { nodes } = nunjucksInternals;
  const CallExtension = (nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>).CallExtension!;
  return new CallExtension(STATEMENTS_EXTENSION, method, new nodes.NodeList(lineno, colno, args), []);
}

/** Rewrite the Jinja forms nunjucks parses but cannot compile (see the file comment). */
export function rewriteJinjaStatements(ast: TemplateNode): TemplateNode {
  visit(ast, (node) => {
    replaceChildren(node, rewriteExpression);
    if (isNodeList(node) && node.children.some((child) => child.typename === 'Set')) {
      node.children = node.children.flatMap(rewriteSet);
    }
    if (isNodeList(node) && node.children.some(isFilteredLoop)) {
      const evaluate = (expression: TemplateNode) => callNode('evaluate', [expression], node.lineno, node.colno);
      node.children = node.children.flatMap((child) =>
        isFilteredLoop(child) ? rewriteFilteredLoop(child, evaluate) : [child],
      );
    }
    if (node.typename === 'Macro') declareVariadics(node);
  });
  return ast;
}

function rewriteExpression(node: TemplateNode): TemplateNode {
  const { nodes } = nunjucksInternals;
  const classes = nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>;
  const at = [node.lineno, node.colno] as const;
  if (node.typename === 'Group' && (node as TemplateNodeList).children.length > 1) {
    return new classes.Array!(...at, (node as TemplateNodeList).children);
  }
  const key = node.val as TemplateNode | undefined;
  if (node.typename === 'LookupVal' && key?.typename === 'FunCall' && isSliceCall(key)) {
    // `x[a:b]`, parsed by jinja-parser.ts as a lookup of slice bounds: slice(x, a, b, step)
    const bounds = (key.args as TemplateNodeList).children;
    return new classes.FunCall!(...at, key.name, new nodes.NodeList(...at, [node.target as TemplateNode, ...bounds]));
  }
  if (node.typename === 'Dict' && !(node as TemplateNodeList).children.every(hasNameOrStringKey)) {
    // `{key: v}` reads the variable `key` in Jinja: keys are expressions (python-dict.ts)
    const keysAndValues = (node as TemplateNodeList).children.flatMap((pair) => [
      pair.key as TemplateNode,
      pair.value as TemplateNode,
    ]);
    return new classes.FunCall!(
      ...at,
      new nodes.Symbol(...at, DICT_FUNCTION),
      new nodes.NodeList(...at, keysAndValues),
    );
  }
  // `%`, `+`, `-` and `*` have Python's meaning (python-modulo.ts, python-arithmetic.ts)
  const operator = node.typename === 'Mod' ? MODULO_FUNCTION : ARITHMETIC_FUNCTIONS[node.typename];
  if (operator) {
    const args = new nodes.NodeList(...at, [node.left as TemplateNode, node.right as TemplateNode]);
    return new classes.FunCall!(...at, new nodes.Symbol(...at, operator), args);
  }
  return node;
}

/** A dict item nunjucks compiles as Jinja means it: a string key (a bare name is an expression). */
function hasNameOrStringKey(pair: TemplateNode): boolean {
  const key = pair.key as TemplateNode;
  return key.typename === 'Literal' && typeof key.value === 'string';
}

function isSliceCall(node: TemplateNode): boolean {
  const callee = node.name as TemplateNode;
  return callee.typename === 'Symbol' && callee.value === SLICE_FUNCTION;
}

/** Replace each child node of `node` (in its fields or its list) by `replace(child)`. */
function replaceChildren(node: TemplateNode, replace: (child: TemplateNode) => TemplateNode): void {
  if (isNodeList(node)) {
    const { children } = node;
    for (let index = 0; index < children.length; index++) children[index] = replace(children[index]!);
    return;
  }
  for (const field of node.fields) {
    const child = node[field];
    if (isTemplateNode(child)) node[field] = replace(child);
  }
}

let unpacked = 0;

/** `{% set ns.attr = v %}` (see the file comment) and `{% set a, b = pair %}`, which Jinja unpacks. */
function rewriteSet(node: TemplateNode): TemplateNode[] {
  if (node.typename !== 'Set') return [node];
  const targets = node.targets as TemplateNode[];
  const [target] = targets;
  const at = [node.lineno, node.colno] as const;
  if (targets.length === 1 && target?.typename === 'LookupVal') {
    const assign = (value: TemplateNode) =>
      callNode('assign', [target.target as TemplateNode, target.val as TemplateNode, value], ...at);
    if (node.value) return [assign(node.value as TemplateNode)];
    // block form, `{% set ns.text %}...{% endset %}`: capture into a hidden name, then assign it
    const { nodes } = nunjucksInternals;
    const classes = nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>;
    const hidden = `__strata_captured_${unpacked++}`;
    const capture = new classes.Set!(...at, [new nodes.Symbol(...at, hidden)], null);
    capture.body = node.body;
    return [capture, assign(new nodes.Symbol(...at, hidden))];
  }
  if (targets.length < 2 || !node.value) return [node];
  // nunjucks would give every target the whole value: set a hidden name, then each target one item
  const { nodes } = nunjucksInternals;
  const classes = nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>;
  const hidden = `__strata_unpacked_${unpacked++}`;
  const item = (index: number) =>
    new classes.LookupVal!(...at, new nodes.Symbol(...at, hidden), new nodes.Literal(...at, index));
  return [
    new classes.Set!(...at, [new nodes.Symbol(...at, hidden)], node.value),
    ...targets.map((each, index) => new classes.Set!(...at, [each], item(index))),
  ];
}

function declareVariadics(macro: TemplateNode): void {
  const { nodes } = nunjucksInternals;
  const classes = nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>;
  const args = macro.args as TemplateNodeList;
  const used = symbolsIn(macro.body as TemplateNode);
  const declared = new Set<string>();
  let keywords = args.children[args.children.length - 1];
  if (keywords?.typename !== 'KeywordArgs') {
    keywords = new classes.KeywordArgs!(macro.lineno, macro.colno, []);
  }
  for (const child of args.children) if (child.typename === 'Symbol') declared.add(String(child.value));
  for (const pair of (keywords as TemplateNodeList).children) declared.add(String((pair.key as TemplateNode).value));
  const at = [macro.lineno, macro.colno] as const;
  const defaults: Record<string, () => TemplateNode> = {
    [VARARGS]: () => new classes.Array!(...at, []),
    [KWARGS]: () => new classes.Dict!(...at, []),
  };
  let added = false;
  for (const name of [VARARGS, KWARGS]) {
    if (!used.has(name) || declared.has(name)) continue;
    const key = new nodes.Symbol(...at, name);
    (keywords as TemplateNodeList).children.push(new classes.Pair!(...at, key, defaults[name]!()));
    added = true;
  }
  if (added && !args.children.includes(keywords)) args.children.push(keywords);
}

function symbolsIn(node: TemplateNode): Set<string> {
  const names = new Set<string>();
  visit(node, (child) => {
    if (child.typename === 'Symbol') names.add(String(child.value));
  });
  return names;
}

function visit(node: TemplateNode, action: (node: TemplateNode) => void): void {
  action(node);
  const children = isNodeList(node) ? node.children : node.fields.map((field) => node[field]);
  for (const child of children) {
    if (isTemplateNode(child)) visit(child, action);
    else if (Array.isArray(child)) for (const item of child) if (isTemplateNode(item)) visit(item, action);
  }
}
