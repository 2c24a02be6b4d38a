/**
 * Undefined names fail where they are used, not where they are tested.
 *
 * Nunjucks renders an undefined value as nothing: `select {{ my_undefined_var }} as id`
 * becomes `select  as id`, and `'a' ~ missing` becomes `aundefined`. Its
 * `throwOnUndefined` option only covers output and also rejects `none`. dbt packages test
 * names freely (`{% if x is defined %}`, `{% if x %}`, `x | default(...)`,
 * `x.y is defined`), so testing must stay legal and falsy.
 *
 * The guard is a compile step: every value a template emits (`{{ ... }}`), the input of
 * every filter but `default` on its way there, and both sides of every `~` are wrapped in
 * a filter that throws when the value is undefined; so is the callee of every method-style
 * call (`foo.bar()`). For a name or attribute chain (`foo.bar.baz`) the filter also
 * receives each shorter prefix, so the error names the first part that is undefined.
 * Calling an undefined plain name already fails in nunjucks, with its own message.
 * The filters themselves are in undefined-value-error.ts.
 */
import { ARITHMETIC_FUNCTIONS } from './python-arithmetic.js';
import { MODULO_FUNCTION } from './jinja-syntax.js';
import {
  isNodeList,
  isTemplateNode,
  nunjucksInternals,
  type TemplateNode,
  type TemplateNodeList,
} from './nunjucks-internals.js';

/** The filter the guard wraps emitted values in; not a name a template can mean. */
export const UNDEFINED_GUARD_FILTER = '__strata_defined';
/** The filter the guard wraps method-style callees in. */
export const CALLABLE_GUARD_FILTER = '__strata_callable';

// Filters whose purpose is to handle an undefined input.
const TESTING_FILTERS = new Set(['default', 'd']);
const ARITHMETIC: Record<string, string> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  FloorDiv: '//',
  Mod: '%',
  Pow: '**',
};

/** Operators the compile step turned into calls of Python's meaning (jinja-syntax.ts), by function. */
const OPERATOR_CALLS: Record<string, string> = {
  [ARITHMETIC_FUNCTIONS.Add!]: '+',
  [ARITHMETIC_FUNCTIONS.Sub!]: '-',
  [ARITHMETIC_FUNCTIONS.Mul!]: '*',
  [MODULO_FUNCTION]: '%',
};

function operatorCall(node: TemplateNode): string | undefined {
  const callee = node.name as TemplateNode | undefined;
  return node.typename === 'FunCall' && callee?.typename === 'Symbol'
    ? OPERATOR_CALLS[String(callee.value)]
    : undefined;
}

/** Rewrite a parsed template so its emitted values and method-style callees pass the guard. */
export function guardUndefinedValues(ast: TemplateNode, file: string): TemplateNode {
  const guard = (node: TemplateNode): TemplateNode =>
    wrapInGuard(node, file, UNDEFINED_GUARD_FILTER, describe(node), chainPrefixes(node));
  visitPostOrder(ast, (node) => {
    if (node.typename === 'Output') {
      const output = node as TemplateNodeList;
      output.children = output.children.map((child) =>
        child.typename === 'TemplateData' ? child : guardEmitted(child, guard),
      );
    } else if (node.typename === 'Concat') {
      node.left = guardEmitted(node.left as TemplateNode, guard);
      node.right = guardEmitted(node.right as TemplateNode, guard);
    } else if (node.typename === 'FunCall' && (node.name as TemplateNode).typename === 'LookupVal') {
      const callee = node.name as TemplateNode;
      const chain = chainPrefixes(callee);
      if (chain.length > 0)
        node.name = wrapInGuard(callee, file, CALLABLE_GUARD_FILTER, describe(node), [...chain, callee]);
    }
  });
  return ast;
}

/** Guard a value that is emitted, and the inputs it is computed from. */
function guardEmitted(node: TemplateNode, guard: (node: TemplateNode) => TemplateNode): TemplateNode {
  if (node.typename === 'Filter') {
    const name = (node.name as TemplateNode).value as string;
    const args = node.args as TemplateNodeList;
    if (!TESTING_FILTERS.has(name) && args.children[0]) args.children[0] = guardEmitted(args.children[0], guard);
  } else if (ARITHMETIC[node.typename]) {
    node.left = guardEmitted(node.left as TemplateNode, guard);
    node.right = guardEmitted(node.right as TemplateNode, guard);
  } else if (node.typename === 'Neg' || node.typename === 'Pos') {
    node.target = guardEmitted(node.target as TemplateNode, guard);
  } else if (operatorCall(node)) {
    const args = node.args as TemplateNodeList;
    args.children = args.children.map((child) => guardEmitted(child, guard));
  }
  return guard(node);
}

/**
 * `value | filter(file, line, text, label1, probe1, label2, probe2...)`: the filter checks
 * the probes in order, then the value. `text` is the expression shown in the error.
 */
