import { createHash } from 'node:crypto';
import { closestMatch } from '../../config/closest-match.js';
import { StrataError } from '../../errors/strata-error.js';
import { findSource } from '../../manifest/source-index.js';
import type { ModelNode } from '../../manifest/types.js';
import { fixtureRows, type FixtureSearch } from '../../unit-tests/fixture-rows.js';
import { inputCteName, parseInputCall, type InputCall } from '../../unit-tests/given-input.js';
import type { GivenInput, UnitTestNode } from '../../unit-tests/unit-test-node.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { projectResourceConfig } from '../project-resource-config.js';
import type { GivenDeclaration, UnitTestDeclaration } from '../schema-unit-tests.js';

/**
 * Phase: the `unit_tests:` entries of the root project's schema files (dbt tests only the
 * project's own models), each resolved against the models, seeds and sources parsed so far:
 * the tested model must exist, and every `ref` and `source` it reads must be given, as
 * dbt requires. Runs after the sources and before linking.
 */
export function addUnitTests(builder: ManifestBuilder): void {
  for (const schemaFile of builder.schemaFiles) {
    for (const declared of schemaFile.unitTests ?? []) {
      const folders = yamlFolders(declared.file, builder.context.project.modelPaths);
      const { project } = builder.context;
      const fromProject = projectResourceConfig(project, 'unit_tests', project.unitTests, [
        ...folders,
        declared.model,
        declared.name,
      ]);
      // the test's own config wins; tags accumulate and meta merges
      if (!(declared.config.enabled ?? fromProject.enabled ?? true)) continue;
      const config = {
        tags: [...new Set([...fromProject.tags, ...declared.config.tags])],
        meta: { ...fromProject.meta, ...declared.config.meta },
      };
      const node = unitTestNode(builder, { ...declared, config }, folders);
      if (node) builder.addNode(node);
    }
  }
}

function unitTestNode(
  builder: ManifestBuilder,
  declared: UnitTestDeclaration,
  folders: string[],
): UnitTestNode | undefined {
  const { manifest, context } = builder;
  const location = { file: declared.file, line: declared.line };
  const model = manifest.nodes.get(manifest.refIndex.get(declared.model) ?? '');
  if (model?.resourceType !== 'model') {
    // a unit test of a switched-off model is switched off with it, as in dbt
    if (builder.disabled.has(declared.model)) return undefined;
    const models = [...manifest.nodes.values()].filter((node) => node.resourceType === 'model').map((n) => n.name);
    const match = closestMatch(declared.model, models);
    throw new StrataError(`Unit test "${declared.name}" tests model "${declared.model}", which does not exist`, {
      location,
      hint: match ? `Did you mean "${match}"?` : 'Write the name of a SQL model of this project after "model:".',
    });
  }
  const search: FixtureSearch = {
    rootDir: context.project.rootDir,
    testPaths: context.project.testPaths,
    file: declared.file,
  };
  const given = declared.given.map((input) => givenInput(builder, model, declared, input, search));
  rejectRepeatedInputs(declared, given);
  requireEveryInput(model, declared, given);
  const { config } = declared;
  return {
    uniqueId: `unit_test.${context.project.name}.${model.name}.${declared.name}`,
    name: declared.name,
    resourceType: 'unit_test',
    packageName: context.project.name,
    fqn: [context.project.name, ...folders, model.name, declared.name],
    origin: location,
    description: declared.description,
    tags: config.tags,
    meta: config.meta,
    model: model.name,
    modelId: model.uniqueId,
    given,
    expect: { ...fixtureRows(declared.expect, search), ...optionalFixture(declared.expect.fixture) },
    overrides: declared.overrides,
    ...(declared.versions ? { versions: declared.versions } : {}),
    config: { enabled: true, materialized: 'test', tags: config.tags, extra: { meta: config.meta } },
    checksum: createHash('sha256').update(JSON.stringify(declared.raw)).digest('hex'),
    dependsOn: [model.uniqueId],
  };
}

