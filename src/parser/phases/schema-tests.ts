import { posix } from 'node:path';
import { closestMatch } from '../../config/closest-match.js';
import type { ProjectConfig } from '../../config/types.js';
import { StrataError } from '../../errors/strata-error.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { GenericTestDefinitions, macroFiles } from '../../data-tests/test-definitions.js';
import { parseGenericTest, type TestOwner } from '../parse-tests.js';
import type { TestNode } from '../../manifest/types.js';
import type { ColumnDeclaration, NodePatch, TestDeclaration } from '../schema-types.js';

/**
 * Phase: the generic tests the schema files declare on models, seeds, snapshots, their
 * columns and source tables. A YAML entry naming no file is checked here, once every file is known.
 */
export function addSchemaTests(builder: ManifestBuilder): void {
  const { project } = builder.context;
  const definitions = new GenericTestDefinitions(builder.context.templates, macroFiles(builder.manifest));
  for (const kind of ['model', 'seed'] as const) {
    // every file on disk, enabled or not, so that a YAML entry of a disabled node is not "missing";
    // a Python model's entry is not missing either: its file is already reported as unsupported
    const files =
      kind === 'model' ? [...builder.files('models'), ...builder.files('python_models')] : builder.files('seeds');
    const onDisk = new Set(files.map((file) => file.stem));
    for (const patch of builder.patches[kind].values()) {
      if (!onDisk.has(patch.name)) {
        // A seed entry configures how a CSV loads (column_types...): without the CSV nothing
        // would load, so that is an error; a model entry is documentation, so a warning.
        if (kind === 'seed') throw missingSeedFile(project, patch, onDisk);
        builder.warn(
          `${patch.file}:${patch.line}: ${kind} '${patch.name}' is documented but no ${kind} file has that name`,
        );
        continue;
      }
      if (!builder.manifest.refIndex.has(patch.name)) continue; // disabled
      addTests(builder, definitions, { kind: 'ref', name: patch.name, file: patch.file }, patch);
    }
  }
  // a snapshot entry names a snapshot or is an error (phases/snapshots.ts); a disabled one has no tests
  for (const patch of builder.patches.snapshot.values()) {
    if (builder.manifest.refIndex.has(patch.name))
      addTests(builder, definitions, { kind: 'ref', name: patch.name, file: patch.file }, patch);
  }
  for (const schemaFile of builder.schemaFiles) {
    for (const declaration of schemaFile.sources) {
      for (const table of declaration.tables) {
        const owner: TestOwner = {
          kind: 'source',
          name: table.name,
          sourceName: declaration.name,
          file: declaration.file,
        };
        addTests(builder, definitions, owner, table);
      }
    }
  }
}

/** The tests of one YAML entry: its own, then each column's. */
function addTests(
  builder: ManifestBuilder,
  definitions: GenericTestDefinitions,
  owner: TestOwner,
  entry: { tests: TestDeclaration[]; columns: ColumnDeclaration[] },
): void {
  const add = (test: TestNode) => {
    // `config: { enabled: false }` switches one test off, as in dbt
    if (test.config.enabled) builder.addNode(test);
  };
  for (const test of entry.tests) add(parseGenericTest(builder.context, definitions, owner, test));
  for (const column of entry.columns)
    for (const test of column.tests) add(parseGenericTest(builder.context, definitions, owner, test, column.name));
}

/** A `seeds:` entry whose CSV does not exist: names the file to add, or the seed that was meant. */
function missingSeedFile(project: ProjectConfig, patch: NodePatch, seeds: Set<string>): StrataError {
  // beside the YAML when the YAML is in a seed folder, else in the first seed path
  const yamlFolder = posix.dirname(patch.file);
  const inSeedPath = project.seedPaths.some((folder) => yamlFolder === folder || yamlFolder.startsWith(`${folder}/`));
  const csv = `${inSeedPath ? yamlFolder : (project.seedPaths[0] ?? 'seeds')}/${patch.name}.csv`;
  const suggestion = closestMatch(patch.name, seeds);
  return new StrataError(`Seed '${patch.name}' is configured here, but its CSV file ${csv} does not exist`, {
    location: { file: patch.file, line: patch.line },
    hint: suggestion
      ? `Did you mean the seed '${suggestion}'? Otherwise add ${csv}, or remove this entry.`
      : `Add ${csv} (seed-paths: ${project.seedPaths.join(', ')}), or fix the name or remove this entry.`,
  });
}
