import { describe, expect, it } from 'vitest';
import type { NodeResult } from '../../../src/artifacts/run-results-json.js';
import { RUN_RESULTS_SCHEMA_VERSION, runResultsToJson } from '../../../src/artifacts/run-results-json.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const at = (ms: number): Date => new Date(Date.UTC(2025, 0, 1, 0, 0, 0, ms));

const model: NodeResult = {
  uniqueId: 'model.shop.stg_orders',
  status: 'success',
  timings: [
    { name: 'compile', startedAt: at(0), completedAt: at(100) },
    { name: 'execute', startedAt: at(100), completedAt: at(1600) },
  ],
  threadId: 'Thread-1',
  message: 'OK',
  rowsAffected: 42,
  compiledSql: 'select 1',
  relationName: '"main"."stg_orders"',
  adapterMessage: 'CREATE TABLE',
};
const test: NodeResult = {
  uniqueId: 'test.shop.not_null_stg_orders_order_id.0123456789',
  status: 'fail',
  timings: [],
  threadId: 'Thread-2',
  executionTime: 0.25,
  message: 'Got 3 results, configured to fail if != 0',
  failures: 3,
  compiledSql: 'select order_id from x where order_id is null',
};
const skipped: NodeResult = { uniqueId: 'model.shop.fct', status: 'skipped', timings: [], threadId: 'Thread-1' };

const build = (args: Record<string, unknown> = {}): Json =>
  runResultsToJson([model, test, skipped], {
    strataVersion: '0.1.0',
    generatedAt: at(2000),
    invocationId: 'inv-1',
    elapsedSeconds: 2.5,
    args,
  }) as Json;

describe('runResultsToJson', () => {
  it('writes metadata, elapsed time and args like run_results v6', () => {
    const json = build({ which: 'build', select: ['stg_orders+'] });
    expect(Object.keys(json).sort()).toEqual(['args', 'elapsed_time', 'metadata', 'results']);
    expect(json.metadata).toEqual({
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: '0.1.0',
      generated_at: '2025-01-01T00:00:02Z',
      invocation_id: 'inv-1',
      env: {},
    });
    expect(json.elapsed_time).toBe(2.5);
    expect(json.args).toEqual({ which: 'build', select: ['stg_orders+'] });
  });

  it('shapes a model result', () => {
    expect(build().results[0]).toEqual({
      status: 'success',
      timing: [
        // Python's isoformat, as dbt writes them: six fraction digits, none when it is zero
        { name: 'compile', started_at: '2025-01-01T00:00:00Z', completed_at: '2025-01-01T00:00:00.100000Z' },
        { name: 'execute', started_at: '2025-01-01T00:00:00.100000Z', completed_at: '2025-01-01T00:00:01.600000Z' },
      ],
      thread_id: 'Thread-1',
      execution_time: 1.6,
      adapter_response: { _message: 'CREATE TABLE', code: 'CREATE TABLE', rows_affected: 42 },
      message: 'OK',
      failures: null,
      unique_id: 'model.shop.stg_orders',
      compiled: true,
      compiled_code: 'select 1',
      relation_name: '"main"."stg_orders"',
      batch_results: null,
    });
  });

  it('shapes test and skipped results', () => {
    const [, failed, skip] = build().results;
    expect(failed).toMatchObject({ status: 'fail', failures: 3, execution_time: 0.25, relation_name: null });
    expect(skip).toMatchObject({
      status: 'skipped',
      timing: [],
      execution_time: 0,
      adapter_response: {},
      message: null,
      compiled: false,
      compiled_code: null,
    });
  });

  it('writes what dbt writes for seeds, exposures and passing tests', () => {
    const meta = { strataVersion: '0.1.0', generatedAt: at(0), invocationId: 'i', elapsedSeconds: 0, args: {} };
    const seed: NodeResult = {
      uniqueId: 'seed.shop.customers',
      status: 'success',
      timings: [],
      threadId: 'Thread-1',
      message: 'INSERT 2',
      adapterMessage: 'INSERT 2',
      rowsAffected: 2,
      relationName: '"shop"."main"."customers"',
    };
    const exposure: NodeResult = { uniqueId: 'exposure.shop.board', status: 'no-op', timings: [], threadId: 'T' };
    const passed: NodeResult = { ...test, status: 'pass', message: 'PASS', failures: 0, adapterMessage: 'PASS' };
    const [seedJson, exposureJson, passJson] = (runResultsToJson([seed, exposure, passed], meta) as Json).results;
    // dbt compiles neither a seed nor an exposure, and names no relation in a seed's result
    expect(seedJson).toMatchObject({ compiled: null, relation_name: null });
    // the adapter's code is the statement without its row count
    expect(seedJson.adapter_response).toEqual({ _message: 'INSERT 2', code: 'INSERT', rows_affected: 2 });
    expect(exposureJson).toMatchObject({ compiled: null });
    expect(passJson).toMatchObject({ status: 'pass', message: null, compiled: true });
  });

  it('masks secret-looking args at any depth', () => {
    const json = build({
      target: 'prod',
      password: 'hunter2',
      vars: { api_key: 'k1', region: 'eu', nested: [{ aws_secret_access_key: 'k2', token: 't' }] },
    });
    expect(json.args).toEqual({
      target: 'prod',
      password: '***',
      vars: { api_key: '***', region: 'eu', nested: [{ aws_secret_access_key: '***', token: '***' }] },
    });
    expect(JSON.stringify(json)).not.toMatch(/hunter2|k1|k2/);
  });
});
