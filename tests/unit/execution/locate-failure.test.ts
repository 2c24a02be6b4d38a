import { describe, expect, it } from 'vitest';
import type { DatabaseError } from '../../../src/adapters/database-error.js';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import { failedStatementError } from '../../../src/adapters/statement-errors.js';
import { snowflakeStatementError } from '../../../src/adapters/snowflake/snowflake-errors.js';
import { CompiledSql } from '../../../src/compile/compiled-sql.js';
import { composeWithCtes } from '../../../src/compile/inject-ctes.js';
import { messageAtSource } from '../../../src/execution/locate-failure.js';

/**
 * A warehouse error names the line of the model file, whatever the warehouse and whatever
 * statement the plan wrapped the model's SQL in.
 */
const MODEL = 'models/orders.sql';
const compiled = CompiledSql.fromFile({ sql: 'select 1 as id,\n  no_such_column\nfrom t', file: MODEL });
// the model's SQL starts on line 2 of the statement, its bad column on line 3
const wrapped = `CREATE TABLE "main"."orders__strata_tmp" AS (\n${compiled.sql}\n)`;

async function duckDbError(sql: string): Promise<DatabaseError> {
  const adapter = await DuckDbAdapter.create(
    { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: {} } as never,
    '/tmp',
  );
  const connection = await adapter.connect();
  try {
    await connection.execute('create table t (x int)');
    await connection.execute(sql);
    throw new Error('the statement was expected to fail');
  } catch (error) {
    return error as DatabaseError;
  } finally {
    await connection.close();
    await adapter.close();
  }
}

describe('messageAtSource: warehouse errors name the model file and its line', () => {
  it('DuckDB: the line of the model, not of CREATE ... AS (', async () => {
    const error = await duckDbError(wrapped);
    expect(error.message).toContain('at line 3, column 3 of the statement:');
    const message = messageAtSource(error, compiled)!;
    expect(message).toMatch(/^Binder Error: Referenced column "no_such_column" not found/);
    expect(message).toContain(`at ${MODEL}:2:3:\n      no_such_column\n      ^`);
  });

  it('DuckDB: the compiled SQL on the wrapper line counts columns from its own start', async () => {
    const oneLine = CompiledSql.fromFile({ sql: 'select no_such_column from t', file: MODEL });
    const error = await duckDbError(`CREATE VIEW v AS (${oneLine.sql})`);
    expect(messageAtSource(error, oneLine)).toContain(`at ${MODEL}:1:8:`);
  });

  it('Athena (Trino `line N:M:`) and the Redshift Data API (`Position: N`)', () => {
    const athena = failedStatementError(
      'athena',
      "COLUMN_NOT_FOUND: line 3:3: Column 'no_such_column' cannot be resolved",
      wrapped,
    );
    expect(messageAtSource(athena, compiled)).toContain(`at ${MODEL}:2:3:`);
    const offset = Array.from(wrapped).indexOf('n', wrapped.indexOf('no_such_column')) + 1;
    const redshift = failedStatementError(
      'redshift',
      `ERROR: column "no_such_column" does not exist\n  Position: ${offset}`,
      wrapped,
    );
    expect(messageAtSource(redshift, compiled)).toContain(`at ${MODEL}:2:3:`);
  });

  it('Snowflake (`error line N at position M`, positions from 0)', () => {
    const error = snowflakeStatementError(
      wrapped,
      Object.assign(
        new Error("SQL compilation error: error line 3 at position 2\ninvalid identifier 'NO_SUCH_COLUMN'"),
        { code: 904 },
      ),
      [],
    );
    expect(messageAtSource(error, compiled)).toContain(`at ${MODEL}:2:3:`);
  });

  it("a line in an ephemeral parent names the ephemeral model's file", () => {
    const withParent = composeWithCtes({ sql: 'select *\nfrom __strata_cte__paid', file: MODEL }, [
      {
        name: '__strata_cte__paid',
        rendered: { sql: '\n-- paid only\nselect id,\n  bad_column\nfrom t\n', file: 'models/paid.sql' },
      },
    ]);
    const statement = `CREATE VIEW v AS (\n${withParent.sql}\n)`;
    const line = statement.split('\n').findIndex((text) => text.includes('bad_column')) + 1;
    const error = failedStatementError(
      'athena',
      `COLUMN_NOT_FOUND: line ${line}:3: Column 'bad_column' cannot be resolved`,
      statement,
    );
    expect(messageAtSource(error, withParent)).toContain('at models/paid.sql:4:3:');
    const own = failedStatementError('athena', `line ${line + 4}:1: mismatched input`, statement);
    expect(messageAtSource(own, withParent)).toContain(`at ${MODEL}:2:1:`);
  });

  it("keeps the statement's line when the error is in strata's own SQL, or names no place", () => {
    expect(
      messageAtSource(failedStatementError('athena', 'line 1:8: Table already exists', wrapped), compiled),
    ).toBeUndefined();
    expect(messageAtSource(failedStatementError('athena', 'Access denied', wrapped), compiled)).toBeUndefined();
  });
});
