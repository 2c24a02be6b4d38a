import { normalizeConfig } from '../config/node-config.js';
import type { SourceNode } from '../manifest/types.js';
import type { ParseContext } from './parse-context.js';
import { columnsOf } from './parse-models.js';
import { projectSourceConfig } from './project-resource-config.js';
import { mergeFreshness } from './schema-freshness.js';
import type { SourceDeclaration } from './schema-types.js';

/** One SourceNode per table of a `sources:` entry; tables inherit freshness and loaded_at_field. */
export function parseSources(ctx: ParseContext, declaration: SourceDeclaration): SourceNode[] {
  const { project, target } = ctx;
  return declaration.tables.map((table) => {
    // dbt_project.yml's `sources:` block first: the YAML of the source and table wins over it
    const fromProject = projectSourceConfig(project, [declaration.name, table.name]);
    const config = normalizeConfig(
      [
        {
          tags: [...fromProject.tags, ...declaration.tags, ...table.tags],
          event_time: table.eventTime ?? declaration.eventTime,
        },
      ],
      { materialized: 'view' },
      {
        file: declaration.file,
        line: table.line,
      },
    );
    const relation: SourceNode['relation'] = {
      schema: declaration.schema ?? declaration.name,
      identifier: table.identifier ?? table.name,
    };
    const database = declaration.database ?? target.database;
    if (database !== undefined) relation.database = database;
    return {
      uniqueId: `source.${project.name}.${declaration.name}.${table.name}`,
      name: table.name,
      resourceType: 'source',
      packageName: project.name,
      fqn: [project.name, declaration.name, table.name],
      origin: { file: declaration.file, line: table.line },
      description: table.description,
      tags: config.tags,
      meta: { ...fromProject.meta, ...declaration.meta, ...table.meta },
      sourceName: declaration.name,
      tableName: table.name,
      relation,
      external: table.external,
      loadedAtField: table.loadedAtField ?? declaration.loadedAtField ?? fromProject.loadedAtField,
      // as in dbt, each is inherited on its own; the query wins when both are set
      loadedAtQuery: table.loadedAtQuery ?? declaration.loadedAtQuery ?? fromProject.loadedAtQuery,
      freshness: mergeFreshness(fromProject.freshness, mergeFreshness(declaration.freshness, table.freshness)),
      columns: columnsOf(table.columns),
      sourceDescription: declaration.description,
      dependsOn: [],
      config,
    };
  });
}
