/** The dependency graph, cycle check, node selection and ordering (see CONTEXT.md). */
export { buildGraph } from './build-graph.js';
export type { DependencyGraph, GraphNodeAttributes } from './build-graph.js';
export { assertAcyclic, findCycle } from './cycles.js';
export { topologicalOrder } from './topo.js';
export { reachable } from './traverse.js';
export type { Direction } from './traverse.js';
export { selectNodes } from './select.js';
export type { SelectOptions, SelectionResult } from './select.js';
export { addAttachedTests } from './attached-tests.js';
export { parseSelectors, parseCriterion, SELECTOR_METHODS } from './selector-parse.js';
export type { SelectionCriterion, SelectionIntersection, SelectionUnion, SelectorMethod } from './selector-parse.js';
export { loadPreviousState } from './state.js';
export type { PreviousState, PreviousNode } from './state.js';
export { matchesState, STATE_SELECTORS } from './state-compare.js';
export type { StateSelector } from './state-compare.js';
