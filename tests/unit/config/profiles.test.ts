import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/profiles.js';
import { redactSecrets } from '../../../src/config/redact-secrets.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = [
  'config:',
  '  send_anonymous_usage_stats: false',
  'shop:',
  '  target: dev',
  '  outputs:',
  '    dev:',
  '      type: duckdb',
  '      path: target/dev.duckdb',
  '      threads: 4',
  '    prod:',
  '      type: snowflake',
  '      account: acme',
  '      password: "{{ env_var(\'SNOWFLAKE_PASSWORD\') }}"',
  '      schema: analytics',
  '      database: ANALYTICS',
  "      threads: \"{{ env_var('THREADS', '8') }}\"",
  '    broken:',
  '      schema: main',
  '    bad_threads:',
  '      type: duckdb',
  '      threads: lots',
  '    warehouse:',
  '      type: redshift',
  '      password: hunter2',
].join('\n');

/** A project holding profiles.yml, and options that ignore the real environment and home. */
function setup(files: Record<string, string> = { 'profiles.yml': PROFILES }) {
  const projectRoot = tempProject(files);
  const home = tempProject();
  return { projectRoot, homeDir: home, env: {} as Record<string, string> };
}

describe('loadTarget', () => {
  it('loads the default target of the profile from the project root', () => {
    const options = setup();
    const { target, file } = loadTarget({ ...options, profileName: 'shop' });
    expect(file).toBe(path.join(options.projectRoot, 'profiles.yml'));
    expect(target).toEqual({
      name: 'dev',
      type: 'duckdb',
      schema: 'main',
      threads: 4,
      settings: { path: 'target/dev.duckdb' },
    });
  });

  it('loads an explicit target, rendering env_var and coercing threads', () => {
    const options = { ...setup(), env: { SNOWFLAKE_PASSWORD: 's3cret' } };
    const { target } = loadTarget({ ...options, profileName: 'shop', targetName: 'prod' });
    expect(target).toEqual({
      name: 'prod',
      type: 'snowflake',
      schema: 'analytics',
      database: 'ANALYTICS',
      threads: 8,
      settings: { account: 'acme', password: 's3cret' },
    });
  });

  it('does not render env vars of targets it does not load', () => {
    expect(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'dev' })).not.toThrow();
  });

  it('reports a missing env var with its line, never a secret', () => {
    const error = expectStrataError(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'prod' }), {
      file: 'profiles.yml',
      line: 13,
      message: 'Environment variable "SNOWFLAKE_PASSWORD" is not set',
      hint: /export SNOWFLAKE_PASSWORD=/,
    });
    expect(error.format()).not.toContain('hunter2');
  });

  it('searches --profiles-dir, then STRATA_PROFILES_DIR, then the project, then ~/.strata', () => {
    const elsewhere = tempProject({ 'profiles.yml': 'shop:\n  outputs:\n    only: { type: duckdb }\n' });
    const options = setup();
    expect(loadTarget({ ...options, profileName: 'shop', profilesDir: elsewhere }).target.name).toBe('only');
    expect(loadTarget({ ...options, env: { STRATA_PROFILES_DIR: elsewhere }, profileName: 'shop' }).target.name).toBe(
      'only',
    );

    const home = tempProject({ '.strata/profiles.yml': 'shop:\n  outputs:\n    home: { type: duckdb }\n' });
    const noProfiles = tempProject();
    const result = loadTarget({ projectRoot: noProfiles, homeDir: home, env: {}, profileName: 'shop' });
    expect(result.target.name).toBe('home');
    expect(result.file).toBe(path.join(home, '.strata', 'profiles.yml'));
  });

  it("finds dbt's profiles: DBT_PROFILES_DIR after STRATA_PROFILES_DIR, ~/.dbt after ~/.strata", () => {
    const profile = (target: string) => `shop:\n  outputs:\n    ${target}: { type: duckdb }\n`;
    const dbtDir = tempProject({ 'profiles.yml': profile('from_dbt_env') });
    const strataDir = tempProject({ 'profiles.yml': profile('from_strata_env') });
    const options = setup();
    const load = (env: Record<string, string>) => loadTarget({ ...options, env, profileName: 'shop' }).target.name;
    expect(load({ DBT_PROFILES_DIR: dbtDir })).toBe('from_dbt_env');
    expect(load({ DBT_PROFILES_DIR: dbtDir, STRATA_PROFILES_DIR: strataDir })).toBe('from_strata_env');
    expect(
      loadTarget({ ...options, env: { DBT_PROFILES_DIR: dbtDir }, profilesDir: strataDir, profileName: 'shop' }).target
        .name,
    ).toBe('from_strata_env');

    const home = tempProject({ '.dbt/profiles.yml': profile('dbt_home') });
    const noProfiles = tempProject();
    const fromDbtHome = loadTarget({ projectRoot: noProfiles, homeDir: home, env: {}, profileName: 'shop' });
    expect(fromDbtHome.file).toBe(path.join(home, '.dbt', 'profiles.yml'));
    fs.mkdirSync(path.join(home, '.strata'));
    fs.writeFileSync(path.join(home, '.strata', 'profiles.yml'), profile('strata_home'));
    expect(loadTarget({ projectRoot: noProfiles, homeDir: home, env: {}, profileName: 'shop' }).target.name).toBe(
      'strata_home',
    );
  });

  it('lists the places searched when there is no profiles.yml', () => {
    const options = setup({});
    const error = expectStrataError(() => loadTarget({ ...options, profileName: 'shop' }), {
      message: /profiles.yml not found/,
    });
    expect(error.message).toContain(path.join(options.projectRoot, 'profiles.yml'));
    expect(error.message).toContain(path.join(options.homeDir, '.strata', 'profiles.yml'));
    expect(error.message).toContain(path.join(options.homeDir, '.dbt', 'profiles.yml'));
    expect(error.hint).toMatch(/--profiles-dir/);
    expect(error.hint).toMatch(/DBT_PROFILES_DIR/);

    const explicit = expectStrataError(
      () => loadTarget({ ...options, profileName: 'shop', profilesDir: '/nowhere' }),
      {},
    );
    expect(explicit.message).toContain(path.join('/nowhere', 'profiles.yml'));
    expect(explicit.message).not.toContain(options.projectRoot);
  });

  it('names the closest profile and the available ones', () => {
    expectStrataError(() => loadTarget({ ...setup(), profileName: 'shopp' }), {
      file: 'profiles.yml',
      line: 1,
      message: 'Profile "shopp" not found in profiles.yml',
      hint: /Did you mean "shop"\? Available profiles: shop\./,
    });
  });

  it('names the closest target and the available ones', () => {
    expectStrataError(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'prd' }), {
      file: 'profiles.yml',
      line: 5,
      message: 'Target "prd" not found in profile "shop"',
      hint: /Did you mean "prod"\? Available targets: dev, prod, broken, bad_threads, warehouse\./,
    });
    const profiles = 'shop:\n  target: staging\n  outputs:\n    dev: { type: duckdb }\n';
    expectStrataError(() => loadTarget({ ...setup({ 'profiles.yml': profiles }), profileName: 'shop' }), {
      line: 2,
      message: 'Target "staging" not found in profile "shop"',
    });
  });

  it('requires a type', () => {
    expectStrataError(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'broken' }), {
      file: 'profiles.yml',
      line: 17,
      message: /"type" is required/,
      hint: /type: duckdb/,
    });
  });

  it('requires threads to be a positive integer', () => {
    expectStrataError(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'bad_threads' }), {
      file: 'profiles.yml',
      line: 21,
      message: '"threads" must be a positive integer (got "lots")',
    });
  });

  it('requires a schema outside DuckDB', () => {
    const error = expectStrataError(() => loadTarget({ ...setup(), profileName: 'shop', targetName: 'warehouse' }), {
      line: 22,
      message: 'Target "warehouse" has no schema',
    });
    expect(error.format()).not.toContain('hunter2');
  });

  it('asks for a default target when there are several', () => {
    const profiles = 'shop:\n  outputs:\n    a: { type: duckdb }\n    b: { type: duckdb }\n';
    expectStrataError(() => loadTarget({ ...setup({ 'profiles.yml': profiles }), profileName: 'shop' }), {
      line: 1,
      message: 'Profile "shop" does not say which target to use',
      hint: /target: a/,
    });
  });

  it('rejects unknown profile keys and empty outputs', () => {
    expectStrataError(
      () => loadTarget({ ...setup({ 'profiles.yml': 'shop:\n  output: {}\n' }), profileName: 'shop' }),
      {
        line: 2,
        hint: /Did you mean "outputs"\?/,
      },
    );
    expectStrataError(
      () => loadTarget({ ...setup({ 'profiles.yml': 'shop:\n  outputs: {}\n' }), profileName: 'shop' }),
      {
        line: 1,
        message: 'Profile "shop" has no outputs',
      },
    );
  });
});

describe('redactSecrets', () => {
  it('hides secret-looking keys at any depth', () => {
    expect(
      redactSecrets({
        host: 'db',
        password: 'p',
        Private_Key: 'k',
        private_key_passphrase: 'x',
        auth: { token: 't', user: 'u' },
        list: [{ client_secret: 's' }],
        api: { 'api-key': 'a', AWS_ACCESS_KEY_ID: 'i', credentials: { user: 'u' }, authorization: 'b' },
      }),
    ).toEqual({
      host: 'db',
      password: '***',
      Private_Key: '***',
      private_key_passphrase: '***',
      auth: { token: '***', user: 'u' },
      list: [{ client_secret: '***' }],
      api: { 'api-key': '***', AWS_ACCESS_KEY_ID: '***', credentials: '***', authorization: '***' },
    });
  });
});
