import { normalizeConfig } from '../config/node-config.js';
import type { AnalysisNode } from '../manifest/types.js';
import type { DiscoveredFile } from './discover.js';
import { lineOf, sha256, type ParseContext } from './parse-context.js';
import { folderConfigOf } from './packages/folder-config-of.js';
import { renderSqlFile } from './render-sql-file.js';
import { columnsOf, type ParsedSql } from './parse-models.js';
import type { NodePatch } from './schema-types.js';

/**
 * One analysis file (dbt's `analyses/`): a query rendered once in parse mode to learn its
 * refs, sources and `config()`. Like dbt, its fqn and `path` are under `analysis`, and
 * its unique id is `analysis.<project>.<name>`.
 */
export function parseAnalysis(
  ctx: ParseContext,
  file: DiscoveredFile,
  patch: NodePatch | undefined,
): ParsedSql<AnalysisNode> {
  const { project } = ctx;
  const { rawSql, template, scope } = renderSqlFile(ctx, file, 'analysis');
  // dbt's analyses carry the default `view` materialization; nothing is ever built from it. As in
  // dbt, the project's `models:` block configures them at their fqn (`<project>.analysis.<folders>`).
  const fromProject = folderConfigOf(ctx, 'models', ['analysis', ...file.folders, file.stem]);
  const config = normalizeConfig(
    [fromProject, patch?.config ?? {}, ...scope.configs],
    { materialized: 'view' },
    {
      file: file.file,
      line: lineOf(rawSql, 'config('),
    },
  );
  return {
    template,
    node: {
      uniqueId: `analysis.${project.name}.${file.stem}`,
      name: file.stem,
      resourceType: 'analysis',
      packageName: project.name,
      fqn: [project.name, 'analysis', ...file.folders, file.stem],
      origin: { file: file.file },
      description: patch?.description ?? '',
      tags: config.tags,
      meta: patch?.meta ?? {},
      rawSql,
      // dbt's: of the file's text without its surrounding whitespace
      checksum: sha256(rawSql.trim()),
      config,
      refs: scope.refs,
      sources: scope.sources,
      dependsOn: [],
      columns: columnsOf(patch?.columns ?? []),
      patchPath: patch?.file,
    },
  };
}
