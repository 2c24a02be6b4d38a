import { closestMatch } from '../config/closest-match.js';
import { checkConfigKeys } from '../config/config-keys.js';
import { normalizeConfig } from '../config/node-config.js';
import { GENERIC_TESTS } from '../data-tests/generic-tests.js';
import { attachedNameForTest, genericTestNames, genericTestUniqueId } from '../data-tests/test-names.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import type { RefCall, TestNode } from '../manifest/types.js';
import type { DiscoveredFile } from './discover.js';
import { lineOf, sha256, type ParseContext } from './parse-context.js';
import { folderConfigOf } from './packages/folder-config-of.js';
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

const REF_TEXT = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/;
const SOURCE_TEXT = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/;

/** A generic test instance from YAML, e.g. `unique` on `dim_users.user_id`. */
export function parseGenericTest(
  ctx: ParseContext,
  owner: TestOwner,
  declaration: TestDeclaration,
  columnName?: string,
): TestNode {
  const { project } = ctx;
  const where = { file: owner.file, line: declaration.line };
  if (!GENERIC_TESTS.has(declaration.name)) throw unknownGenericTest(declaration.name, where);
  const kwargs: Record<string, unknown> = { ...declaration.kwargs };
  if (columnName !== undefined) kwargs.column_name = columnName;
  const modelText = owner.kind === 'ref' ? `ref('${owner.name}')` : `source('${owner.sourceName}', '${owner.name}')`;
  kwargs.model = `{{ ${modelText} }}`;
  // `name` names the test node rather than configuring it
  const { name: _testName, ...written } = declaration.config;
  ctx.warnings.push(
    ...checkConfigKeys(written, ctx.configKeys, () => where, `the config of test "${declaration.name}"`),
  );
  const config = normalizeConfig(
    [folderConfigOf(ctx, 'dataTests', []), declaration.config],
    { materialized: 'test' },
    where,
  );
  config.severity ??= 'error';
  const refs: RefCall[] = owner.kind === 'ref' ? [{ name: owner.name }] : [];
  const sources: Array<[string, string]> = owner.kind === 'source' ? [[owner.sourceName!, owner.name]] : [];
  const to = typeof kwargs.to === 'string' ? kwargs.to : undefined;
  if (to !== undefined) {
    const ref = REF_TEXT.exec(to);
    const source = SOURCE_TEXT.exec(to);
    if (ref) refs.push({ name: ref[1]! });
    else if (source) sources.push([source[1]!, source[2]!]);
  }
  const attachment =
    owner.kind === 'ref' ? { name: owner.name } : { sourceName: owner.sourceName!, tableName: owner.name };
  const nameArgs = columnName === undefined ? declaration.kwargs : { column_name: columnName, ...declaration.kwargs };
  const name = String(
    declaration.config.name ?? genericTestNames(declaration.name, attachedNameForTest(attachment), nameArgs).name,
  );
  const testMetadata = { name: declaration.name, kwargs };
  return {
    uniqueId: genericTestUniqueId(project.name, name, testMetadata),
    name,
    resourceType: 'test',
    packageName: project.name,
    fqn: [project.name, owner.name, name],
    origin: where,
    description: '',
    tags: config.tags,
    meta: {},
    rawSql: '',
    checksum: sha256(JSON.stringify([declaration.name, kwargs, config.severity])),
    testMetadata,
    columnName,
    config,
    refs,
    sources,
    dependsOn: [],
  };
}

/** Raised at parse time, so a typo is reported whatever the command selects. */
function unknownGenericTest(name: string, where: SourceLocation): StrataError {
  const known = [...GENERIC_TESTS.keys()];
  const suggestion = closestMatch(name, known);
  return new StrataError(`Unknown generic test "${name}"`, {
    location: where,
    hint:
      `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known generic tests: ${known.join(', ')}. ` +
      'For a check of your own, write a singular test: ' +
      'a .sql file under the test paths (data-tests/) that selects the failing rows.',
  });
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
  config.severity ??= 'error';
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
      checksum: sha256(rawSql),
      config,
      refs: scope.refs,
      sources: scope.sources,
      dependsOn: [],
    },
  };
}
