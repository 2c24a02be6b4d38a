/**
 * dbt's `model`, `graph` and `config.get` at compile and run time, read from the same
 * serializer as manifest.json so templates see the shape dbt's artifacts have.
 */
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { configToJson } from '../manifest/config-json.js';
import type { Manifest, ProjectNode } from '../manifest/types.js';
import type { DbtNodeContext } from '../templating/dbt-context/render-state.js';

type Json = Record<string, unknown>;

const graphs = new WeakMap<Manifest, Json>();

/**
 * dbt's `graph`: nodes and sources by unique id (plus dbt's empty sections), built once per manifest,
 * each node's `database` and `relation_name` as manifest.json writes them for `target`.
 */
export function dbtGraph(manifest: Manifest, dialect: Dialect, target: TargetConfig): Json {
  let graph = graphs.get(manifest);
  if (!graph) {
    const json = manifestToJson(manifest, {
      strataVersion: '',
      generatedAt: new Date(0),
      invocationId: '',
      ...targetNaming(target, dialect),
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
  target: TargetConfig,
  node: ProjectNode | undefined,
): DbtNodeContext {
  const graph = () => dbtGraph(manifest, dialect, target);
  return {
    graph,
    model: () => ((node && (graph().nodes as Record<string, Json>)[node.uniqueId]) ?? {}) as Json,
    configValue: (key) => (node ? (configToJson(node.config) as Json)[key] : undefined),
  };
}
