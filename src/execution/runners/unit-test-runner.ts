import type { Connection } from '../../adapters/contract.js';
import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import type { UnitTestNode } from '../../manifest/types.js';
import { diffRows, formatRowDiff, rowsMatch } from '../../unit-tests/compare-rows.js';
import { unitTestSql } from '../../unit-tests/unit-test-sql.js';
import {
  actualRows,
  comparedColumns,
  expectedColumnNames,
  expectedRows,
  queryColumns,
} from '../../unit-tests/unit-test-query.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import type { NodeRunner } from './node-runner.js';

/** Runs a unit test: `unit_test orders::paid_doubled`, `PASS ...` or `FAIL 1 ...`, `SKIP unit_test ...`. */
export const unitTestRunner: NodeRunner<UnitTestNode> = {
  resourceType: 'unit_test',
  describe: (test) => `unit_test ${label(test)}`,
  relationOf: () => undefined,
  execute: runUnitTest,
  resultLine: (test, result) => {
    if (result.status === 'fail') return `FAIL ${result.failures ?? 1} ${label(test)}`;
    return `${result.status === 'pass' ? 'PASS' : 'ERROR'} ${label(test)}`;
  },
  skipLine: (test) => `SKIP unit_test ${label(test)}`,
  summaryKind: () => 'unit_test',
};

/** `model::test`, as dbt names a unit test in its log. */
function label(test: UnitTestNode): string {
  return `${test.model}::${test.name}`;
}

/**
 * Render the model over the given rows, run it on the unit test target, and compare its
 * rows with the expected ones on the columns `expect` names.
 */
async function runUnitTest(ctx: RunContext, test: UnitTestNode, worker: Connection): Promise<NodeExecution> {
  const compileStartedAt = new Date();
  const target = ctx.unitTarget;
  const { parsed } = ctx.session;
  return target.use(worker, async (connection) => {
    const sql = await unitTestSql(test, {
      compiler: ctx.compiler,
      manifest: parsed.manifest,
      templates: parsed.context.templates,
      dialect: target.dialect,
      warehouse: target.readsRelations ? connection : undefined,
      targetContext: target.targetContext,
    });
    await writeCompiledSql(ctx.targetDir, test, sql);
    const compileCompletedAt = new Date();
    const names =
      test.expect.format === 'sql'
        ? (await queryColumns(connection, test.expect.sql)).map((column) => column.name)
        : expectedColumnNames(test.expect);
    const columns = comparedColumns(test, names, await queryColumns(connection, sql));
    const diff = diffRows(
      columns.map((column) => column.name),
      await expectedRows(connection, target.dialect, test.expect, columns),
      await actualRows(connection, target.dialect, sql, columns),
    );
    const passed = rowsMatch(diff);
    return {
      status: passed ? 'pass' : 'fail',
      adapterMessage: passed ? 'PASS' : 'FAIL 1',
      message: passed ? undefined : formatRowDiff(diff),
      failures: passed ? 0 : 1,
      compiledSql: sql,
      compileStartedAt,
      compileCompletedAt,
    };
  });
}
