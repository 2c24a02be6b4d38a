import type { Connection } from '../../adapters/contract.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import { inDatabase } from '../../artifacts/artifact-relation.js';
import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import { targetDatabase } from '../../adapters/registry.js';
import { planStoreFailures } from '../../data-tests/store-failures.js';
import { evaluateTestResult, readTestResultRow, testResultQuery } from '../../data-tests/test-result-query.js';
import { StrataError } from '../../errors/strata-error.js';
import type { TestNode } from '../../manifest/types.js';
import { introspectionOn } from '../introspection-queries.js';
import { nodeFailure } from '../node-failure.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import type { NodeRunner } from './node-runner.js';

/** Runs a data test: `test not_null_x`, `PASS not_null_x` or `FAIL 3 not_null_x`, `SKIP test not_null_x`. */
export const testRunner: NodeRunner<TestNode> = {
  resourceType: 'test',
  describe: (test) => `test ${test.name}`,
  relationOf: () => undefined,
  execute: runDataTest,
  resultLine: (test, result) => {
    if (result.status === 'warn' || result.status === 'fail') {
      const count = result.failures === undefined ? '' : ` ${result.failures}`;
      return `${result.status.toUpperCase()}${count} ${test.name}`;
    }
    return `${result.status === 'pass' ? 'PASS' : 'ERROR'} ${test.name}`;
  },
  skipLine: (test) => `SKIP test ${test.name}`,
  summaryKind: () => 'test',
};

/**
 * Run a data test: count its failing rows (optionally storing them first) and judge
 * the count against warn_if / error_if and the severity.
 */
async function runDataTest(ctx: RunContext, test: TestNode, connection: Connection): Promise<NodeExecution> {
  const compileStartedAt = new Date();
  let compiled: CompiledSql | undefined;
  try {
    compiled = await ctx.compiler.compileTestSqlWith(
      test,
      introspectionOn(async () => connection),
    );
    return await countFailures(ctx, test, compiled, connection, compileStartedAt);
  } catch (error) {
    throw await nodeFailure(ctx, test, compiled, error);
  }
}

async function countFailures(
  ctx: RunContext,
  test: TestNode,
  compiled: CompiledSql,
  connection: Connection,
  compileStartedAt: Date,
): Promise<NodeExecution> {
  const failingRowsSql = compiled.sql;
  await writeCompiledSql(ctx.targetDir, test, failingRowsSql);
  const compileCompletedAt = new Date();
  const { dialect, target } = ctx.session;

  let countedSql = failingRowsSql;
  let relationName: string | undefined;
  if (test.config.storeFailures || ctx.storeFailures) {
    const plan = planStoreFailures(dialect, {
      targetSchema: target.schema,
      database: target.database,
      // the alias: a long test name is hashed to stay a valid identifier
      testName: test.config.alias ?? test.name,
      failingRowsSql,
      customSchema: test.config.schema,
    });
    for (const step of plan.steps) await connection.execute(step);
    countedSql = plan.failingRowsSql;
    relationName = dialect.renderRelation(inDatabase(plan.relation, targetDatabase(target)));
  }
  let query: string;
  try {
    query = testResultQuery(countedSql, {
      warnIf: test.config.warnIf,
      errorIf: test.config.errorIf,
      limit: test.config.limit,
      failCalc: test.config.failCalc,
    });
  } catch (error) {
    if (error instanceof StrataError) throw new StrataError(error.message, { location: test.origin, hint: error.hint });
    throw error;
  }
  const result = await connection.query(query);
  const row = result.rows[0];
  if (!row) throw new Error(`test query returned no row: ${test.name}`);
  const outcome = evaluateTestResult(readTestResultRow(row), test.config.severity);
  const label = outcome.status.toUpperCase();
  return {
    status: outcome.status,
    adapterMessage: outcome.status === 'pass' ? label : `${label} ${outcome.failures}`,
    message: outcome.status === 'pass' ? undefined : failingMessage(test, outcome.status, outcome.failures),
    failures: outcome.failures,
    compiledSql: failingRowsSql,
    relationName,
    compileStartedAt,
    compileCompletedAt,
  };
}

/** `Got 3 results, configured to fail if != 0` */
function failingMessage(test: TestNode, status: 'warn' | 'fail', failures: number): string {
  const condition = (status === 'fail' ? test.config.errorIf : test.config.warnIf) ?? '!= 0';
  return `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${status} if ${condition}`;
}
