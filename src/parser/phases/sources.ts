import type { ManifestBuilder } from '../manifest-builder.js';
import { parseSources } from '../parse-sources.js';

/** Phase: the source tables of the schema files; no model or seed may build one of them. */
export function addSources(builder: ManifestBuilder): void {
  for (const schemaFile of builder.schemaFiles) {
    for (const declaration of schemaFile.sources) {
      for (const source of parseSources(builder.context, declaration)) builder.addSource(source);
    }
  }
  builder.rejectSourceTables();
}
