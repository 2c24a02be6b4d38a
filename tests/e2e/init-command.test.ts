import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strata } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('strata init', () => {
  it('writes a project that strata build builds out of the box on DuckDB', async () => {
    const parent = tempDir('strata-init-');
    const init = await strata(['init', 'shop_analytics'], { cwd: parent });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const dir = join(parent, 'shop_analytics');
    for (const file of ['project.yml', 'profiles.yml', '.gitignore', 'models/example/schema.yml']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'profiles.yml'), 'utf8')).toContain('type: duckdb');

    const build = await strata(['build'], { cwd: dir });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    // two models and the unique / not_null tests of each
    expect(build.stdout).toContain('Done. PASS=6 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=6');
    expect(build.stdout).not.toContain('[WARNING]');
  });

  it('refuses an existing folder and leaves it as it was', async () => {
    const parent = tempDir('strata-init-');
    await strata(['init', 'shop'], { cwd: parent });
    writeFileSync(join(parent, 'shop/project.yml'), 'name: mine\n');
    const again = await strata(['init', 'shop'], { cwd: parent });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; strata init never writes into an existing folder');
    expect(readFileSync(join(parent, 'shop/project.yml'), 'utf8')).toBe('name: mine\n');
  });

  it('refuses a name that is not an identifier, and an adapter it has no profile for', async () => {
    const parent = tempDir('strata-init-');
    const badName = await strata(['init', 'my-project'], { cwd: parent });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('"my-project" is not a valid project name');
    const badAdapter = await strata(['init', 'shop', '--adapter', 'bigquery'], { cwd: parent });
    expect(badAdapter.code).toBe(2);
    expect(badAdapter.stderr).toContain('--adapter bigquery');
    expect(existsSync(join(parent, 'shop'))).toBe(false);
  });

  it.each([
    ['snowflake', { SNOWFLAKE_ACCOUNT: 'acme', SNOWFLAKE_USER: 'u', SNOWFLAKE_PASSWORD: 'p' }],
    ['redshift', { REDSHIFT_HOST: 'h.example.com', REDSHIFT_USER: 'u', REDSHIFT_PASSWORD: 'p' }],
    ['athena', { AWS_REGION: 'eu-west-1', ATHENA_S3_STAGING_DIR: 's3://query-results/athena/' }],
  ])('writes the %s profile, reading its credentials from the environment', async (adapter, env) => {
    const parent = tempDir('strata-init-');
    expect((await strata(['init', 'wh', '--adapter', adapter], { cwd: parent })).code).toBe(0);
    const all = {
      SNOWFLAKE_ROLE: 'r',
      SNOWFLAKE_WAREHOUSE: 'w',
      SNOWFLAKE_DATABASE: 'd',
      REDSHIFT_DATABASE: 'd',
      ...env,
    };
    const compiled = await strata(['compile'], { cwd: join(parent, 'wh'), env: all });
    expect(compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);
  });
});