function wrapInGuard(
  node: TemplateNode,
  file: string,
  filter: string,
  text: string,
  probes: TemplateNode[],
): TemplateNode {
  const { nodes } = nunjucksInternals;
  const at = (value: unknown) => new nodes.Literal(node.lineno, node.colno, value);
  const labelled = probes.flatMap((probe) => [at(describe(probe)), probe]);
  const args = [node, at(file), at(node.lineno + 1), at(text), ...labelled];
  const name = new nodes.Symbol(node.lineno, node.colno, filter);
  return new nodes.Filter(node.lineno, node.colno, name, new nodes.NodeList(node.lineno, node.colno, args));
}

/** Names a template declares (macro arguments, `set` and loop variables), for "did you mean". */
export function declaredNames(ast: TemplateNode): string[] {
  return namesOf(ast, ['Macro', 'Caller', 'For', 'Set']);
}

/**
 * Names a template assigns with `{% set %}`: one a branch not taken left unassigned renders
 * empty, as in Jinja (undefined-value-error.ts). A macro's missing argument is not among them.
 */
export function assignedNames(ast: TemplateNode): string[] {
  return namesOf(ast, ['Set']);
}

const NAME_FIELDS: Record<string, string> = { Macro: 'args', Caller: 'args', For: 'name', Set: 'targets' };

function namesOf(ast: TemplateNode, kinds: readonly string[]): string[] {
  const names = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!isTemplateNode(node)) return;
    if (node.typename === 'Symbol') names.add(String(node.value));
    else if (node.typename === 'Pair') collect(node.key);
    else if (isNodeList(node)) node.children.forEach(collect);
  };
  visitPostOrder(ast, (node) => {
    if (kinds.includes(node.typename)) collect(node[NAME_FIELDS[node.typename]!]);
  });
  return [...names];
}

/** `foo`, `foo.bar` for `foo.bar.baz`: the shorter lookups of a pure name/attribute chain. */
function chainPrefixes(node: TemplateNode): TemplateNode[] {
  const prefixes: TemplateNode[] = [];
  let current = node;
  while (current.typename === 'LookupVal') {
    const key = current.val as TemplateNode;
    if (key.typename !== 'Literal' && key.typename !== 'Symbol') return [];
    current = current.target as TemplateNode;
    prefixes.unshift(current);
  }
  return current.typename === 'Symbol' ? prefixes : [];
}

function visitPostOrder(node: TemplateNode, visit: (node: TemplateNode) => void): void {
  const children = isNodeList(node) ? node.children : node.fields.map((field) => node[field]);
  for (const child of children) {
    if (isTemplateNode(child)) visitPostOrder(child, visit);
    else if (Array.isArray(child)) for (const item of child) if (isTemplateNode(item)) visitPostOrder(item, visit);
  }
  visit(node);
}

/** An expression as the template wrote it, near enough to recognise (`foo.bar`, `x | upper`). */
function describe(node: TemplateNode): string {
  const list = (items: TemplateNode[]) => items.map(describe).join(', ');
  switch (node.typename) {
    case 'Symbol':
      return String(node.value);
    case 'Literal':
      return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
    case 'LookupVal': {
      const key = node.val as TemplateNode;
      const target = describe(node.target as TemplateNode);
      return key.typename === 'Literal' && typeof key.value === 'string' && /^[A-Za-z_]\w*$/.test(key.value)
        ? `${target}.${key.value}`
        : `${target}[${describe(key)}]`;
    }
    case 'FunCall':
      if (operatorCall(node)) {
        const [left, right] = (node.args as TemplateNodeList).children;
        return `${describe(left!)} ${operatorCall(node)} ${describe(right!)}`;
      }
      return `${describe(node.name as TemplateNode)}(${list((node.args as TemplateNodeList).children)})`;
    case 'Filter': {
      const [input, ...rest] = (node.args as TemplateNodeList).children;
      const name = String((node.name as TemplateNode).value);
      if (name === UNDEFINED_GUARD_FILTER || name === CALLABLE_GUARD_FILTER) return input ? describe(input) : '';
      return `${input ? describe(input) : ''} | ${name}${rest.length ? `(${list(rest)})` : ''}`;
    }
    case 'KeywordArgs':
      return (node as TemplateNodeList).children
        .map((pair) => `${describe(pair.key as TemplateNode)}=${describe(pair.value as TemplateNode)}`)
        .join(', ');
    case 'Array':
      return `[${list((node as TemplateNodeList).children)}]`;
    case 'Group':
      return `(${list((node as TemplateNodeList).children)})`;
    case 'Concat':
      return `${describe(node.left as TemplateNode)} ~ ${describe(node.right as TemplateNode)}`;
    default: {
      const operator = ARITHMETIC[node.typename];
      if (operator) return `${describe(node.left as TemplateNode)} ${operator} ${describe(node.right as TemplateNode)}`;
      return '...';
    }
  }
}
