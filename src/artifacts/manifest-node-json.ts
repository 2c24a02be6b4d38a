/**
 * One manifest entry in dbt's manifest v12 shape: models, seeds, tests, sources, macros.
 * Only project content goes in; profile and target settings never reach this file, and
 * credential-looking keys of the free-form parts (`meta`, `config`, test arguments) are
 * masked as in run_results.json.
 */
import {
  constraintsJson,
  constraintTargetText,
  modelContractJson,
  type ConstraintTargetText,
} from './manifest-contract-json.js';
import type {
  AnalysisNode,
  ColumnInfo,
  MacroDefinition,
  Manifest,
  ManifestNode,
  ModelNode,
  RelationName,
  SeedNode,
  SnapshotNode,
  SourceNode,
  TestNode,
} from '../manifest/types.js';
import { getNode } from '../manifest/types.js';
import { sourceConfigJson, sourceFreshnessJson } from './source-config-json.js';
import { configToJson } from '../manifest/config-json.js';
import { redactSecrets } from '../config/redact-secrets.js';
import { DEFAULT_AUDIT_SCHEMA } from '../data-tests/store-failures.js';
import { nodePath, originalFilePath, projectRelativeFile, targetWritePath } from './node-paths.js';
import { inferPrimaryKey } from './primary-key-json.js';
import { snapshotConfigJson } from './snapshot-config-json.js';

/** What every entry serializer needs besides the node. */
export interface NodeJsonContext {
  manifest: Manifest;
  /** a relation as artifacts name it: in `targetDatabase` when it names none */
  renderRelation: (relation: RelationName) => string;
  /** the database of relations that name none (a DuckDB target's catalog) */
  targetDatabase?: string;
  /** compiled SQL by unique id, for nodes compiled in this invocation */
  compiled?: Map<string, string>;
  /** epoch seconds, dbt's `created_at` */
  createdAt: number;
  /** project-relative target folder, for `compiled_path` */
  targetPath: string;
  /** the target schema, for tests' audit schema; else the attached node's schema */
  targetSchema?: string;
  /** generic tests by the node they test, for models' inferred `primary_key` */
  testsOf?: Map<string, TestNode[]>;
}

type Json = Record<string, unknown>;

// The serializers below set keys one by one (`json.key = ...`) rather than spreading shared
// parts into a literal: V8 turns an object that gains more than a dozen keys by spreading
// into a slow dictionary, and the manifest of a 10,000-model project has 25,000 entries of
// some forty keys each. Setting named keys in the same order keeps every entry fast.

/** Keys shared by models, seeds and tests, set on `json`. */
function setCommon(
  json: Json,
  node: ModelNode | SeedNode | TestNode | AnalysisNode | SnapshotNode,
  ctx: NodeJsonContext,
): void {
  json.name = node.name;
  json.resource_type = node.resourceType;
  json.package_name = node.packageName;
  json.path = nodePath(node);
  json.original_file_path = originalFilePath(node);
  json.unique_id = node.uniqueId;
  json.fqn = node.fqn;
  json.checksum = { name: 'sha256', checksum: node.checksum };
  json.config = configToJson(node.config, node.resourceType, node.meta);
  json.tags = node.tags;
  json.description = node.description;
  // dbt's node meta is its config's: the project's `+meta` levels, config() and the YAML merged
  json.meta = (json.config as Json).meta;
  // dbt 1.10+: the doc() blocks a description calls; Strata renders them in place
  json.doc_blocks = [];
  json.group = null;
  json.docs = { show: true, node_color: null };
  json.build_path = null;
  json.unrendered_config = {};
  json.created_at = ctx.createdAt;
}

/** What every SQL node records of its code: raw and compiled SQL, refs, sources, dependencies. */
function setSqlCode(json: Json, node: ModelNode | TestNode | AnalysisNode | SnapshotNode, ctx: NodeJsonContext): void {
  // as dbt keeps a file's code: without its surrounding whitespace (a snapshot block's as written)
  json.raw_code = node.resourceType === 'snapshot' ? node.rawSql : node.rawSql.trim();
  json.language = 'sql';
  json.refs = refsToJson(node.refs);
  json.sources = node.sources;
  json.metrics = [];
  json.functions = [];
  json.depends_on = { macros: [], nodes: node.dependsOn };
  // dbt's compiled fields, present only for nodes compiled in this invocation
  const sql = ctx.compiled?.get(node.uniqueId);
  if (sql === undefined) {
    json.compiled_path = null;
  } else {
    json.compiled_path = `${ctx.targetPath}/compiled/${node.packageName}/${targetWritePath(node)}`;
    json.compiled = true;
    json.compiled_code = sql;
    json.extra_ctes_injected = true;
    json.extra_ctes = [];
  }
  json.contract = { enforced: false, alias_types: true, checksum: null };
}

