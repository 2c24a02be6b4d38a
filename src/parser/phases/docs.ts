import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionalField } from '../../config/yaml-shape.js';
import { StrataError } from '../../errors/strata-error.js';
import type { DocDefinition } from '../../manifest/types.js';
import { DescriptionRenderer } from '../../templating/description-renderer.js';
import { parseDocsBlocks } from '../../templating/docs-blocks.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { renderDescriptions } from '../render-descriptions.js';

/**
 * Phase: the `{% docs %}` blocks of the `.md` files (docs-paths, else the model paths),
 * then every description of the schema files rendered with them, so that `{{ doc('x') }}`
 * reaches nodes, columns and sources as its text. Runs after the schema files are read and
 * before any node takes its description from them.
 */
export function addDocs(builder: ManifestBuilder): void {
  const { project, variables } = builder.context;
  const docs = new Map<string, DocDefinition>();
  for (const file of builder.files('docs')) {
    for (const block of parseDocsBlocks(readFileSync(file.path, 'utf8'), file.file)) {
      const uniqueId = `doc.${project.name}.${block.name}`;
      const existing = docs.get(uniqueId);
      if (existing) {
        throw new StrataError(
          `The docs block "${block.name}" is defined twice: ${existing.origin.file}:${existing.origin.line} and here`,
          { location: { file: file.file, line: block.line }, hint: 'Rename or remove one of them.' },
        );
      }
      const origin = { file: file.file, line: block.line, ...optionalField('packageRoot', project.packageRoot) };
      const path = [...file.folders, file.file.slice(file.file.lastIndexOf('/') + 1)].join('/');
      const { name, contents } = block;
      docs.set(uniqueId, { uniqueId, name, packageName: project.name, origin, path, contents });
    }
  }
  if (docs.size > 0) builder.manifest.docs = docs;
  if (builder.schemaFiles.length === 0) return;
  const renderer = new DescriptionRenderer({
    projectName: project.name,
    docs: docs.values(),
    variable: (name, fallback, file) => variables.resolve(name, fallback, file),
    envVar: (name, fallback, file) => variables.envVar(name, fallback, file),
  });
  for (const schemaFile of builder.schemaFiles) {
    renderDescriptions(schemaFile, renderer, () => readFileSync(join(project.rootDir, schemaFile.file), 'utf8'));
  }
}
