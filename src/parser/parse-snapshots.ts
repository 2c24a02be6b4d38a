import { normalizeConfig } from '../config/node-config.js';
import { legacyTarget, readSnapshotConfig } from '../config/snapshot-config.js';
import type { NodeConfig, RelationName, SnapshotNode } from '../manifest/types.js';
import { compileSqlTemplate } from '../templating/sql-template.js';
import { namedRelation, type NamedNode } from './naming-overrides.js';
import { folderConfigOf } from './packages/folder-config-of.js';
import { installedPackageOf, lineOf, sha256, type ParseContext } from './parse-context.js';
import { checkConfigCalls, columnsOf, type ParsedSql } from './parse-models.js';
import { ParseScope } from './parse-scope.js';
import type { NodePatch } from './schema-types.js';

/** Where a snapshot's query is written: a `{% snapshot %}` block, or a YAML entry's `relation:`. */
export interface SnapshotSource {
  name: string;
  /** project-relative file: the SQL file of the block, or the YAML file */
  file: string;
  /**
   * dbt's fqn between the project and the name: a block's folders and file stem
   * (`snapshots/crm/customers.sql` -> ['crm', 'customers']), a YAML entry's folders
   */
  fqnPath: string[];
  /** the query's template text (a block's body, lines before it blank) */
  sql: string;
  line: number;
}

const DEFAULTS = { materialized: 'snapshot' } as const;

/**
 * Parse one snapshot: render its query once in parse mode to learn its refs, sources and
 * `config()`, then layer the project's `snapshots:` block, the YAML entry and `config()`
 * as for a model, and read the snapshot settings. Its unique id is `snapshot.<project>.<name>`.
 */
export function parseSnapshot(
  ctx: ParseContext,
  source: SnapshotSource,
  patch: NodePatch | undefined,
): ParsedSql<SnapshotNode> {
  const { project } = ctx;
  const { name, file } = source;
  const template = compileSqlTemplate(ctx.templates, source.sql, file, installedPackageOf(ctx));
  const fqn = [project.name, ...source.fqnPath, name];
  const layers = [folderConfigOf(ctx, 'snapshots', fqn.slice(1)), patch?.config ?? {}];
  const where = { file, line: source.line };
  const provisional = normalizeConfig(layers, DEFAULTS, where);
  const named: NamedNode = {
    uniqueId: `snapshot.${project.name}.${name}`,
    name,
    resourceType: 'snapshot',
    packageName: project.name,
    fqn,
    file,
  };
  const scope = new ParseScope(
    file,
    snapshotRelation(ctx, named, provisional),
    ctx.dialect,
    ctx.targetContext,
    ctx.variables,
    ctx.invocation,
  );
  template.render(scope);
  checkConfigCalls(ctx, file, source.sql, scope.configs, `the config() of snapshot "${name}"`);
  const configLine = lineOf(source.sql, 'config(');
  // a mistake is shown where the settings are written: the config() call, else the YAML entry
  const settingsAt = configLine ? { file, line: configLine } : patch ? { file: patch.file, line: patch.line } : where;
  const config = normalizeConfig([...layers, ...scope.configs], DEFAULTS, settingsAt);
  config.materialized = 'snapshot';
  return {
    template,
    node: {
      uniqueId: named.uniqueId,
      name,
      resourceType: 'snapshot',
      packageName: project.name,
      fqn,
      origin: { file, line: source.line },
      description: patch?.description ?? '',
      tags: config.tags,
      meta: patch?.meta ?? {},
      rawSql: source.sql,
      checksum: sha256(source.sql),
      config,
      snapshot: readSnapshotConfig(config, settingsAt, name),
      relation: snapshotRelation(ctx, named, config),
      columns: columnsOf(patch?.columns ?? []),
      refs: scope.refs,
      sources: scope.sources,
      dependsOn: [],
      patchPath: patch?.file,
    },
  };
}

/**
 * A snapshot's table: the legacy `target_schema` / `target_database` name it as written (no
 * `generate_schema_name`, as in dbt); otherwise `schema`, `database` and `alias` as a model's.
 */
function snapshotRelation(ctx: ParseContext, named: NamedNode, config: NodeConfig): RelationName {
  const relation = namedRelation(ctx, named, config);
  const legacy = legacyTarget(config);
  if (legacy.schema !== undefined) relation.schema = legacy.schema;
  if (legacy.database !== undefined) relation.database = legacy.database;
  return relation;
}
