import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RelationName } from '../../src/manifest/types.js';

/** A model, seed or snapshot of the last manifest.json, where it landed. */
export interface BuiltNode {
  name: string;
  resourceType: string;
  materialized: string;
  relation: RelationName;
}

/** One node's line in the last run_results.json. */
export interface NodeOutcome {
  name: string;
  status: string;
  failures: number | null;
  message: string | null;
  adapterMessage: string | null;
}

interface ManifestJson {
  nodes: Record<
    string,
    {
      name: string;
      resource_type: string;
      database: string | null;
      schema: string;
      alias: string;
      config: { materialized: string };
    }
  >;
  unit_tests?: Record<string, { name: string }>;
}

interface RunResultsJson {
  results: Array<{
    unique_id: string;
    status: string;
    failures: number | null;
    message: string | null;
    adapter_response: { _message?: string };
  }>;
}

/** Models, seeds and snapshots of the project's target/manifest.json, by name. */
export function readBuiltNodes(projectDir: string): Map<string, BuiltNode> {
  const manifest = readJson<ManifestJson>(projectDir, 'manifest.json');
  const nodes = new Map<string, BuiltNode>();
  for (const node of Object.values(manifest.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type)) continue;
    const relation: RelationName = { schema: node.schema, identifier: node.alias };
    if (node.database !== null) relation.database = node.database;
    nodes.set(node.name, {
      name: node.name,
      resourceType: node.resource_type,
      materialized: node.config.materialized,
      relation,
    });
  }
  return nodes;
}

/** What the last command did to each node, by node name. */
export function readOutcomes(projectDir: string): Map<string, NodeOutcome> {
  const manifest = readJson<ManifestJson>(projectDir, 'manifest.json');
  const runResults = readJson<RunResultsJson>(projectDir, 'run_results.json');
  return new Map(
    runResults.results.map((result) => {
      const node = manifest.nodes[result.unique_id] ?? manifest.unit_tests?.[result.unique_id];
      const name = node?.name ?? result.unique_id;
      const outcome: NodeOutcome = {
        name,
        status: result.status,
        failures: result.failures,
        message: result.message,
        adapterMessage: result.adapter_response._message ?? null,
      };
      return [name, outcome];
    }),
  );
}

function readJson<T>(projectDir: string, file: string): T {
  return JSON.parse(readFileSync(join(projectDir, 'target', file), 'utf8')) as T;
}
