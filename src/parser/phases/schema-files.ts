import { StrataError } from '../../errors/strata-error.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { loadYamlFile } from '../../config/yaml-file.js';
import { renderSchemaFile } from '../schema-jinja.js';
import { parseSchemaYaml } from '../schema-yaml.js';
import type { NodePatch, SchemaFile } from '../schema-types.js';

/**
 * Phase: read the schema YAML files beside the models, seeds and analyses, before the files
 * they describe, so that each is parsed with its YAML entry (its patch).
 */
export function readSchemaFiles(builder: ManifestBuilder): void {
  const { project, configKeys } = builder.context;
  for (const file of builder.files('schema')) {
    const yaml = renderSchemaFile(loadYamlFile(file.path, project.rootDir), builder.context);
    const schemaFile = parseSchemaYaml(yaml, configKeys);
    builder.schemaFiles.push(schemaFile);
  }
  for (const schemaFile of builder.schemaFiles) builder.warn(...schemaFile.warnings);
  collectPatches(builder.schemaFiles, 'models', builder.patches.model);
  collectPatches(builder.schemaFiles, 'seeds', builder.patches.seed);
  collectPatches(builder.schemaFiles, 'analyses', builder.patches.analysis);
  collectPatches(builder.schemaFiles, 'snapshots', builder.patches.snapshot);
}

/** The entries of `key` across files by name; one name described twice is an error. */
function collectPatches(
  files: SchemaFile[],
  key: 'models' | 'seeds' | 'analyses' | 'snapshots',
  patches: Map<string, NodePatch>,
): void {
  for (const file of files) {
    for (const patch of file[key]) {
      const existing = patches.get(patch.name);
      if (existing) {
        throw new StrataError(`'${patch.name}' is described twice: ${existing.file}:${existing.line} and here`, {
          location: { file: patch.file, line: patch.line },
          hint: 'Keep one entry per resource across YAML files.',
        });
      }
      patches.set(patch.name, patch);
    }
  }
}
