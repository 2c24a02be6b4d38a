import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter, Connection } from '../../../src/adapters/contract.js';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import type { NodeConfig, RelationName } from '../../../src/manifest/types.js';
import { ensureSchema } from '../../../src/materializations/ensure-schema.js';
import { materializeModel } from '../../../src/materializations/materialize-model.js';
import type { MaterializationResult } from '../../../src/materializations/materialization-result.js';

/** A fresh DuckDB database in a temp project folder, with a `main_test` schema. */
export interface DuckDbHarness {
  adapter: Adapter;
  connection: Connection;
  projectRoot: string;
  /** run a model through materializeModel */
  build(name: string, sql: string, config?: Partial<NodeConfig>, fullRefresh?: boolean): Promise<MaterializationResult>;
  /** rows of a query, bigint turned to number for readable assertions */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  relation(name: string): RelationName;
  dispose(): Promise<void>;
}

export const SCHEMA = 'main_test';

export function nodeConfig(overrides: Partial<NodeConfig> = {}): NodeConfig {
  return { enabled: true, materialized: 'table', tags: [], extra: {}, ...overrides };
}

export async function openHarness(path = 'strata.duckdb'): Promise<DuckDbHarness> {
  const projectRoot = mkdtempSync(join(tmpdir(), 'strata-duckdb-'));
  const target = { name: 'test', type: 'duckdb', schema: SCHEMA, threads: 1, settings: { path } };
  const adapter = await DuckDbAdapter.create(target, projectRoot);
  const connection = await adapter.connect();
  await ensureSchema(connection, adapter.dialect, SCHEMA);
  const relation = (identifier: string): RelationName => ({ schema: SCHEMA, identifier });
  return {
    adapter,
    connection,
    projectRoot,
    relation,
    build: (name, sql, config = {}, fullRefresh = false) =>
      materializeModel({
        connection,
        dialect: adapter.dialect,
        relation: relation(name),
        compiledSql: sql,
        config: nodeConfig(config),
        fullRefresh,
        projectRoot,
      }),
    async rows(sql) {
      const result = await connection.query(sql);
      return result.rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
      );
    },
    async dispose() {
      await adapter.close();
      rmSync(projectRoot, { recursive: true, force: true });
    },
  };
}
