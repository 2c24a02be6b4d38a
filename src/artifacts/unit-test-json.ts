/**
 * A unit test's entry in manifest.json's `unit_tests`, shaped as dbt 1.8+ writes it (manifest
 * v12): the given inputs and expected rows as the YAML holds them (csv rows read into maps of
 * text, a fixture file's rows included), the overrides, and the tested model in `depends_on`.
 */
import type { Manifest } from '../manifest/types.js';
import type { FixtureRows, GivenInput, UnitTestNode } from '../unit-tests/unit-test-node.js';
import { redactSecrets } from '../config/redact-secrets.js';
import { nodePath, originalFilePath } from './node-paths.js';

/** The `unit_tests` entry of `test`; `createdAt` is in seconds since the epoch. */
export function unitTestToJson(test: UnitTestNode, manifest: Manifest, createdAt: number): Record<string, unknown> {
  // dbt's is the schema the tested model builds in
  const model = manifest.nodes.get(test.modelId);
  const schema = model && 'relation' in model ? model.relation.schema : undefined;
  return {
    model: test.model,
    given: test.given.map(givenJson),
    expect: { ...rowsJson(test.expect), fixture: test.expect.fixture ?? null },
    name: test.name,
    resource_type: 'unit_test',
    package_name: test.packageName,
    path: nodePath(test),
    original_file_path: originalFilePath(test),
    unique_id: test.uniqueId,
    fqn: test.fqn,
    description: test.description,
    overrides: overridesJson(test),
    depends_on: { macros: [], nodes: test.dependsOn },
    config: { tags: test.tags, meta: redactSecrets(test.meta), enabled: true, static_analysis: null },
    checksum: test.checksum,
    schema: schema ?? null,
    created_at: createdAt,
    versions: test.versions ?? null,
    version: null,
  };
}

function givenJson(input: GivenInput): Record<string, unknown> {
  return { input: input.input, ...rowsJson(input.rows), fixture: input.fixture ?? null };
}

/** `rows` and `format`: maps for dict and csv, the query text for sql. */
function rowsJson(rows: FixtureRows): { rows: unknown; format: string } {
  // test data, written as the YAML gives it (dbt's too)
  return { rows: rows.format === 'sql' ? rows.sql : rows.rows, format: rows.format };
}

/** dbt writes null for a test without `overrides:`, and all three maps when it has any. */
function overridesJson(test: UnitTestNode): Record<string, unknown> | null {
  const { macros, vars, envVars } = test.overrides;
  if ([macros, vars, envVars].every((map) => Object.keys(map).length === 0)) return null;
  return redactSecrets({ macros, vars, env_vars: envVars });
}
