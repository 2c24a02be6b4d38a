/**
 * One manifest entry in dbt's manifest v12 shape: models, seeds, tests, sources, macros.
 * Only project content goes in; profile and target settings never reach this file, and
 * credential-looking keys of the free-form parts (`meta`, `config`, test arguments) are
 * masked as in run_results.json.
 */
import type {
  AnalysisNode,
  ColumnInfo,
  FreshnessThreshold,
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
import { configToJson } from '../manifest/config-json.js';
import { redactSecrets } from '../config/redact-secrets.js';
import { DEFAULT_AUDIT_SCHEMA } from '../data-tests/store-failures.js';
import { nodePath, originalFilePath, targetWritePath, toPosixPath } from './node-paths.js';

/** What every entry serializer needs besides the node. */
export interface NodeJsonContext {
  manifest: Manifest;
  renderRelation: (relation: RelationName) => string;
  /** compiled SQL by unique id, for nodes compiled in this invocation */
  compiled?: Map<string, string>;
  /** epoch seconds, dbt's `created_at` */
  createdAt: number;
  /** project-relative target folder, for `compiled_path` */
  targetPath: string;
  /** the target schema, for tests' audit schema; else the attached node's schema */
  targetSchema?: string;
}

type Json = Record<string, unknown>;

/** Keys shared by models, seeds and tests. */
function commonJson(node: ModelNode | SeedNode | TestNode | AnalysisNode | SnapshotNode, ctx: NodeJsonContext): Json {
  return {
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: nodePath(node),
    original_file_path: originalFilePath(node),
    unique_id: node.uniqueId,
    fqn: node.fqn,
    checksum: { name: 'sha256', checksum: node.checksum },
    config: configToJson(node.config),
    tags: node.tags,
    description: node.description,
    meta: redactSecrets(node.meta),
    group: null,
    docs: { show: true, node_color: null },
    build_path: null,
    unrendered_config: {},
    created_at: ctx.createdAt,
  };
}

/** What every SQL node records of its code: raw and compiled SQL, refs, sources, dependencies. */
function sqlCodeJson(node: ModelNode | TestNode | AnalysisNode | SnapshotNode, ctx: NodeJsonContext): Json {
  return {
    raw_code: node.rawSql,
    language: 'sql',
    refs: refsToJson(node.refs),
    sources: node.sources,
    metrics: [],
    depends_on: { macros: [], nodes: node.dependsOn },
    ...compiledJson(node, ctx),
    contract: { enforced: false, alias_types: true, checksum: null },
  };
}

/** dbt's compiled fields, present only for nodes compiled in this invocation. */
function compiledJson(node: ModelNode | TestNode | AnalysisNode | SnapshotNode, ctx: NodeJsonContext): Json {
  const sql = ctx.compiled?.get(node.uniqueId);
  if (sql === undefined) return { compiled_path: null };
  return {
    compiled_path: `${ctx.targetPath}/compiled/${node.packageName}/${targetWritePath(node)}`,
    compiled: true,
    compiled_code: sql,
    extra_ctes_injected: true,
    extra_ctes: [],
  };
}

/** Where a model or seed lands, in dbt's `database` / `schema` / `alias` keys. */
function relationJson(relation: RelationName): Json {
  return { database: relation.database ?? null, schema: relation.schema, alias: relation.identifier };
}

/** A model entry of `nodes`. */
export function modelToJson(node: ModelNode, ctx: NodeJsonContext): Json {
  return {
    ...relationJson(node.relation),
    ...commonJson(node, ctx),
    columns: columnsToJson(node.columns),
    patch_path: patchPath(node.packageName, node.patchPath),
    // Ephemeral models are CTEs: there is no relation to name (dbt writes null too).
    relation_name: node.config.materialized === 'ephemeral' ? null : ctx.renderRelation(node.relation),
    ...sqlCodeJson(node, ctx),
    access: 'protected',
    constraints: [],
    version: null,
    latest_version: null,
    deprecation_date: null,
  };
}

/** A seed entry of `nodes`. */
export function seedToJson(node: SeedNode, ctx: NodeJsonContext): Json {
  return {
    ...relationJson(node.relation),
    ...commonJson(node, ctx),
    columns: columnsToJson(node.columns),
    patch_path: patchPath(node.packageName, node.patchPath),
    relation_name: ctx.renderRelation(node.relation),
    raw_code: '',
    depends_on: { macros: [] },
  };
}

/** A snapshot entry of `nodes`: a model's fields, with dbt's snapshot settings in its config. */
export function snapshotToJson(node: SnapshotNode, ctx: NodeJsonContext): Json {
  const { snapshot } = node;
  const common = commonJson(node, ctx);
  const renamed = node.config.extra.snapshot_meta_column_names as Record<string, unknown> | undefined;
  const metaNames = Object.fromEntries(
    ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'].map((key) => [
      key,
      renamed?.[key] ?? null,
    ]),
  );
  return {
    ...relationJson(node.relation),
    ...common,
    config: {
      target_schema: null,
      target_database: null,
      updated_at: null,
      check_cols: null,
      dbt_valid_to_current: null,
      // as written, as dbt keeps it (null when unset, though `ignore` applies)
      hard_deletes: null,
      ...(common.config as Json),
      strategy: snapshot.strategy,
      unique_key: snapshot.uniqueKey.length === 1 ? snapshot.uniqueKey[0] : snapshot.uniqueKey,
      snapshot_meta_column_names: metaNames,
    },
    columns: columnsToJson(node.columns),
    patch_path: patchPath(node.packageName, node.patchPath),
    relation_name: ctx.renderRelation(node.relation),
    ...sqlCodeJson(node, ctx),
  };
}

