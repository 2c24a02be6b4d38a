import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeConfig } from '../../config/node-config.js';
import type { OperationNode } from '../../manifest/types.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { folderConfigOf } from '../packages/folder-config-of.js';
import { sha256 } from '../parse-context.js';

/**
 * Phase: the project hooks (`on-run-start`, `on-run-end`) of every project as `operation`
 * nodes, those of installed packages before the root project's, as dbt runs them. As in dbt,
 * a hook's config is what the project's `models:` block sets at its fqn (`<project>.hooks.<name>`):
 * the project-level `+materialized`, `+tags`, `+meta`... (recorded, not acted on).
 */
export function addRunHooks(builder: ManifestBuilder): void {
  const operations = new Map<string, OperationNode>();
  for (const project of [...builder.packages, builder]) {
    const config = project.context.project;
    const hooks = [
      ...(config.onRunStart ?? []).map((sql, index) => ({ sql, index, type: 'on-run-start' as const })),
      ...(config.onRunEnd ?? []).map((sql, index) => ({ sql, index, type: 'on-run-end' as const })),
    ];
    const fileChecksum = hooks.length === 0 ? undefined : projectFileChecksum(config.rootDir, config.file);
    for (const { sql, index, type } of hooks) {
      const name = `${config.name}-${type}-${index}`;
      const origin = { file: config.file, line: config.at?.([type]).line };
      const hookConfig = normalizeConfig(
        [folderConfigOf(project.context, 'models', ['hooks', name])],
        { materialized: 'view' },
        origin,
      );
      const operation: OperationNode = {
        uniqueId: `operation.${config.name}.${name}`,
        name,
        resourceType: 'operation',
        packageName: config.name,
        fqn: [config.name, 'hooks', name],
        origin,
        description: '',
        tags: [type, ...hookConfig.tags.filter((tag) => tag !== type)],
        meta: {},
        hookType: type,
        schema: builder.context.target.schema,
        database: builder.context.target.database,
        index,
        rawSql: sql,
        checksum: fileChecksum ?? sha256(sql),
        config: hookConfig,
      };
      operations.set(operation.uniqueId, operation);
    }
  }
  if (operations.size > 0) builder.manifest.operations = operations;
}

/** dbt's checksum of a hook: its project file's, of the text without surrounding whitespace. */
function projectFileChecksum(rootDir: string, file: string): string | undefined {
  try {
    return sha256(readFileSync(join(rootDir, file), 'utf8').trim());
  } catch {
    // a project given without its file (an embedding tool's): each hook's own SQL identifies it
    return undefined;
  }
}