/** Where a model or seed lands, in dbt's `database` / `schema` / `alias` keys: the start of its entry. */
function relationJson(relation: RelationName, ctx: NodeJsonContext): Json {
  return {
    database: relation.database ?? ctx.targetDatabase ?? null,
    schema: relation.schema,
    alias: relation.identifier,
  };
}

/** A model entry of `nodes`. */
export function modelToJson(node: ModelNode, ctx: NodeJsonContext): Json {
  const json = relationJson(node.relation, ctx);
  setCommon(json, node, ctx);
  json.columns = columnsToJson(node.columns, constraintTargetText(node, ctx));
  json.patch_path = patchPath(node);
  // Ephemeral models are CTEs: there is no relation to name (dbt writes null too).
  json.relation_name = node.config.materialized === 'ephemeral' ? null : ctx.renderRelation(node.relation);
  setSqlCode(json, node, ctx);
  json.access = 'protected';
  const contract = modelContractJson(node, ctx);
  json.contract = contract.contract;
  json.constraints = contract.constraints;
  json.version = null;
  json.latest_version = null;
  json.deprecation_date = null;
  json.primary_key = inferPrimaryKey(node, ctx.testsOf?.get(node.uniqueId) ?? []);
  // dbt 1.9+'s semantic-layer time spine: Strata has no semantic layer
  json.time_spine = null;
  return json;
}

/** A seed entry of `nodes`. */
export function seedToJson(node: SeedNode, ctx: NodeJsonContext): Json {
  const json = relationJson(node.relation, ctx);
  setCommon(json, node, ctx);
  json.columns = columnsToJson(node.columns);
  json.patch_path = patchPath(node);
  json.relation_name = ctx.renderRelation(node.relation);
  json.raw_code = '';
  json.depends_on = { macros: [] };
  return json;
}

/** An analysis entry of `nodes`: compiled SQL for a person to run; it builds no relation. */
export function analysisToJson(node: AnalysisNode, ctx: NodeJsonContext): Json {
  const json: Json = { database: ctx.targetDatabase ?? null, schema: ctx.targetSchema ?? null, alias: node.name };
  setCommon(json, node, ctx);
  json.columns = columnsToJson(node.columns);
  json.patch_path = patchPath(node);
  json.relation_name = null;
  setSqlCode(json, node, ctx);
  return json;
}

/** A snapshot entry of `nodes`: a model's fields, with dbt's snapshot settings in its config. */
export function snapshotToJson(node: SnapshotNode, ctx: NodeJsonContext): Json {
  const json = relationJson(node.relation, ctx);
  setCommon(json, node, ctx);
  json.config = snapshotConfigJson(node);
  json.columns = columnsToJson(node.columns);
  json.patch_path = patchPath(node);
  json.relation_name = ctx.renderRelation(node.relation);
  setSqlCode(json, node, ctx);
  return json;
}

/** A data test entry of `nodes`, generic (with test_metadata) or singular. */
export function testToJson(node: TestNode, ctx: NodeJsonContext): Json {
  const attached = node.attachedNode ? getNode(ctx.manifest, node.attachedNode) : undefined;
  const attachedRelation = attached && 'relation' in attached ? attached.relation : undefined;
  const baseSchema = ctx.targetSchema ?? attachedRelation?.schema;
  const auditSchema = node.config.schema ?? DEFAULT_AUDIT_SCHEMA;
  const json: Json = {
    database: ctx.targetDatabase ?? attachedRelation?.database ?? null,
    schema: baseSchema ? `${baseSchema}_${auditSchema}` : auditSchema,
    alias: node.config.alias ?? node.name,
  };
  setCommon(json, node, ctx);
  json.columns = {};
  json.patch_path = null;
  // the table its failures are stored in, when it stores them (dbt names no relation otherwise)
  json.relation_name =
    node.config.storeFailures === true
      ? ctx.renderRelation({ schema: json.schema as string, identifier: json.alias as string })
      : null;
  setSqlCode(json, node, ctx);
  if (node.testMetadata) {
    json.test_metadata = {
      name: node.testMetadata.name,
      // dbt records the tested relation as the `model` kwarg; catalog tools read it.
      kwargs: redactSecrets({
        ...node.testMetadata.kwargs,
        ...(attached ? { model: modelKwarg(attached) } : {}),
      }),
      namespace: node.testMetadata.namespace ?? null,
    };
    json.file_key_name = attached ? fileKeyName(attached) : null;
    json.column_name = node.columnName ?? null;
    // dbt attaches a generic test to the model, seed or snapshot it tests; a source's tests to none
    json.attached_node = attached && attached.resourceType !== 'source' ? attached.uniqueId : null;
  }
  return json;
}

