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
 * a filter that throws when the value is undefined. For a name or attribute chain
 * (`foo.bar.baz`) the filter also receives each shorter prefix, so the error names the
 * first part that is undefined. Calling an undefined name already fails in nunjucks.
 */
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import { isNodeList, isTemplateNode, nunjucksInternals, type TemplateNode, type TemplateNodeList } from './nunjucks-internals.js';

/** The filter name the guard compiles in; not one a template can mean. */
export const UNDEFINED_GUARD_FILTER = '__strata_defined';

// Filters whose purpose is to handle an undefined input.
const TESTING_FILTERS = new Set(['default', 'd']);
const ARITHMETIC: Record<string, string> = { Add: '+', Sub: '-', Mul: '*', Div: '/', FloorDiv: '//', Mod: '%', Pow: '**' };

/** Rewrite a parsed template so its emitted values pass the undefined guard. */
export function guardUndefinedValues(ast: TemplateNode, file: string): TemplateNode {
  const guard = (node: TemplateNode): TemplateNode => wrapInGuard(node, file);
  visitPostOrder(ast, (node) => {
    if (node.typename === 'Output') {
      const output = node as TemplateNodeList;
      output.children = output.children.map((child) => (child.typename === 'TemplateData' ? child : guardEmitted(child, guard)));
    } else if (node.typename === 'Concat') {
      node.left = guardEmitted(node.left as TemplateNode, guard);
      node.right = guardEmitted(node.right as TemplateNode, guard);
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
  }
  return guard(node);
}

/** `value | __strata_defined(file, line, text, label1, prefix1, label2, prefix2...)`. */
function wrapInGuard(node: TemplateNode, file: string): TemplateNode {
  const { nodes } = nunjucksInternals;
  const at = (value: unknown) => new nodes.Literal(node.lineno, node.colno, value);
  const probes = chainPrefixes(node).flatMap((prefix) => [at(describe(prefix)), prefix]);
  const args = [node, at(file), at(node.lineno + 1), at(describe(node)), ...probes];
  const name = new nodes.Symbol(node.lineno, node.colno, UNDEFINED_GUARD_FILTER);
  return new nodes.Filter(node.lineno, node.colno, name, new nodes.NodeList(node.lineno, node.colno, args));
}

/** Names a template declares (macro arguments, `set` and loop variables), for "did you mean". */
export function declaredNames(ast: TemplateNode): string[] {
  const names = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!isTemplateNode(node)) return;
    if (node.typename === 'Symbol') names.add(String(node.value));
    else if (node.typename === 'Pair') collect(node.key);
    else if (isNodeList(node)) node.children.forEach(collect);
  };
  visitPostOrder(ast, (node) => {
    if (node.typename === 'Macro' || node.typename === 'Caller') collect(node.args);
    else if (node.typename === 'For') collect(node.name);
    else if (node.typename === 'Set') collect(node.targets);
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
      return `${describe(node.name as TemplateNode)}(${list((node.args as TemplateNodeList).children)})`;
    case 'Filter': {
      const [input, ...rest] = (node.args as TemplateNodeList).children;
      const name = String((node.name as TemplateNode).value);
      if (name === UNDEFINED_GUARD_FILTER) return input ? describe(input) : '';
      return `${input ? describe(input) : ''} | ${name}${rest.length ? `(${list(rest)})` : ''}`;
    }
    case 'KeywordArgs':
      return (node as TemplateNodeList).children.map((pair) => `${describe(pair.key as TemplateNode)}=${describe(pair.value as TemplateNode)}`).join(', ');
    case 'Array':
      return `[${list((node as TemplateNodeList).children)}]`;
    case 'Group':
      return `(${list((node as TemplateNodeList).children)})`;
    case 'Concat':
      return `${describe(node.left as TemplateNode)} ~ ${describe(node.right as TemplateNode)}`;
    default:
      if (ARITHMETIC[node.typename]) return `${describe(node.left as TemplateNode)} ${ARITHMETIC[node.typename]} ${describe(node.right as TemplateNode)}`;
      return '...';
  }
}

/** What the guard filter asks of the environment when it fails. */
export interface GuardContext {
  /** names the template file can use, for "did you mean" */
  knownNames(file: string): Iterable<string>;
  /** the model or test being rendered, named when the failure is inside a macro file */
  renderingFile(): string;
}

/**
 * The guard filter: returns the value, or throws a StrataError at the template's file and
 * line naming the first undefined part.
 */
export function undefinedGuard(context: GuardContext) {
  return (value: unknown, file: string, line: number, text: string, ...probes: unknown[]): unknown => {
    for (let index = 0; index < probes.length; index += 2) {
      if (probes[index + 1] === undefined) throw undefinedError(String(probes[index]), text, { file, line }, context);
    }
    if (value === undefined) throw undefinedError(text, text, { file, line }, context);
    return value;
  };
}

function undefinedError(part: string, text: string, location: { file: string; line: number }, context: GuardContext): StrataError {
  const where = part === text ? '' : ` in {{ ${text} }}`;
  const rendering = context.renderingFile();
  const caller = rendering === location.file ? '' : ` (rendering ${rendering})`;
  const fallback = `or give a fallback: {{ ${text} | default('...') }}; test it with {% if ${part} is defined %}.`;
  if (/^[A-Za-z_]\w*$/.test(part)) {
    const suggestion = closestMatch(part, context.knownNames(location.file));
    const fix = suggestion && suggestion !== part ? `Did you mean '${suggestion}'? Else define it` : 'Fix the name, define it';
    return new StrataError(`Template render error: '${part}' is undefined${where}${caller}`, {
      location,
      hint: `${fix} ({% set ${part} = ... %}, a macro argument, or var('${part}')), ${fallback}`,
    });
  }
  const dot = /^(.*)\.([A-Za-z_]\w*)$/.exec(part);
  const detail = dot ? `: '${dot[1]}' has no attribute '${dot[2]}'` : '';
  return new StrataError(`Template render error: '${part}' is undefined${where}${detail}${caller}`, {
    location,
    hint: `Check the ${dot ? 'attribute name' : 'expression'}, ${fallback}`,
  });
}
