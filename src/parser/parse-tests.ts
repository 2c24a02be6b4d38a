import type { RawConfig } from '../config/types.js';
import { checkConfigKeys } from '../config/config-keys.js';
import { normalizeConfig } from '../config/node-config.js';
import { isYamlMap } from '../config/yaml-shape.js';
import { macroTestSql } from '../data-tests/macro-tests.js';
import { splitTestName, type GenericTestDefinitions, type TestMacro } from '../data-tests/test-definitions.js';
import { genericTestNames, genericTestUniqueId, modelArgument, type TestAttachment } from '../data-tests/test-names.js';
import type { RefCall, TestNode } from '../manifest/types.js';
import type { DiscoveredFile } from './discover.js';
import { lineOf, sha256, type ParseContext } from './parse-context.js';
import { folderConfigOf } from './packages/folder-config-of.js';
import { ParseScope } from './parse-scope.js';
import { compileSqlTemplate } from '../templating/sql-template.js';
import { renderSqlFile } from './render-sql-file.js';
import type { ParsedSql } from './parse-models.js';
import type { TestDeclaration } from './schema-types.js';

/** The node a YAML test is declared on. */
export interface TestOwner {
  /** `ref` for models and seeds, `source` for source tables */
  kind: 'ref' | 'source';
  name: string;
  sourceName?: string;
  file: string;
}

const HOLDS_JINJA = /\{\{|\{%/;
const REF_TEXT = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/;
const SOURCE_TEXT = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/;

/**
 * A generic test instance from YAML, e.g. `unique` on `dim_users.user_id`, named and
 * identified as dbt names it. The test must be defined (built-in, `{% test %}` of the project,
 * or `<package>.<test>`) when it is declared: a typo fails the parse at its line.
 */
export function parseGenericTest(
  ctx: ParseContext,
  definitions: GenericTestDefinitions,
  owner: TestOwner,
  declaration: TestDeclaration,
  columnName?: string,
): TestNode {
  const { project } = ctx;
  const where = { file: owner.file, line: declaration.line };
  const reference = splitTestName(declaration.name);
  const definition = definitions.find(reference);
  if (!definition) throw definitions.unknown(declaration.name, where);
  const attached: TestAttachment =
    owner.kind === 'ref' ? { name: owner.name } : { sourceName: owner.sourceName!, tableName: owner.name };
  const kwargs: Record<string, unknown> = {
    ...(columnName === undefined ? {} : { column_name: columnName }),
    ...declaration.kwargs,
  };
  const names = genericTestNames({ testName: reference.name, namespace: reference.namespace, attached, kwargs });
  kwargs.model = modelArgument(attached);
  // `name` names the test node rather than configuring it
  const declared = renderConfigValues(ctx, owner.file, declaration.config);
  const { name: customName, ...written } = declared;
  ctx.warnings.push(
    ...checkConfigKeys(written, ctx.configKeys, () => where, `the config of test "${declaration.name}"`),
  );
  // A name too long for an identifier gets dbt's hashed alias (its file and stored-failures table).
  const hashedAlias = customName === undefined && names.alias !== names.name ? { alias: names.alias } : {};
  const rendered =
    definition.kind === 'macro' ? renderTestMacro(ctx, definition, owner, attached, kwargs, names.alias) : undefined;
  const config = normalizeConfig(
    // config() in the test's macro is a default that the YAML of one instance overrides, as in dbt
    [folderConfigOf(ctx, 'dataTests', []), ...(rendered?.configs ?? []), hashedAlias, declared],
    { materialized: 'test' },
    where,
  );
  const refs: RefCall[] = owner.kind === 'ref' ? [{ name: owner.name }] : [];
  const sources: Array<[string, string]> = owner.kind === 'source' ? [[owner.sourceName!, owner.name]] : [];
  // `to: ref('customers')`, or any argument naming a relation the same way, is a parent too
  for (const value of Object.values(declaration.kwargs)) {
    if (typeof value !== 'string') continue;
    const ref = REF_TEXT.exec(value);
    const source = SOURCE_TEXT.exec(value);
    if (ref) refs.push({ name: ref[1]! });
    else if (source) sources.push([source[1]!, source[2]!]);
  }
  refs.push(...(rendered?.refs ?? []));
  sources.push(...(rendered?.sources ?? []));
  const name = customName === undefined ? names.name : String(customName);
  const testMetadata = { name: reference.name, namespace: reference.namespace, kwargs };
  return {
    uniqueId: genericTestUniqueId(project.name, name, testMetadata),
    name,
    resourceType: 'test',
    packageName: project.name,
    fqn: [project.name, ...yamlFolders(project, owner.file), name],
    origin: where,
    description: declaration.description ?? '',
    tags: config.tags,
    meta: isYamlMap(config.extra.meta) ? config.extra.meta : {},
    rawSql: '',
    checksum: sha256(JSON.stringify([declaration.name, kwargs, config.severity ?? 'error'])),
    testMetadata,
    columnName,
    config,
    refs,
    sources,
    dependsOn: [],
  };
}

/**
 * A test's config values holding Jinja (`severity: "{{ 'warn' if target.name == 'dev' else
 * 'error' }}"`) rendered at parse time, as dbt renders them, into the value they print
 * (`True`/`False` and numbers become booleans and numbers, as dbt's native rendering does).
 */
function renderConfigValues(ctx: ParseContext, file: string, config: RawConfig): RawConfig {
  if (!Object.values(config).some((value) => typeof value === 'string' && HOLDS_JINJA.test(value))) return config;
  const scope = ParseScope.forContext(ctx, file, { schema: ctx.target.schema, identifier: 'test' });
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (typeof value !== 'string' || !HOLDS_JINJA.test(value)) return [key, value];
      const text = compileSqlTemplate(ctx.templates, value, file).render(scope).trim();
      if (text === 'True' || text === 'False') return [key, text === 'True'];
      return [key, text !== '' && Number.isFinite(Number(text)) ? Number(text) : text];
    }),
  );
}

