/**
 * The Snowflake adapter through the real snowflake-sdk against the Snowflake-protocol
 * server: key-pair login, query tags, the session pool, cancelling, and how a failing
 * model and Ctrl-C look from the CLI. The server records what a client sent that it does
 * not act on itself (how it logged in, the session's query tag: GET /strata-test/requests).
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Adapter, TargetConfig } from '../../../src/adapters/contract.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import type { ServiceInfo } from '../../services/lifecycle/service.js';

interface SeenRequest {
  kind: 'login' | 'statement';
  authenticator?: string;
  token?: string;
  queryTag?: string | null;
  sqlText?: string;
}

describeWithService('snowflake', 'the Snowflake adapter on the Snowflake-protocol server', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-snowflake-adapter-'));
  const schema = `adapter_${Date.now().toString(36)}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const adapters: Adapter[] = [];

  const target = (settings: Record<string, unknown>, threads = 2): TargetConfig => ({
    name: 'sf',
    type: 'snowflake',
    schema,
    database: String(service.details['database']),
    threads,
    settings: { ...serverSettings(service), password: 'pw-adapter-test', ...settings },
  });
  const open = async (settings: Record<string, unknown> = {}, threads = 2) => {
    const adapter = await createAdapter(target(settings, threads), dir);
    adapters.push(adapter);
    return adapter;
  };
  const requests = async (): Promise<SeenRequest[]> =>
    (await fetch(`${service.details['accessUrl']}/strata-test/requests`)).json() as Promise<SeenRequest[]>;
  const loginsSince = async (count: number) => (await requests()).slice(count).filter((r) => r.kind === 'login');

  beforeAll(async () => {
    const adapter = await open();
    const connection = await adapter.connect();
    await connection.execute(`CREATE SCHEMA IF NOT EXISTS ${adapter.dialect.quoteIdentifier(schema)}`);
    // 10^4 rows: a triple cross join of them runs until cancelled
    await connection.execute(
      `CREATE OR REPLACE TABLE ${adapter.dialect.quoteIdentifier(schema)}.NUMS ` +
        'AS SELECT seq4() AS n FROM table(generator(rowcount => 10000))',
    );
    await connection.close();
  });

  afterAll(async () => {
    try {
      const adapter = await open();
      const connection = await adapter.connect();
      await connection.execute(`DROP SCHEMA IF EXISTS ${adapter.dialect.quoteIdentifier(schema)} CASCADE`);
      await connection.close();
    } finally {
      await Promise.all(adapters.map((a) => a.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs in with an encrypted private key: the SDK signs the login JWT with it', async () => {
    const pem = privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
      .toString();
    writeFileSync(join(dir, 'rsa_key.p8'), pem);
    const before = (await requests()).length;
    const adapter = await open({
      password: undefined,
      private_key_path: 'rsa_key.p8',
      private_key_passphrase: 'correct horse',
    });
    const connection = await adapter.connect();
    expect((await connection.query('select 41 + 1 as answer')).rows).toEqual([{ ANSWER: 42 }]);
    await connection.close();

    const [login] = await loginsSince(before);
    expect(login?.authenticator).toBe('SNOWFLAKE_JWT');
    const [header, payload, signature] = String(login?.token).split('.');
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature!, 'base64url'),
    );
    expect(signed).toBe(true);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string; iss: string };
    expect(claims.sub).toBe('STRATA.STRATA');
    expect(claims.iss).toMatch(/^STRATA\.STRATA\.SHA256:/);
  });

  it('tags the session with query_tag', async () => {
    const before = (await requests()).length;
    const adapter = await open({ query_tag: 'strata-test-tag' });
    const connection = await adapter.connect();
    await connection.query('select 1 as one');
    await connection.close();
    expect((await loginsSince(before)).map((l) => l.queryTag)).toEqual(['strata-test-tag']);
  });

  it('shares at most `threads` sessions between the workers, reusing returned ones', async () => {
    const before = (await requests()).length;
    const adapter = await open({}, 2);
    const [first, second] = [await adapter.connect(), await adapter.connect()];
    expect(await loginsSince(before)).toHaveLength(2);

    let thirdArrived = false;
    const third = adapter.connect().then((connection) => {
      thirdArrived = true;
      return connection;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(thirdArrived).toBe(false); // both sessions are out: it waits
    await first.close();
    const reused = await third;
    expect((await reused.query('select 2 as two')).rows).toEqual([{ TWO: 2 }]);
    await Promise.all([second.close(), reused.close()]);
    const again = await adapter.connect();
    await again.close();
    expect(await loginsSince(before)).toHaveLength(2); // no login after the first two
  });

  it('cancels the statement in flight: it fails as cancelled at once', async () => {
    const adapter = await open();
    const connection = await adapter.connect();
    const started = Date.now();
    const running = connection.query(`select count(*) as n from ${schema}.nums a, ${schema}.nums b, ${schema}.nums c`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await connection.cancel();
    await expect(running).rejects.toThrow(/Snowflake error 000604 \(57014\): SQL execution canceled/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await connection.query('select 3 as three')).rows).toEqual([{ THREE: 3 }]); // the session goes on
    await connection.close();
  });

  it('reports a failing model with Snowflake’s code and message and the model’s file, exit 1', async () => {
    const project = writeProject('broken', {
      'models/bad_model.sql': "{{ config(materialized='table') }}\nselect no_such_column from (select 1 as id)\n",
    });
    const result = await strata(['run'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /Runtime Error in model bad_model \(models\/bad_model\.sql\)\n.*Snowflake error \d{6} \(\w+\): .*NO_SUCH_COLUMN/,
    );
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    expect(result.stdout + result.stderr).not.toContain('pw-adapter-test');
  });

  it('keeps the old table when a rebuild fails', async () => {
    const project = writeProject('rebuild', {
      'models/kept.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'old' as version\n",
    });
    expect((await strata(['run'], { cwd: project })).code).toBe(0);
    writeFileSync(
      join(project, 'models/kept.sql'),
      "{{ config(materialized='table') }}\n" +
        "select cast(version as integer) as id, version from (select 'new' as version)\n",
    );
    const failed = await strata(['run'], { cwd: project });
    expect(failed.code).toBe(1);
    const adapter = await open();
    const connection = await adapter.connect();
    const { rows } = await connection.query(`select id, version from ${schema}.kept`);
    await connection.close();
    expect(rows).toEqual([{ ID: 1, VERSION: 'old' }]);
  });

  it('stops a run on Ctrl-C: the query is cancelled, nothing half-built stays, exit 130', async () => {
    const project = writeProject('slow', {
      'models/forever.sql':
        "{{ config(materialized='table') }}\n" +
        `select count(*) as n from ${schema}.nums a, ${schema}.nums b, ${schema}.nums c\n`,
    });
    const started = Date.now();
    const result = await strata(['run'], {
      cwd: project,
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
    const adapter = await open();
    const connection = await adapter.connect();
    const relations = await connection.listRelations(schema);
    await connection.close();
    expect(relations.map((r) => r.identifier.toLowerCase()).filter((name) => name.startsWith('forever'))).toEqual([]);
  });

  /** A one-model project on the server, in the test's schema. */
  function writeProject(name: string, files: Record<string, string>): string {
    const project = join(dir, name);
    mkdirSync(join(project, 'models'), { recursive: true });
    writeFileSync(join(project, 'project.yml'), `name: ${name}\nversion: "1.0"\nprofile: ${name}\n`);
    const settings = {
      type: 'snowflake',
      ...serverSettings(service),
      password: 'pw-adapter-test',
      database: service.details['database'],
      schema,
      threads: 1,
    };
    const lines = Object.entries(settings).map(([key, value]) => `      ${key}: "${String(value)}"`);
    writeFileSync(join(project, 'profiles.yml'), `${name}:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(project, path), text);
    return project;
  }
});

/** Where the server is, as a target's settings. */
function serverSettings(service: ServiceInfo): Record<string, unknown> {
  const url = new URL(String(service.details['accessUrl']));
  return {
    account: service.details['account'],
    user: service.details['username'],
    host: url.hostname,
    port: url.port,
    protocol: url.protocol.replace(':', ''),
  };
}
