import { readFileSync } from 'node:fs';
import { normalizeConfig } from '../config/node-config.js';
import type { SeedNode } from '../manifest/types.js';
import type { DiscoveredFile } from './discover.js';
import { sha256, type ParseContext } from './parse-context.js';
import { columnsOf } from './parse-models.js';
import { folderConfigOf } from './packages/folder-config-of.js';
import { namedRelation } from './naming-overrides.js';
import type { NodePatch } from './schema-types.js';

/** A seed is a CSV file; its config comes from project.yml's `seeds:` and its YAML patch. */
export function parseSeed(ctx: ParseContext, file: DiscoveredFile, patch: NodePatch | undefined): SeedNode {
  const { project } = ctx;
  const folderConfig = folderConfigOf(ctx, 'seeds', [...file.folders, file.stem]);
  const config = normalizeConfig(
    [folderConfig, patch?.config ?? {}],
    { materialized: 'seed' },
    {
      file: patch?.file ?? file.file,
      line: patch?.line,
    },
  );
  return {
    uniqueId: `seed.${project.name}.${file.stem}`,
    name: file.stem,
    resourceType: 'seed',
    packageName: project.name,
    fqn: [project.name, ...file.folders, file.stem],
    origin: { file: file.file },
    description: patch?.description ?? '',
    tags: config.tags,
    meta: patch?.meta ?? {},
    csvPath: file.path,
    // dbt's: of the file's text without its surrounding whitespace
    checksum: sha256(readFileSync(file.path, 'utf8').trim()),
    config,
    relation: namedRelation(
      ctx,
      {
        uniqueId: `seed.${project.name}.${file.stem}`,
        name: file.stem,
        resourceType: 'seed',
        packageName: project.name,
        fqn: [project.name, ...file.folders, file.stem],
        file: file.file,
      },
      config,
    ),
    columns: columnsOf(patch?.columns ?? []),
    dependsOn: [],
    patchPath: patch?.file,
  };
}
