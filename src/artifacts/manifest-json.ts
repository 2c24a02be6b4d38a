/**
 * manifest.json in dbt's manifest v12 shape, so tools that read dbt artifacts (catalogs,
 * lineage, state comparison) can read Strata's. Built from the manifest alone: profile
 * and target settings (secrets) are not inputs, so they cannot leak into it; credential-
 * looking keys a project writes into `meta`, `config` or test arguments are masked.
 */
import { createHash } from 'node:crypto';
import { inDatabase } from './artifact-relation.js';
import { exposureToJson } from './exposure-json.js';
import { testsByAttachedNode } from './primary-key-json.js';
import { operationToJson } from './operation-json.js';
import type { Manifest, RelationName } from '../manifest/types.js';
import { invocationMetadata, isoTime, type Invocation } from './invocation-metadata.js';
import type { NodeJsonContext } from './manifest-node-json.js';
import { projectRelativeFile } from './node-paths.js';
import { unitTestToJson } from './unit-test-json.js';
import {
  analysisToJson,
  snapshotToJson,
  macroToJson,
  modelToJson,
  seedToJson,
  sourceToJson,
  testToJson,
} from './manifest-node-json.js';

/** dbt's schema URL; readers dispatch on it. */
export const MANIFEST_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

/** Invocation facts written to `metadata`, and what compiled in this invocation. */
export interface ManifestMeta extends Invocation {
  /** adapter type, e.g. `duckdb` */
  adapterType: string;
  /** compiled SQL by unique id, for nodes compiled in this invocation */
  compiled?: Map<string, string>;
  /** the dialect's relation rendering; default double-quoted `"db"."schema"."name"` */
  renderRelation?: (relation: RelationName) => string;
  /** project-relative target folder for `compiled_path`; default `target` */
  targetPath?: string;
  /** the target schema, for data tests' audit schema (not a secret; dbt writes it too) */
  targetSchema?: string;
  /** the database of relations that name none (a DuckDB target's catalog), written as dbt-duckdb does */
  targetDatabase?: string;
  /** when the invocation began: dbt 1.11's `invocation_started_at` and `run_started_at` */
  runStartedAt?: Date;
}

/** The manifest as a JSON-ready object shaped like dbt's manifest v12. */
export function manifestToJson(manifest: Manifest, meta: ManifestMeta): Record<string, unknown> {
  const generatedAt = isoTime(meta.generatedAt);
  const render = meta.renderRelation ?? renderQuotedRelation;
  const ctx: NodeJsonContext = {
    manifest,
    renderRelation: (relation) => render(inDatabase(relation, meta.targetDatabase)),
    targetDatabase: meta.targetDatabase,
    compiled: meta.compiled,
    createdAt: Date.parse(generatedAt) / 1000,
    targetPath: meta.targetPath ?? 'target',
    targetSchema: meta.targetSchema,
    testsOf: testsByAttachedNode(manifest),
  };
  const nodes: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  for (const node of sortedValues(manifest.nodes)) {
    if (node.resourceType === 'unit_test') unitTests[node.uniqueId] = unitTestToJson(node, manifest, ctx.createdAt);
    else if (node.resourceType === 'model') nodes[node.uniqueId] = modelToJson(node, ctx);
    else if (node.resourceType === 'seed') nodes[node.uniqueId] = seedToJson(node, ctx);
    else if (node.resourceType === 'analysis') nodes[node.uniqueId] = analysisToJson(node, ctx);
    else if (node.resourceType === 'snapshot') nodes[node.uniqueId] = snapshotToJson(node, ctx);
    else nodes[node.uniqueId] = testToJson(node, ctx);
  }
  // hooks of a type run in this order: a hook's place in it is the index dbt gives a hook it ran
  const runOrder = { 'on-run-start': 0, 'on-run-end': 0 };
  for (const hook of manifest.operations?.values() ?? []) {
    nodes[hook.uniqueId] = operationToJson(hook, ctx, ++runOrder[hook.hookType]);
  }
  const sources = Object.fromEntries(sortedValues(manifest.sources).map((s) => [s.uniqueId, sourceToJson(s, ctx)]));
  const macros = Object.fromEntries(
    // `macro.<package>.<name>`: a package's macros are in its namespace
    sortedValues(manifest.macros).map((m) => [m.uniqueId, macroToJson(m, m.uniqueId.split('.')[1]!, ctx)]),
  );
  return {
    metadata: {
      ...invocationMetadata(MANIFEST_SCHEMA_VERSION, meta),
      ...(meta.runStartedAt === undefined ? {} : { invocation_started_at: isoTime(meta.runStartedAt) }),
      project_name: manifest.projectName,
      // dbt's project id: the md5 of the project's name, the same on every machine
      project_id: createHash('md5').update(manifest.projectName).digest('hex'),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: meta.adapterType,
      ...(meta.runStartedAt === undefined ? {} : { run_started_at: isoTime(meta.runStartedAt) }),
    },
    nodes,
    sources,
    macros,
    docs: docsJson(manifest),
    exposures: Object.fromEntries(
      sortedValues(manifest.exposures ?? new Map()).map((e) => [e.uniqueId, exposureToJson(e, ctx.createdAt)]),
    ),
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: edgeMap(manifest, manifest.parentMap),
    child_map: edgeMap(manifest, manifest.childMap),
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
    // dbt 1.11's user-defined functions: Strata has none
    functions: {},
  };
}

/** dbt's `docs` section: each `{% docs %}` block by unique id. */
function docsJson(manifest: Manifest): Record<string, unknown> {
  return Object.fromEntries(
    sortedValues(manifest.docs ?? new Map()).map((doc) => [
      doc.uniqueId,
      {
        name: doc.name,
        resource_type: 'doc',
        package_name: doc.packageName,
        path: doc.path,
        original_file_path: projectRelativeFile(doc.origin),
        unique_id: doc.uniqueId,
        block_contents: doc.contents,
      },
    ]),
  );
}

/** `"database"."schema"."identifier"` with embedded quotes doubled (ANSI). */
export function renderQuotedRelation(relation: RelationName): string {
  return [relation.database, relation.schema, relation.identifier]
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

/**
 * Every node, source, exposure and project hook gets an entry (dbt lists empty ones too), ids
 * sorted for stable diffs.
 */
function edgeMap(manifest: Manifest, edges: Map<string, string[]>): Record<string, string[]> {
  const ids = [
    ...manifest.nodes.keys(),
    ...manifest.sources.keys(),
    ...(manifest.exposures?.keys() ?? []),
    ...(manifest.operations?.keys() ?? []),
  ].sort();
  return Object.fromEntries(ids.map((id) => [id, [...(edges.get(id) ?? [])].sort()]));
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}
