import type { ManifestBuilder } from '../manifest-builder.js';
import { parseSources } from '../parse-sources.js';
import { projectResourceConfig } from '../project-resource-config.js';

/** Phase: the source tables of the schema files; no model or seed may build one of them. */
export function addSources(builder: ManifestBuilder): void {
  for (const schemaFile of builder.schemaFiles) {
    for (const declaration of schemaFile.sources) {
      // dbt_project.yml's `sources:` switches tables off before their tests are read
      const { project } = builder.context;
      declaration.tables = declaration.tables.filter(
        (table) =>
          table.enabled === true ||
          projectResourceConfig(project, 'sources', project.sources, [declaration.name, table.name]).enabled !== false,
      );
      for (const source of parseSources(builder.context, declaration)) builder.addSource(source);
    }
  }
  builder.rejectSourceTables();
}
