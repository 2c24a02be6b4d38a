import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StrataError } from '../../errors/strata-error.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { snapshotPaths } from '../project-files.js';
import { parseSnapshot, type SnapshotSource } from '../parse-snapshots.js';
import { snapshotBlocks } from '../snapshot-blocks.js';

/**
 * Phase: every `{% snapshot %}` block of the snapshot paths, and every YAML `snapshots:` entry
 * with a `relation:` (dbt 1.9+), whose query is `select * from <relation>`. A YAML entry
 * without `relation:` documents the block of its name; one naming no block is an error.
 */
export function addSnapshots(builder: ManifestBuilder): void {
  const patches = builder.patches.snapshot;
  const fromBlocks = new Set<string>();
  for (const file of builder.files('snapshots')) {
    for (const block of snapshotBlocks(readFileSync(file.path, 'utf8'), file.file)) {
      const patch = patches.get(block.name);
      if (patch?.relation !== undefined) throw definedTwice(block.name, file.file, patch.file, patch.line);
      fromBlocks.add(block.name);
      const fqnPath = [...file.folders, file.stem];
      add(builder, { name: block.name, file: file.file, fqnPath, sql: block.body, line: block.line });
    }
  }
  for (const patch of patches.values()) {
    if (fromBlocks.has(patch.name)) continue;
    if (patch.relation === undefined) {
      throw new StrataError(`The snapshot '${patch.name}' has no relation: and no {% snapshot %} block`, {
        location: { file: patch.file, line: patch.line },
        hint: "Add relation: ref('model_name') (or source('src', 'table')) to the entry, or write the block.",
      });
    }
    add(builder, {
      name: patch.name,
      file: patch.file,
      fqnPath: yamlFolders(builder, patch.file),
      sql: `select * from {{ ${patch.relation} }}`,
      line: patch.line,
    });
  }
}

function add(builder: ManifestBuilder, source: SnapshotSource): void {
  const { node, template } = parseSnapshot(builder.context, source, builder.patches.snapshot.get(source.name));
  if (node.config.enabled) builder.addNode(node, template);
}

/** The folders of a YAML file below the project folder it is in (`snapshots/orders.yml` -> []). */
function yamlFolders(builder: ManifestBuilder, file: string): string[] {
  const folder = dirname(file);
  const segments = folder === '.' ? [] : folder.split('/');
  const { project } = builder.context;
  const roots = [...snapshotPaths(project), ...project.modelPaths];
  const root = roots.find((candidate) => folder === candidate || folder.startsWith(`${candidate}/`));
  return root === undefined ? segments : segments.slice(root.split('/').length);
}

function definedTwice(name: string, file: string, yamlFile: string, line: number): StrataError {
  return new StrataError(`The snapshot '${name}' is defined twice: in ${file} and by relation: in ${yamlFile}`, {
    location: { file: yamlFile, line },
    hint: 'Keep one: remove relation: from the YAML entry to document the block, or remove the block.',
  });
}