function givenInput(
  builder: ManifestBuilder,
  model: ModelNode,
  declared: UnitTestDeclaration,
  input: GivenDeclaration,
  search: FixtureSearch,
): GivenInput {
  const location = { file: declared.file, line: input.line };
  const call = parseInputCall(input.input);
  if (!call) {
    throw new StrataError(`Unit test "${declared.name}": input "${input.input}" is not a ref, source or this`, {
      location,
      hint: `Write input: ref('model_name'), input: source('source_name', 'table_name') or input: this.`,
    });
  }
  const nodeId = inputNodeId(builder, model, call);
  if (nodeId === undefined || !readsInput(model, call)) {
    throw new StrataError(
      `Unit test "${declared.name}": model "${model.name}" does not read ${input.input}` +
        (nodeId === undefined ? ', and the project has no such node' : ''),
      { location, hint: `Give only the refs and sources ${model.origin.file} reads (and "this" for its own table).` },
    );
  }
  return {
    input: input.input,
    nodeId,
    cteName: inputCteName(call),
    rows: fixtureRows(input, search),
    ...optionalFixture(input.fixture),
    line: input.line,
  };
}

function inputNodeId(builder: ManifestBuilder, model: ModelNode, call: InputCall): string | undefined {
  const { manifest } = builder;
  if (call.kind === 'this') return model.uniqueId;
  if (call.kind === 'ref') return manifest.refIndex.get(call.name);
  return findSource(manifest, model.packageName, call.sourceName, call.tableName);
}

function readsInput(model: ModelNode, call: InputCall): boolean {
  if (call.kind === 'this') return true;
  if (call.kind === 'ref') return model.refs.some((ref) => ref.name === call.name);
  return model.sources.some(([source, table]) => source === call.sourceName && table === call.tableName);
}

/** Every ref and source of the model must be given: the test reads no table. */
function requireEveryInput(model: ModelNode, declared: UnitTestDeclaration, given: GivenInput[]): void {
  const names = new Set(given.map((input) => input.cteName));
  const missing = [
    ...model.refs
      .filter((ref) => !names.has(inputCteName({ kind: 'ref', name: ref.name })))
      .map((r) => `ref('${r.name}')`),
    ...model.sources
      .filter(([sourceName, tableName]) => !names.has(inputCteName({ kind: 'source', sourceName, tableName })))
      .map(([source, table]) => `source('${source}', '${table}')`),
  ];
  if (missing.length === 0) return;
  throw new StrataError(
    `Unit test "${declared.name}" does not give ${[...new Set(missing)].join(', ')}, read by model "${model.name}"`,
    {
      location: { file: declared.file, line: declared.line },
      hint: `Add each under "given:", e.g. - input: ${missing[0]} with "rows: []" when no rows matter.`,
    },
  );
}

/** One input given twice: which rows would the model read? */
function rejectRepeatedInputs(declared: UnitTestDeclaration, given: GivenInput[]): void {
  given.forEach((input, index) => {
    const first = given.findIndex((other) => other.cteName === input.cteName);
    if (first === index) return;
    throw new StrataError(
      `Unit test "${declared.name}" gives ${input.input} twice (first at line ${given[first]!.line})`,
      {
        location: { file: declared.file, line: input.line },
        hint: 'Keep one entry per input and put all its rows there.',
      },
    );
  });
}

/** The folders of a YAML file below its model path, as dbt puts them in a unit test's fqn. */
function yamlFolders(file: string, modelPaths: string[]): string[] {
  const root = modelPaths.map((path) => path.replace(/\/+$/, '')).find((path) => file.startsWith(`${path}/`));
  const below = root === undefined ? file : file.slice(root.length + 1);
  return below.split('/').slice(0, -1);
}

function optionalFixture(fixture: string | undefined): { fixture?: string } {
  return fixture === undefined ? {} : { fixture };
}
