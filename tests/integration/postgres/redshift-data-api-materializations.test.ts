import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { openDataApiConnection } from '../../../src/adapters/redshift/data-api-connection.js';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import type { NodeConfig } from '../../../src/manifest/types.js';
import { ensureSchema } from '../../../src/materializations/ensure-schema.js';
import { materializeModel } from '../../../src/materializations/materialize-model.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import { dataApiTarget, useTestCredentials } from '../../services/aws/redshift-data-api/test-target.js';

// What the materializations send (BEGIN ... COMMIT as separate statements, swaps, merges)
// through the Data API, one statement per call, held together by the connection's session.
describeWithService('postgres', 'materializations through the Redshift Data API connection', (service) => {
  const schema = `data_api_mat_${randomUUID().slice(0, 8)}`;
  const dialect = new RedshiftDialect();
  let host: DataApiHost;
  let connection: Connection;
  let restoreCredentials: () => void;

  const build = (identifier: string, sql: string, config: Partial<NodeConfig> = {}) =>
    materializeModel({
      connection,
      dialect,
      relation: { schema, identifier },
      compiledSql: sql,
      config: { enabled: true, materialized: 'table', tags: [], extra: {}, ...config },
      fullRefresh: false,
      projectRoot: process.cwd(),
    });
  const rows = async (sql: string) => (await connection.query(sql)).rows;

  beforeAll(async () => {
    restoreCredentials = useTestCredentials();
    host = await startDataApiHost({ postgres: postgresClientConfig(service), pageSize: 5 });
    connection = await openDataApiConnection(dataApiTarget(host, schema), dialect);
    await ensureSchema(connection, dialect, schema);
  });
  afterAll(async () => {
    await connection?.execute(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await connection?.close();
    await host?.close();
    restoreCredentials?.();
  });

  it('builds a table, then swaps a rebuild in inside one transaction', async () => {
    const first = await build('orders', 'SELECT 1 AS id, 10.5::numeric(10,2) AS amount');
    expect(first.rowsAffected).toBe(1);
    const second = await build('orders', 'SELECT n AS id, n * 1.25 AS amount FROM generate_series(1, 12) AS n');
    expect(second.executedSql.map((sql) => sql.split(/\s/)[0])).toEqual(['CREATE', 'BEGIN', 'DROP', 'ALTER', 'COMMIT']);
    expect(second.rowsAffected).toBe(12);
    expect(await rows(`SELECT count(*) AS n, sum(amount) AS total FROM ${schema}.orders`)).toEqual([
      { n: 12n, total: 97.5 },
    ]);
    expect((await connection.listRelations(schema)).map((r) => r.identifier)).toEqual(['orders']);
  });

  it('a failing rebuild leaves the old table as it was', async () => {
    await build('stable', 'SELECT 1 AS id');
    await expect(build('stable', 'SELECT 1 / 0 AS id')).rejects.toThrow(/division by zero/);
    expect(await rows(`SELECT id FROM ${schema}.stable`)).toEqual([{ id: 1 }]);
  });

  it('runs incremental merge and delete+insert in a transaction across calls', async () => {
    const config = { materialized: 'incremental' as const, uniqueKey: ['id'] };
    await build('customers', `SELECT 1 AS id, 'ann'::varchar(20) AS name UNION ALL SELECT 2, 'bob'`, config);
    await build('customers', `SELECT 2 AS id, 'bobby'::varchar(20) AS name UNION ALL SELECT 3, 'cy'`, config);
    expect(await rows(`SELECT id, name FROM ${schema}.customers ORDER BY id`)).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: 'bobby' },
      { id: 3, name: 'cy' },
    ]);
    const deleteInsert = { ...config, incrementalStrategy: 'delete+insert' as const };
    await build('customers', `SELECT 3 AS id, 'cyrus'::varchar(20) AS name`, deleteInsert);
    expect(await rows(`SELECT id, name FROM ${schema}.customers ORDER BY id`)).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: 'bobby' },
      { id: 3, name: 'cyrus' },
    ]);
  });

  it('creates views, and every statement went through the Data API', async () => {
    const before = host.calls['ExecuteStatement'] ?? 0;
    await build('orders_view', `SELECT id FROM ${schema}.orders WHERE id <= 3`, { materialized: 'view' });
    expect(await rows(`SELECT id FROM ${schema}.orders_view ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect((host.calls['ExecuteStatement'] ?? 0) - before).toBeGreaterThanOrEqual(2);
    const direct = new pg.Client(postgresClientConfig(service));
    await direct.connect();
    try {
      const { rows: views } = await direct.query(
        `SELECT table_name FROM information_schema.views WHERE table_schema = $1`,
        [schema],
      );
      expect(views).toEqual([{ table_name: 'orders_view' }]);
    } finally {
      await direct.end();
    }
  });
});
