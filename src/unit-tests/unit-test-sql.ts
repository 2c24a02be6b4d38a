/**
 * The SQL a unit test runs: the tested model rendered with each given input replaced by a
 * CTE of its rows (dbt's approach), on the dialect of the unit test target.
 */
import type { Connection, Dialect } from '../adapters/contract.js';
import type { Compiler } from '../compile/compiler.js';
import { composeWithCtes } from '../compile/inject-ctes.js';
import { StrataError } from '../errors/strata-error.js';
import type { Manifest, ModelNode } from '../manifest/types.js';
import type { TemplateEnvironment } from '../templating/environment.js';
import type { IntrospectionRunner } from '../templating/dbt-context/introspection.js';
import { declaredColumnTypes, relationColumnTypes } from './input-columns.js';
import { inputRowsSql } from './input-ctes.js';
import { withMacroOverrides } from './macro-overrides.js';
import type { UnitTestNode } from './unit-test-node.js';
import { UnitTestScope } from './unit-test-scope.js';

export interface UnitTestSqlOptions {
  compiler: Compiler;
  manifest: Manifest;
  templates: TemplateEnvironment;
  dialect: Dialect;
  /** on the warehouse: inputs are typed like their relations there */
  warehouse?: Connection;
  /** `target` of the render when the test runs on another target than the run's */
  targetContext?: Record<string, unknown>;
}

/** The tested model's query over the test's given rows. */
export async function unitTestSql(test: UnitTestNode, options: UnitTestSqlOptions): Promise<string> {
  const { compiler, manifest, templates, dialect } = options;
  const model = manifest.nodes.get(test.modelId) as ModelNode;
  const sql = await compiler.renderModelIn(
    model,
    (template, scope) =>
      withMacroOverrides(templates, test.overrides.macros, () =>
        template.render(new UnitTestScope(scope, test, dialect, options.targetContext)),
      ),
    refuseIntrospection(test),
  );
  const ctes = [];
  for (const input of test.given) {
    const fromWarehouse = options.warehouse
      ? await relationColumnTypes(options.warehouse, dialect, manifest, input.nodeId)
      : undefined;
    const types = fromWarehouse ?? declaredColumnTypes(manifest, input.nodeId);
    if (input.rows.format !== 'sql' && input.rows.rows.length === 0 && types.size === 0) {
      throw new StrataError(`Unit test "${test.name}" gives no row of ${input.input}, whose columns are unknown`, {
        location: { ...test.origin, line: input.line },
        hint:
          'An empty input needs its columns: declare them under "columns:" of its YAML, ' +
          `or give it as "format: sql" (a query returning no row).`,
      });
    }
    ctes.push({
      name: input.cteName,
      rendered: { sql: inputRowsSql(input.rows, types, dialect), file: test.origin.file },
    });
  }
  return composeWithCtes({ sql, file: model.origin.file, template: model.rawSql }, ctes).sql;
}

/**
 * dbt does not unit test models that ask the warehouse while they render: the answer would
 * come from real tables, not the given rows. The macro that asks can be overridden instead.
 */
function refuseIntrospection(test: UnitTestNode): IntrospectionRunner {
  return (request) => {
    const what =
      request.kind === 'query' ? `runs a query (${request.sql.trim().split('\n')[0]})` : 'inspects a relation';
    return Promise.reject(
      new StrataError(`Model "${test.model}" ${what} while it renders, which unit test "${test.name}" cannot answer`, {
        location: test.origin,
        hint:
          'A unit test reads only its given rows. Under "overrides: macros:", give the value of the macro that ' +
          'runs the query (e.g. dbt_utils.get_column_values: [a, b]).',
      }),
    );
  };
}
