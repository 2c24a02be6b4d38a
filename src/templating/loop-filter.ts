/**
 * Jinja's loop filter, `{% for x in items if x.enabled %}`: the loop sees only the items
 * for which the condition holds, so `loop.index`, `loop.last` and the `{% else %}` branch
 * count the kept items. nunjucks parses the iterable `items if cond` as an inline `if`
 * with no `else` (the whole list when `cond` holds for an unbound `x`, else nothing), so
 * the compile step rewrites such a loop into two: one collecting the kept items into a
 * hidden list, one running the body over that list.
 */
import { nunjucksInternals, type TemplateNode, type TemplateNodeList } from './nunjucks-internals.js';

type NodeClass = new (...fields: unknown[]) => TemplateNode;

/** A `for` whose iterable is an inline `if` without `else`: Jinja's loop filter. */
export function isFilteredLoop(node: TemplateNode): boolean {
  const iterable = node.arr as TemplateNode | undefined;
  return node.typename === 'For' && iterable?.typename === 'InlineIf' && !iterable.else_;
}

let filtered = 0;

/**
 * The statements replacing a filtered loop: `set hidden = []`, a loop appending each item
 * (or each unpacked tuple) that passes the condition, and the original loop over `hidden`.
 */
export function rewriteFilteredLoop(
  loop: TemplateNode,
  evaluate: (expression: TemplateNode) => TemplateNode,
): TemplateNode[] {
  const { nodes } = nunjucksInternals;
  const classes = nodes as unknown as Record<string, NodeClass>;
  const at = [loop.lineno, loop.colno] as const;
  const { cond, body: items } = loop.arr as { cond: TemplateNode; body: TemplateNode };
  const name = `__strata_filtered_${filtered++}`;
  const symbol = () => new nodes.Symbol(...at, name);
  const target = loop.name as TemplateNode;
  const names = target.typename === 'Array' ? (target as TemplateNodeList).children : [target];
  const copy = () => names.map((each) => new nodes.Symbol(each.lineno, each.colno, each.value));
  // `for k, v in pairs if v`: keep the pair, which the second loop unpacks again
  const fresh = () => (target.typename === 'Array' ? new classes.Array!(...at, copy()) : copy()[0]!);
  const item = fresh();
  const firstTarget = fresh();
  const append = new classes.FunCall!(
    ...at,
    new classes.LookupVal!(...at, symbol(), new nodes.Literal(...at, 'append')),
    new nodes.NodeList(...at, [item]),
  );
  const keep = new classes.If!(...at, cond, new nodes.NodeList(...at, [evaluate(append)]), null);
  return [
    new classes.Set!(...at, [symbol()], new classes.Array!(...at, [])),
    new classes.For!(...at, items, firstTarget, new nodes.NodeList(...at, [keep]), null),
    new classes.For!(...at, symbol(), target, loop.body, loop.else_),
  ];
}
