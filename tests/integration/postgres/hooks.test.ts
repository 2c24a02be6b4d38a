/**
 * Hooks on the PostgreSQL stand-in (Redshift, method pg), where DDL is transactional: the
 * `transaction: true` hooks share the build's transaction (a failing one rolls the build
 * back), `transaction: false` ones run outside it, and on-run-end sees the run's results.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';

describeWithService('postgres', 'hooks in the transaction of the build (PostgreSQL stand-in)', (service) => {
  const schema = `hooks_${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'strata-hooks-pg-'));
  const client = new pg.Client(postgresClientConfig(service));

  beforeAll(async () => {
    await client.connect();
    const settings = {
      type: 'redshift',
      method: 'pg',
      host: service.host,
      port: String(service.port),
      user: String(service.details['user']),
      sslmode: 'disable',
      database: String(service.details['database']),
      schema,
      threads: 1,
    };
    const lines = Object.entries(settings).map(([key, value]) => `      ${key}: "${String(value)}"`);
    writeFileSync(join(dir, 'profiles.yml'), `hooked:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'dbt_project.yml'),
      [
        'name: hooked',
        'profile: hooked',
        'on-run-start: "create table if not exists {{ target.schema }}.hook_log (what text)"',
        'on-run-end: "insert into {{ target.schema }}.hook_log values (\'end {{ results | length }}\')"',
        '',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'models'));
    const insert = (what: string) => `insert into {{ target.schema }}.hook_log values (${what})`;
    writeFileSync(
      join(dir, 'models/orders.sql'),
      [
        '{{ config(',
        "    materialized='table',",
        `    pre_hook={'sql': "${insert("'outside pre'")}", 'transaction': false},`,
        `    post_hook=["${insert("'inside post ' || (select count(*) from {{ this }})")}",`,
        '               "{% if var(\'fail\', false) %}select * from no_such_table{% endif %}"]',
        ') }}',
        "select {{ var('n', 1) }} as n",
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const log = async () => (await client.query(`select what from ${schema}.hook_log`)).rows.map((row) => row.what);

  it('runs the hooks around the build, the post-hook seeing the built table, on-run-end the results', async () => {
    const run = await strata(['run'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await log()).toEqual(['outside pre', 'inside post 1', 'end 1']);
  });

  it('rolls the build and its in-transaction hooks back when a post-hook fails, keeping the outside ones', async () => {
    const run = await strata(['run', '--vars', '{fail: true, n: 2}'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/post-hook 2 of 2 failed: .*no_such_table/);
    expect((await client.query(`select n from ${schema}.orders`)).rows).toEqual([{ n: 1 }]);
    expect(await log()).toEqual(['outside pre', 'inside post 1', 'end 1', 'outside pre', 'end 1']);
  });
});
