import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Adapter, Connection, TargetConfig } from '../../../src/adapters/contract.js';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

describeWithService('postgres', 'Redshift method pg: the connection on the PostgreSQL stand-in', (service) => {
  const schema = `rs_pg_${randomUUID().slice(0, 8)}`;
  const settings = {
    method: 'pg',
    host: service.host,
    port: String(service.port),
    user: String(service.details['user']),
    sslmode: 'disable',
    options: '-c standard_conforming_strings=off',
  };
  const target = (overrides: Record<string, unknown> = {}): TargetConfig => ({
    name: 'ci',
    type: 'redshift',
    schema,
    database: String(service.details['database']),
    threads: 1,
    settings: { ...settings, ...overrides },
  });
  let adapter: Adapter;
  let connection: Connection;

  beforeAll(async () => {
    adapter = await createAdapter(target(), '/unused');
    connection = await adapter.connect();
    await connection.execute(adapter.dialect.createSchema(schema));
  });

  afterAll(async () => {
    await connection?.execute(`DROP SCHEMA IF EXISTS ${adapter.dialect.quoteIdentifier(schema)} CASCADE`);
    await connection?.close();
    await adapter?.close();
  });

  it('returns values as every connection does: bigint, numbers, dates and timestamps in UTC', async () => {
    const { rows, columns } = await connection.query(
      `select 9007199254740993::bigint as big, 12.50::numeric(10,2) as amount, 3 as n, 1.5::float8 as f,
              date '2024-02-29' as d, timestamp '2024-05-01 09:30:00.25' as ts, true as ok, 'x' as s,
              null::int as nothing`,
    );
    expect(rows).toEqual([
      {
        big: 9007199254740993n,
        amount: 12.5,
        n: 3,
        f: 1.5,
        d: new Date('2024-02-29T00:00:00Z'),
        ts: new Date('2024-05-01T09:30:00.250Z'),
        ok: true,
        s: 'x',
        nothing: null,
      },
    ]);
    expect(columns.map((c) => c.dataType)).toEqual([
      'bigint',
      'numeric',
      'integer',
      'double precision',
      'date',
      'timestamp without time zone',
      'boolean',
      'text',
      'integer',
    ]);
  });

  it('reads string literals as Redshift does, and folds identifiers to lower case', async () => {
    const { dialect } = adapter;
    const relation = { schema, identifier: 'Mixed_Case' };
    const literal = `cast(${dialect.quoteString("it's a \\ path")} as ${dialect.typeName('string')})`;
    await connection.execute(
      `create table ${dialect.renderRelation(relation)} as select ${literal} as ${dialect.quoteIdentifier('Path')}`,
    );
    expect((await connection.listRelations(schema)).map((r) => r.identifier)).toEqual(['mixed_case']);
    expect(await connection.getColumns(relation)).toEqual([{ name: 'path', dataType: 'character varying' }]);
    expect((await connection.query(`select path from ${dialect.renderRelation(relation)}`)).rows).toEqual([
      { path: "it's a \\ path" },
    ]);
  });

  it('reports rows affected, and a failing statement with its line and column', async () => {
    const table = `${adapter.dialect.quoteIdentifier(schema)}.counted`;
    await connection.execute(`create table ${table} (id int)`);
    expect(await connection.execute(`insert into ${table} values (1), (2), (3)`)).toEqual({ rowsAffected: 3 });
    const error = await connection
      .query('select 1 as one,\n  no_such_column\nfrom (select 1) s')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toBe(
      'column "no_such_column" does not exist\nat line 2, column 3 of the statement: no_such_column',
    );
    expect((error as DatabaseError).sql).toContain('no_such_column');
  });

  it('cancels the statement in flight', async () => {
    const started = Date.now();
    const sleeping = connection.query('select pg_sleep(30)').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await connection.cancel();
    const error = await sleeping;
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(/canceling statement due to user request/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // the session stays usable
    expect((await connection.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('says what is missing or wrong in the target, never showing the password', async () => {
    await expect(createAdapter(target({ host: undefined, user: undefined }), '/unused')).rejects.toThrow(
      "Target 'ci' (redshift, method pg) is missing: host, user.",
    );
    await expect(createAdapter(target({ method: 'odbc' }), '/unused')).rejects.toThrow(
      'Target \'ci\': method must be one of data-api, pg, got "odbc".',
    );
    await expect(createAdapter(target({ sslmode: 'prefer' }), '/unused')).rejects.toThrow(
      /sslmode must be one of disable, require, verify-ca, verify-full/,
    );
    const refused = await createAdapter(target({ port: '1', password: 's3cret-value' }), '/unused');
    const error = await refused.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).format()).toMatch(
      /^Cannot connect to Redshift at 127\.0\.0\.1:1 \(database \w+, user \w+\): .*ECONNREFUSED/,
    );
    expect((error as StrataError).format()).not.toContain('s3cret-value');
  });

  it('stops a run on Ctrl-C: the query is cancelled, nothing half-built stays, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-redshift-pg-interrupt-'));
    try {
      writeFileSync(join(dir, 'project.yml'), 'name: slow\nversion: "1.0"\nprofile: slow\n');
      const output = Object.entries({
        type: 'redshift',
        ...settings,
        database: service.details['database'],
        schema,
        threads: 1,
      });
      const settingLines = output.map(([k, v]) => `      ${k}: "${String(v)}"`).join('\n');
      writeFileSync(join(dir, 'profiles.yml'), `slow:\n  target: ci\n  outputs:\n    ci:\n${settingLines}\n`);
      mkdirSync(join(dir, 'models'));
      writeFileSync(
        join(dir, 'models/forever.sql'),
        "{{ config(materialized='table') }}\nselect 1 as n from (select pg_sleep(60)) s\n",
      );
      const started = Date.now();
      const result = await strata(['run'], {
        cwd: dir,
        onSpawn: (kill, stdout) => {
          const poll = setInterval(() => {
            if (!stdout().includes('START sql table model')) return;
            clearInterval(poll);
            setTimeout(() => kill('SIGINT'), 500);
          }, 50);
        },
      });
      expect(result.code, result.stdout + result.stderr).toBe(130);
      expect(result.stdout).toMatch(/Cancelling/);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(
        (await connection.listRelations(schema)).map((r) => r.identifier).filter((name) => name.startsWith('forever')),
      ).toEqual([]);
      // cancelled on the server, not merely abandoned by an exiting client
      const running = await connection.query(
        "select count(*) as n from pg_stat_activity where state = 'active' " +
          "and query like '%pg_sleep(60)%' and pid <> pg_backend_pid()",
      );
      expect(running.rows).toEqual([{ n: 0n }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
