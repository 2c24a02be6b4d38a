/**
 * The `grants` config on the PostgreSQL stand-in (Redshift, method pg): after each build a
 * user named in `grants` can read the relation and a user the config no longer names cannot,
 * including a grant revoked from an incremental table that survives the rebuild, and a
 * snapshot table, whose history every run keeps.
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
import { installRedshiftFunctionsOn } from '../../services/stand-ins/redshift/redshift-functions.js';

describeWithService('postgres', 'grants applied after each build (PostgreSQL stand-in)', (service) => {
  const suffix = randomUUID().slice(0, 8);
  const schema = `grants_${suffix}`;
  const analyst = `analyst_${suffix}`;
  const intern = `intern_${suffix}`;
  // a group (a role that cannot log in) and a user who reads through it
  const group = `readers_${suffix}`;
  const member = `member_${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'strata-grants-'));
  const client = new pg.Client(postgresClientConfig(service));

  beforeAll(async () => {
    // a snapshot's SQL calls getdate() and other Redshift built-ins PostgreSQL lacks
    await installRedshiftFunctionsOn(postgresClientConfig(service));
    await client.connect();
    for (const user of [analyst, intern]) await client.query(`create user ${user}`);
    await client.query(`create group ${group}`);
    await client.query(`create user ${member} in group ${group}`);
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
    writeFileSync(join(dir, 'profiles.yml'), `granted:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    mkdirSync(join(dir, 'models'));
    writeFileSync(
      join(dir, 'models/events.sql'),
      "{{ config(materialized='incremental', unique_key='id') }}\nselect 1 as id, 'click' as kind\n",
    );
    writeFileSync(join(dir, 'models/daily.sql'), "{{ config(materialized='table') }}\nselect 1 as day\n");
    mkdirSync(join(dir, 'snapshots'));
    writeFileSync(
      join(dir, 'snapshots/day_history.sql'),
      "{% snapshot day_history %}\n{{ config(strategy='check', unique_key='day', check_cols='all') }}\n" +
        'select 1 as day\n{% endsnapshot %}\n',
    );
  });

  afterAll(async () => {
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
      for (const user of [analyst, intern, member]) await client.query(`drop user if exists ${user}`);
      await client.query(`drop group if exists ${group}`);
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * The project file: grants at project level for models and snapshots, `+select` adding to them
   * on `daily`; schema usage by a hook.
   */
  function writeProject(readers: string[]): void {
    writeFileSync(
      join(dir, 'dbt_project.yml'),
      [
        'name: granted',
        "version: '1.0'",
        'profile: granted',
        `on-run-end: "grant usage on schema {{ target.schema }} to ${analyst}, ${intern}, group ${group}"`,
        'models:',
        '  granted:',
        `    +grants: {select: [${readers.join(', ')}]}`,
        '    daily:',
        `      +grants: {+select: [${analyst}]}`,
        'snapshots:',
        '  granted:',
        `    +grants: {select: [${readers.join(', ')}]}`,
        '',
      ].join('\n'),
    );
  }

  /** Whether `user` may read `relation`, asked as that user. */
  async function canRead(user: string, relation: string): Promise<boolean> {
    await client.query(`set role ${user}`);
    try {
      await client.query(`select * from ${schema}.${relation}`);
      return true;
    } catch (error) {
      expect(String(error)).toMatch(/permission denied/);
      return false;
    } finally {
      await client.query('reset role');
    }
  }

  it('grants select to the users the config names, and revokes it from one it drops', async () => {
    writeProject([analyst, intern]);
    const first = await strata(['run'], { cwd: dir });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await canRead(analyst, 'events')).toBe(true);
    expect(await canRead(intern, 'events')).toBe(true);

    // the incremental table survives the second run with its grants: the intern's is revoked
    writeProject([analyst]);
    const second = await strata(['run'], { cwd: dir });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await canRead(analyst, 'events')).toBe(true);
    expect(await canRead(intern, 'events')).toBe(false);
  });

  it('adds `+select` roles to the inherited ones', async () => {
    writeProject([intern]);
    const run = await strata(['run'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await canRead(intern, 'daily')).toBe(true);
    expect(await canRead(analyst, 'daily')).toBe(true);
    expect(await canRead(analyst, 'events')).toBe(false);
  });

  it('grants select on a snapshot table after each snapshot, and revokes it from a user the config drops', async () => {
    writeProject([analyst, intern]);
    const first = await strata(['snapshot'], { cwd: dir });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await canRead(analyst, 'day_history')).toBe(true);
    expect(await canRead(intern, 'day_history')).toBe(true);

    writeProject([analyst]);
    const second = await strata(['snapshot'], { cwd: dir });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await canRead(analyst, 'day_history')).toBe(true);
    expect(await canRead(intern, 'day_history')).toBe(false);
  });

  it('grants select to a group named group:<name>, and revokes it when the config stops naming the group', async () => {
    writeProject([`"group:${group}"`]);
    const granted = await strata(['run', '--select', 'events'], { cwd: dir });
    expect(granted.code, granted.stdout + granted.stderr).toBe(0);
    expect(await canRead(member, 'events')).toBe(true);
    expect(await canRead(analyst, 'events')).toBe(false);

    writeProject([analyst]);
    const dropped = await strata(['run', '--select', 'events'], { cwd: dir });
    expect(dropped.code, dropped.stdout + dropped.stderr).toBe(0);
    expect(await canRead(member, 'events')).toBe(false);
    expect(await canRead(analyst, 'events')).toBe(true);
  });
});