/** An analysis entry of `nodes`: compiled SQL for a person to run; it builds no relation. */
export function analysisToJson(node: AnalysisNode, ctx: NodeJsonContext): Json {
  return {
    database: null,
    schema: ctx.targetSchema ?? null,
    alias: node.name,
    ...commonJson(node, ctx),
    columns: columnsToJson(node.columns),
    patch_path: patchPath(node.packageName, node.patchPath),
    relation_name: null,
    ...sqlCodeJson(node, ctx),
  };
}

/** A data test entry of `nodes`, generic (with test_metadata) or singular. */
export function testToJson(node: TestNode, ctx: NodeJsonContext): Json {
  const attached = node.attachedNode ? getNode(ctx.manifest, node.attachedNode) : undefined;
  const baseSchema = ctx.targetSchema ?? (attached && 'relation' in attached ? attached.relation.schema : undefined);
  const auditSchema = node.config.schema ?? DEFAULT_AUDIT_SCHEMA;
  return {
    database: attached && 'relation' in attached ? (attached.relation.database ?? null) : null,
    schema: baseSchema ? `${baseSchema}_${auditSchema}` : auditSchema,
    alias: node.config.alias ?? node.name,
    ...commonJson(node, ctx),
    columns: {},
    patch_path: null,
    relation_name: null,
    ...sqlCodeJson(node, ctx),
    ...(node.testMetadata
      ? {
          test_metadata: {
            name: node.testMetadata.name,
            // dbt records the tested relation as the `model` kwarg; catalog tools read it.
            kwargs: redactSecrets({
              ...node.testMetadata.kwargs,
              ...(attached ? { model: modelKwarg(attached) } : {}),
            }),
            namespace: node.testMetadata.namespace ?? null,
          },
          file_key_name: attached ? fileKeyName(attached) : null,
        }
      : {}),
    column_name: node.columnName ?? null,
    attached_node: node.attachedNode ?? null,
  };
}

/** An entry of `sources`. */
export function sourceToJson(node: SourceNode, ctx: NodeJsonContext): Json {
  return {
    database: node.relation.database ?? null,
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
    freshness: {
      warn_after: thresholdToJson(node.freshness?.warnAfter),
      error_after: thresholdToJson(node.freshness?.errorAfter),
      filter: node.freshness?.filter ?? null,
    },
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
    tags: node.tags,
    config: configToJson(node.config),
    patch_path: null,
    unrendered_config: {},
    relation_name: ctx.renderRelation(node.relation),
    created_at: ctx.createdAt,
  };
}

/** An entry of `macros`. The whole file is `macro_sql`: macros are loaded per file. */
export function macroToJson(macro: MacroDefinition, packageName: string, ctx: NodeJsonContext): Json {
  const file = toPosixPath(macro.origin.file);
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

function columnsToJson(columns: Record<string, ColumnInfo>): Json {
  return Object.fromEntries(
    Object.values(columns).map((column) => [
      column.name,
      {
        name: column.name,
        description: column.description,
        meta: redactSecrets(column.meta),
        data_type: column.dataType ?? null,
        constraints: [],
        quote: null,
        tags: column.tags,
      },
    ]),
  );
}

function refsToJson(refs: ModelNode['refs']): Json[] {
  return refs.map((ref) => ({ name: ref.name, package: ref.package ?? null, version: null }));
}

function thresholdToJson(threshold: FreshnessThreshold | undefined): Json {
  return threshold ? { count: threshold.count, period: threshold.period } : { count: null, period: null };
}

function patchPath(packageName: string, file: string | undefined): string | null {
  return file === undefined ? null : `${packageName}://${toPosixPath(file)}`;
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
