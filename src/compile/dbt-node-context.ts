/**
 * dbt's `model`, `graph` and `config.get` at compile and run time, read from the same
 * serializer as manifest.json so templates see the shape dbt's artifacts have.
 */
import { manifestToJson } from '../artifacts/manifest-json.js';
import type { Dialect } from '../adapters/contract.js';
import { configToJson } from '../manifest/config-json.js';
import type { Manifest, ProjectNode } from '../manifest/types.js';
import type { DbtNodeContext } from '../templating/dbt-context/render-state.js';

type Json = Record<string, unknown>;

const graphs = new WeakMap<Manifest, Json>();

/** dbt's `graph`: nodes and sources by unique id (plus dbt's empty sections), built once per manifest. */
export function dbtGraph(manifest: Manifest, dialect: Dialect, targetSchema: string): Json {
  let graph = graphs.get(manifest);
  if (!graph) {
    const json = manifestToJson(manifest, {
      strataVersion: '',
      generatedAt: new Date(0),
      invocationId: '',
      adapterType: dialect.name,
      renderRelation: (relation) => dialect.renderRelation(relation),
      targetSchema,
    });
    graph = {
      nodes: json.nodes,
      sources: json.sources,
      exposures: {},
      metrics: {},
      groups: {},
      semantic_models: {},
      saved_queries: {},
      unit_tests: {},
    };
    graphs.set(manifest, graph);
  }
  return graph;
}

/** The compile-time context of `node` (undefined: a render that is no manifest node). */
export function compileNodeContext(
  manifest: Manifest,
  dialect: Dialect,
  targetSchema: string,
  node: ProjectNode | undefined,
): DbtNodeContext {
  const graph = () => dbtGraph(manifest, dialect, targetSchema);
  return {
    graph,
    model: () => ((node && (graph().nodes as Record<string, Json>)[node.uniqueId]) ?? {}) as Json,
    configValue: (key) => (node ? (configToJson(node.config) as Json)[key] : undefined),
  };
}
