import { StrataError } from '../errors/strata-error.js';
import type { Manifest, ResourceType } from '../manifest/types.js';
import { addAttachedTests } from './attached-tests.js';
import type { DependencyGraph } from './build-graph.js';
import { closestMatch } from '../config/closest-match.js';
import { hasWildcard } from './glob.js';
import { SelectionIndex } from './selection-index.js';
import { matchCriterion } from './selector-methods.js';
import { parseSelectors } from './selector-parse.js';
import type { SelectionCriterion, SelectionIntersection, SelectionUnion } from './selector-parse.js';
import type { PreviousState } from './state.js';
import { reachable } from './traverse.js';

/** What to select, as given on the command line. */
export interface SelectOptions {
  /** `--select` arguments; absent or blank selects every enabled node */
  select?: readonly string[];
  /** `--exclude` arguments, removed after selection */
  exclude?: readonly string[];
  /** the previous run's manifest, required by `state:` selectors */
  state?: PreviousState;
  /** keep only these resource types, applied last (e.g. `run` keeps models) */
  resourceTypes?: readonly ResourceType[];
  /**
   * `eager` adds the tests attached to each criterion's nodes as dbt does by default
   * (see addAttachedTests); `empty` (the default) selects tests only when a criterion
   * matches them, leaving the caller to call addAttachedTests if it wants them.
   * Excluded nodes always take their attached tests with them, as in dbt.
   */
  indirectSelection?: 'eager' | 'empty';
}

/** The selected unique ids, and messages for the caller to print (e.g. a name that matched nothing). */
export interface SelectionResult {
  selected: Set<string>;
  warnings: string[];
}

/**
 * Applies dbt's node selection syntax to the manifest: the union of the `select` terms
 * (each an intersection of criteria, each with optional graph operators), minus the
 * `exclude` terms, filtered to `resourceTypes`.
 *
 * @throws StrataError for a malformed selector, or a `state:` selector without `state`.
 */
export function selectNodes(manifest: Manifest, graph: DependencyGraph, options: SelectOptions = {}): SelectionResult {
  const include = parseSelectors(options.select ?? []);
  const exclude = parseSelectors(options.exclude ?? []);
  requireStateWhereUsed([...include, ...exclude], options.state);

  const index = new SelectionIndex(manifest);
  const warnings: string[] = [];
  const evaluate = (union: SelectionUnion, eager: boolean, flag: string): Set<string> => {
    const result = new Set<string>();
    for (const intersection of union) {
      const ids = evaluateIntersection(intersection, { manifest, graph, index, state: options.state, eager });
      if (ids.size === 0) warnings.push(noMatchWarning(intersection, index, flag));
      for (const id of ids) result.add(id);
    }
    return result;
  };

  const eager = options.indirectSelection === 'eager';
  const selected =
    include.length === 0 ? new Set(index.nodes.map((node) => node.uniqueId)) : evaluate(include, eager, '--select');
  // dbt always removes an excluded node's tests too, whatever the indirect selection.
  for (const id of evaluate(exclude, true, '--exclude')) selected.delete(id);
  if (options.resourceTypes !== undefined) {
    const keep = new Set(options.resourceTypes);
    for (const id of selected) {
      if (!keep.has(graph.getNodeAttribute(id, 'resourceType'))) selected.delete(id);
    }
  }
  return { selected, warnings };
}

interface EvaluationContext {
  manifest: Manifest;
  graph: DependencyGraph;
  index: SelectionIndex;
  state?: PreviousState;
  eager: boolean;
}

function evaluateIntersection(intersection: SelectionIntersection, context: EvaluationContext): Set<string> {
  let result: Set<string> | undefined;
  for (const criterion of intersection) {
    const ids = evaluateCriterion(criterion, context);
    result = result === undefined ? ids : new Set([...result].filter((id) => ids.has(id)));
    if (result.size === 0) break;
  }
  return result ?? new Set();
}

/** The criterion's own matches, widened by its graph operators, then by attached tests when eager. */
function evaluateCriterion(criterion: SelectionCriterion, context: EvaluationContext): Set<string> {
  const { graph, index } = context;
  const matched = new Set(matchCriterion(index, criterion, context.state));
  let result = new Set(matched);
  if (criterion.childrensParents) {
    // `@x`: x and its descendants, then every ancestor of those (what building them needs).
    for (const id of reachable(graph, matched, 'descendants')) result.add(id);
    for (const id of reachable(graph, result, 'ancestors')) result.add(id);
  }
  if (criterion.ancestorsDepth !== undefined) {
    for (const id of reachable(graph, matched, 'ancestors', criterion.ancestorsDepth)) result.add(id);
  }
  if (criterion.descendantsDepth !== undefined) {
    for (const id of reachable(graph, matched, 'descendants', criterion.descendantsDepth)) result.add(id);
  }
  if (context.eager) result = addAttachedTests(result, context.manifest);
  // Graph operators walk through disabled nodes the manifest may still hold; drop them.
  for (const id of result) if (!index.isSelectable(id)) result.delete(id);
  return result;
}

/** Methods that compare with the previous run's artifacts. */
const STATE_METHODS: ReadonlySet<string> = new Set(['state', 'result', 'source_status']);

function requireStateWhereUsed(union: SelectionUnion, state: PreviousState | undefined): void {
  if (state !== undefined) return;
  const criterion = union.flat().find((c) => STATE_METHODS.has(c.method));
  if (criterion === undefined) return;
  throw new StrataError(
    `Invalid selector '${criterion.raw}': ${criterion.method}: selectors need --state DIR, ` +
      'the previous run to compare with',
    {
      hint:
        'Pass --state DIR, a folder holding the manifest.json of that run ' +
        '(e.g. from `strata compile --target-path DIR`).',
    },
  );
}

/** dbt's wording, plus a "did you mean" when a plain name was probably misspelt. */
function noMatchWarning(intersection: SelectionIntersection, index: SelectionIndex, flag: string): string {
  const raw = intersection.map((c) => c.raw).join(',');
  let message = `The selection criterion '${raw}' (${flag}) does not match any enabled nodes`;
  const named = intersection.find(
    (c) => c.implicit && c.method === 'fqn' && !c.value.includes('.') && !hasWildcard(c.value),
  );
  if (named !== undefined && !index.byName.has(named.value)) {
    const suggestion = closestMatch(named.value, index.byName.keys());
    if (suggestion !== undefined) message += `. Did you mean '${suggestion}'?`;
  }
  return message;
}
