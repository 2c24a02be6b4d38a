import { configDefaults } from '../manifest/config-defaults.js';
import { configToJson } from '../manifest/config-json.js';
import type { OperationNode } from '../manifest/types.js';
import type { NodeJsonContext } from './manifest-node-json.js';

/**
 * A project hook's entry of `nodes`, as dbt writes it: resource type `operation`, path
 * `hooks/<name>.sql`, the project file as its file, and its type as its tag. A hook that ran
 * in this invocation has its rendered SQL as `compiled_code` and, as dbt numbers the hooks it
 * runs, its 1-based place among the hooks of its type run (`runPosition`) as `index`; one
 * that did not run keeps its 0-based place in the project file.
 */
export function operationToJson(
  hook: OperationNode,
  ctx: NodeJsonContext,
  runPosition: number,
): Record<string, unknown> {
  const compiled = ctx.compiled?.get(hook.uniqueId);
  const config = hook.config ? configToJson(hook.config, 'operation') : configDefaults('operation');
  return {
    database: hook.database ?? ctx.targetDatabase ?? null,
    schema: hook.schema,
    name: hook.name,
    resource_type: 'operation',
    package_name: hook.packageName,
    path: `hooks/${hook.name}.sql`,
    original_file_path: `./${hook.origin.file}`,
    unique_id: hook.uniqueId,
    fqn: hook.fqn,
    alias: hook.name,
    checksum: { name: 'sha256', checksum: hook.checksum },
    config,
    tags: hook.tags,
    description: '',
    columns: {},
    meta: config.meta,
    group: null,
    docs: { show: true, node_color: null },
    patch_path: null,
    build_path: null,
    unrendered_config: {},
    created_at: ctx.createdAt,
    relation_name: null,
    raw_code: hook.rawSql,
    doc_blocks: [],
    language: 'sql',
    refs: [],
    sources: [],
    metrics: [],
    functions: [],
    depends_on: { macros: [], nodes: [] },
    compiled_path:
      compiled === undefined
        ? null
        : `${ctx.targetPath}/compiled/${hook.packageName}/./${hook.origin.file}/hooks/${hook.name}.sql`,
    ...(compiled === undefined
      ? {}
      : { compiled: true, compiled_code: compiled, extra_ctes_injected: true, extra_ctes: [] }),
    contract: { enforced: false, alias_types: true, checksum: null },
    index: compiled === undefined ? hook.index : runPosition,
  };
}
