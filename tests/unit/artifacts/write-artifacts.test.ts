import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  writeCompiledSql,
  writeJsonAtomic,
  writeManifest,
  writeRunResults,
  writeRunSql,
} from '../../../src/artifacts/write-artifacts.js';
import { notNullTest, stgOrders } from './fixture-manifest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-artifacts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('write-artifacts', () => {
  it('writes manifest.json and run_results.json without leaving temp files', async () => {
    const target = join(dir, 'target');
    expect(await writeManifest(target, { metadata: { a: 1 } })).toBe(join(target, 'manifest.json'));
    await writeRunResults(target, { results: [] });
    await writeManifest(target, { metadata: { a: 2 } });
    expect(JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8'))).toEqual({ metadata: { a: 2 } });
    expect((await readdir(target)).sort()).toEqual(['manifest.json', 'run_results.json']);
  });

  it('serializes bigints', async () => {
    await writeJsonAtomic(join(dir, 'x.json'), { failures: 3n });
    expect(JSON.parse(await readFile(join(dir, 'x.json'), 'utf8'))).toEqual({ failures: 3 });
  });

  it('writes compiled and run SQL in dbt layout', async () => {
    const compiled = await writeCompiledSql(dir, stgOrders, 'select 1');
    expect(compiled).toBe(join(dir, 'compiled', 'shop', 'models', 'staging', 'stg_orders.sql'));
    expect(await readFile(compiled, 'utf8')).toBe('select 1\n');
    const run = await writeRunSql(dir, notNullTest, 'select 2\n');
    expect(run).toBe(join(dir, 'run', 'shop', 'models', 'staging', 'schema.yml', 'not_null_stg_orders_order_id.sql'));
  });

  it('refuses to write outside the target folder', async () => {
    const escaping = { ...stgOrders, origin: { file: '../../etc/evil.sql' } };
    await expect(writeCompiledSql(dir, escaping, 'select 1')).rejects.toThrow(/outside/);
  });
});