/**
 * Render a `{% test %}` macro once at parse time, as dbt does, to learn the `config()` it
 * calls and the `ref()` / `source()` it reads; the SQL is thrown away.
 */
function renderTestMacro(
  ctx: ParseContext,
  definition: { macro: TestMacro; file?: string },
  owner: TestOwner,
  attached: TestAttachment,
  kwargs: Record<string, unknown>,
  alias: string,
): ParseScope {
  const scope = ParseScope.forContext(ctx, owner.file, { schema: ctx.target.schema, identifier: alias });
  const model =
    'sourceName' in attached ? scope.source(attached.sourceName, attached.tableName) : scope.ref(attached.name);
  // the tested relation is a parent already; keep only what the macro itself reads
  scope.refs.length = 0;
  scope.sources.length = 0;
  const file = definition.file ?? owner.file;
  macroTestSql({ templates: ctx.templates, macro: definition.macro, scope, model, kwargs, macroFile: file });
  for (const values of scope.configs) {
    ctx.warnings.push(
      ...checkConfigKeys(values, ctx.configKeys, () => ({ file }), `the config() of test macro in ${file}`),
    );
  }
  return scope;
}

/** Per project, the folders of each schema file: asked once per test, computed once per file. */
const foldersOfFiles = new WeakMap<object, Map<string, string[]>>();

/** The folders of a schema file below its resource path (dbt puts them in a test's fqn). */
function yamlFolders(project: ParseContext['project'], file: string): string[] {
  let files = foldersOfFiles.get(project);
  if (!files) foldersOfFiles.set(project, (files = new Map()));
  let found = files.get(file);
  if (!found) files.set(file, (found = foldersBelowRoot(project, file)));
  return found;
}

function foldersBelowRoot(project: ParseContext['project'], file: string): string[] {
  const folders = file.split('/').slice(0, -1);
  const roots = [...project.modelPaths, ...project.seedPaths].map((root) => root.split('/').filter(Boolean));
  const root = roots.find((parts) => parts.every((part, index) => folders[index] === part));
  return root ? folders.slice(root.length) : folders;
}

/** A singular test: a SQL file that selects failing rows. */
export function parseSingularTest(ctx: ParseContext, file: DiscoveredFile): ParsedSql<TestNode> {
  const { project } = ctx;
  const { rawSql, template, scope } = renderSqlFile(ctx, file, 'test');
  const folderConfig = folderConfigOf(ctx, 'dataTests', [...file.folders, file.stem]);
  const config = normalizeConfig(
    [folderConfig, ...scope.configs],
    { materialized: 'test' },
    { file: file.file, line: lineOf(rawSql, 'config(') },
  );
  return {
    template,
    node: {
      uniqueId: `test.${project.name}.${file.stem}`,
      name: file.stem,
      resourceType: 'test',
      packageName: project.name,
      fqn: [project.name, ...file.folders, file.stem],
      origin: { file: file.file },
      description: '',
      tags: config.tags,
      meta: {},
      rawSql,
      // dbt's: of the file's text without its surrounding whitespace
      checksum: sha256(rawSql.trim()),
      config,
      refs: scope.refs,
      sources: scope.sources,
      dependsOn: [],
    },
  };
}
