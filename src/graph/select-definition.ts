/**
 * Evaluating a selectors.yml definition: each criterion through `selectNodes` (the same
 * code as `--select`), tests of the selected nodes added as its `indirect_selection` says,
 * and unions, intersections and excludes as set operations.
 */
import type { Manifest, ResourceType } from '../manifest/types.js';
import type { DependencyGraph } from './build-graph.js';
import { addAttachedTests } from './attached-tests.js';
import { selectNodes, type SelectionResult } from './select.js';
import type { IndirectSelection, SelectorDefinition, SelectorsFile } from './selectors-file.js';
import type { PreviousState } from './state.js';
import { reachable } from './traverse.js';

/** What evaluating a definition needs besides the definition. */
export interface DefinitionContext {
  manifest: Manifest;
  graph: DependencyGraph;
  selectors: SelectorsFile;
  state?: PreviousState;
}

/** The nodes `definition` selects (every resource type), and warnings for criteria that matched nothing. */
export function selectByDefinition(definition: SelectorDefinition, context: DefinitionContext): SelectionResult {
  const warnings: string[] = [];
  const selected = evaluate(definition, context, warnings);
  return { selected, warnings };
}

/** The same, kept to `resourceTypes`. */
export function selectBySelector(
  definition: SelectorDefinition,
  context: DefinitionContext,
  resourceTypes: readonly ResourceType[],
): SelectionResult {
  const { selected, warnings } = selectByDefinition(definition, context);
  const keep = new Set(resourceTypes);
  for (const id of selected) if (!keep.has(context.graph.getNodeAttribute(id, 'resourceType'))) selected.delete(id);
  return { selected, warnings };
}

function evaluate(definition: SelectorDefinition, context: DefinitionContext, warnings: string[]): Set<string> {
  switch (definition.kind) {
    case 'text':
      return evaluateText(definition.text, definition.indirect, context, warnings);
    case 'selector':
      return evaluate(context.selectors.selectors.get(definition.name)!.definition, context, warnings);
    case 'union':
    case 'intersection': {
      const sets = definition.items.map((item) => evaluate(item, context, warnings));
      const combined =
        definition.kind === 'union'
          ? new Set(sets.flatMap((set) => [...set]))
          : sets.reduce((left, right) => new Set([...left].filter((id) => right.has(id))));
      for (const item of definition.exclude) for (const id of evaluate(item, context, warnings)) combined.delete(id);
      return combined;
    }
  }
}

function evaluateText(
  text: string,
  indirect: IndirectSelection,
  context: DefinitionContext,
  warnings: string[],
): Set<string> {
  const { manifest, graph, state } = context;
  const eager = indirect === 'eager';
  const result = selectNodes(manifest, graph, { select: [text], state, indirectSelection: eager ? 'eager' : 'empty' });
  warnings.push(...result.warnings.map((warning) => warning.replace('(--select)', '(selectors.yml)')));
  if (indirect === 'cautious') return addTestsWithParentsIn(result.selected, result.selected, manifest);
  if (indirect === 'buildable') {
    const buildable = new Set([...result.selected, ...reachable(graph, result.selected, 'ancestors')]);
    return addTestsWithParentsIn(result.selected, buildable, manifest);
  }
  return result.selected;
}

/** dbt's cautious and buildable modes: a test of a selected node comes along if all its parents are in `allowed`. */
function addTestsWithParentsIn(
  selected: ReadonlySet<string>,
  allowed: ReadonlySet<string>,
  manifest: Manifest,
): Set<string> {
  const result = new Set(selected);
  for (const id of addAttachedTests(selected, manifest)) {
    if (result.has(id)) continue;
    const test = manifest.nodes.get(id);
    if (test?.dependsOn.every((parent) => allowed.has(parent))) result.add(id);
  }
  return result;
}
