import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { ensureSchema } from '../../../src/materializations/ensure-schema.js';
import { materializeModel } from '../../../src/materializations/materialize-model.js';
import { nodeConfig, openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

describe('several connections building at once', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('swaps tables, views and incremental models in one schema concurrently', async () => {
    const connections: Connection[] = await Promise.all([1, 2, 3, 4].map(() => h.adapter.connect()));
    const kinds = ['table', 'view', 'incremental'] as const;
    // As the runner does: each worker owns a connection and builds one model at a time.
    const build = (i: number, connection: Connection) =>
      materializeModel({
        connection,
        dialect: h.adapter.dialect,
        relation: h.relation(`m${i}`),
        compiledSql: `SELECT ${i} AS id, * FROM range(1000) r(n)`,
        config: nodeConfig({ materialized: kinds[i % 3]!, uniqueKey: ['id', 'n'] }),
        fullRefresh: false,
        projectRoot: h.projectRoot,
      });
    const buildAll = () =>
      Promise.all(
        connections.map(async (connection, worker) => {
          for (let i = worker; i < 12; i += connections.length) await build(i, connection);
        }),
      );
    await buildAll();
    await buildAll();
    const relations = await h.connection.listRelations(SCHEMA);
    expect(relations).toHaveLength(12);
    expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.m2`)).toEqual([{ n: 1000 }]);
  });

  it('lets several workers ensure the same schema at once', async () => {
    const connections = await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.adapter.connect()));
    for (let round = 0; round < 20; round++) {
      await Promise.all(connections.map((c) => ensureSchema(c, h.adapter.dialect, `s${round}`)));
    }
    expect(await h.rows(`SELECT count(*) AS n FROM duckdb_schemas() WHERE schema_name LIKE 's%'`)).toEqual([{ n: 20 }]);
  });
});