/** An entry of `sources`. */
export function sourceToJson(node: SourceNode, ctx: NodeJsonContext): Json {
  return {
    database: node.relation.database ?? ctx.targetDatabase ?? null,
    schema: node.relation.schema,
    name: node.tableName,
    resource_type: 'source',
    package_name: node.packageName,
    path: nodePath(node),
    original_file_path: originalFilePath(node),
    unique_id: node.uniqueId,
    fqn: node.fqn,
    source_name: node.sourceName,
    source_description: node.sourceDescription,
    loader: '',
    identifier: node.relation.identifier,
    quoting: { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: node.loadedAtField ?? null,
    loaded_at_query: node.loadedAtQuery ?? null,
    freshness: sourceFreshnessJson(node),
    external: node.external
      ? {
          location: node.external.location,
          file_format: node.external.format,
          row_format: null,
          tbl_properties: null,
          partitions: node.external.partitions,
          file_glob: node.external.fileGlob ?? null,
        }
      : null,
    description: node.description,
    columns: columnsToJson(node.columns),
    meta: redactSecrets(node.meta),
    source_meta: {},
    doc_blocks: [],
    tags: node.tags,
    config: sourceConfigJson(node),
    patch_path: null,
    unrendered_config: {},
    relation_name: ctx.renderRelation(node.relation),
    created_at: ctx.createdAt,
  };
}

/** An entry of `macros`. The whole file is `macro_sql`: macros are loaded per file. */
export function macroToJson(macro: MacroDefinition, packageName: string, ctx: NodeJsonContext): Json {
  const file = projectRelativeFile(macro.origin);
  return {
    name: macro.name,
    resource_type: 'macro',
    package_name: packageName,
    path: file,
    original_file_path: file,
    unique_id: macro.uniqueId,
    macro_sql: macro.fileText,
    depends_on: { macros: [] },
    description: '',
    meta: {},
    docs: { show: true, node_color: null },
    patch_path: null,
    arguments: [],
    created_at: ctx.createdAt,
    supported_languages: null,
  };
}

function columnsToJson(columns: Record<string, ColumnInfo>, target: ConstraintTargetText = (to) => to): Json {
  return Object.fromEntries(
    Object.values(columns).map((column) => [
      column.name,
      {
        name: column.name,
        description: column.description,
        meta: redactSecrets(column.meta),
        data_type: column.dataType ?? null,
        constraints: constraintsJson(column.constraints ?? [], 'column', target),
        quote: null,
        tags: column.tags,
        // dbt 1.10+ keeps a column's meta and tags under config too
        config: { meta: redactSecrets(column.meta), tags: column.tags },
        granularity: null,
        doc_blocks: [],
      },
    ]),
  );
}

function refsToJson(refs: ModelNode['refs']): Json[] {
  return refs.map((ref) => ({ name: ref.name, package: ref.package ?? null, version: null }));
}

/** dbt's `<package>://<file of the YAML entry>`, the file named from the node's own project. */
function patchPath(node: ModelNode | SeedNode | AnalysisNode | SnapshotNode): string | null {
  if (node.patchPath === undefined) return null;
  return `${node.packageName}://${projectRelativeFile({ ...node.origin, file: node.patchPath })}`;
}

function modelKwarg(attached: ManifestNode): string {
  const relation =
    attached.resourceType === 'source'
      ? `source('${attached.sourceName}', '${attached.tableName}')`
      : `ref('${attached.name}')`;
  return `{{ get_where_subquery(${relation}) }}`;
}

function fileKeyName(attached: ManifestNode): string {
  if (attached.resourceType === 'source') return `sources.${attached.sourceName}`;
  return `${attached.resourceType}s.${attached.name}`;
}
