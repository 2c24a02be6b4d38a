import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

describe('strata debug', () => {
  it('prints the versions, the files found, the target and a passing connection test', async () => {
    const dir = copyFixture('basic');
    const result = await strata(['debug'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/strata version: \d+\.\d+\.\d+/);
    expect(result.stdout).toContain(`node version: ${process.version}`);
    expect(result.stdout).toMatch(/adapter driver: @duckdb\/node-api=\d+\.\d+/);
    expect(result.stdout).toContain(`Using profiles.yml file at ${join(dir, 'profiles.yml')}`);
    expect(result.stdout).toContain(`Using project.yml file at ${join(dir, 'project.yml')}`);
    expect(result.stdout).toContain('profiles.yml file [OK found and valid]');
    expect(result.stdout).toContain('    schema: main');
    expect(result.stdout).toContain('Connection test: [OK connection ok]');
    expect(result.stdout).toContain('All checks passed!');
  });

  it('exits 1 naming the profile line when the target is not valid', async () => {
    const dir = copyFixture('basic');
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    const result = await strata(['debug'], { cwd: dir, env: { BASIC_DUCKDB_PATH: 'blocker/basic.duckdb' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('profiles.yml file [ERROR invalid]');
    expect(result.stdout).toContain('1 check failed:');
    expect(result.stdout).toContain('profiles.yml:6: Target "dev" (duckdb): path blocker/basic.duckdb');
  });

  it('exits 1 when no profiles.yml is found, and --config-dir prints where it is looked for', async () => {
    const dir = copyFixture('basic');
    rmSync(join(dir, 'profiles.yml'));
    const env = { HOME: dir, STRATA_PROFILES_DIR: '', DBT_PROFILES_DIR: '' };
    const result = await strata(['debug'], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('profiles.yml file [ERROR not found]');
    expect(result.stdout).toContain('project.yml file [OK found and valid]');
    expect(result.stdout).toContain('1 check failed:');

    const configDir = await strata(['debug', '--config-dir', '--profiles-dir', join(dir, 'elsewhere')], { cwd: dir });
    expect(configDir.code).toBe(0);
    expect(configDir.stdout).toContain(`xdg-open ${join(dir, 'elsewhere')}`);
  });

  it('exits 1 when the folder holds no project file, still checking the profile', async () => {
    const dir = copyFixture('basic');
    rmSync(join(dir, 'project.yml'));
    const result = await strata(['debug'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('profiles.yml file [OK found]');
    expect(result.stdout).toContain('project.yml file [ERROR not found]');
    expect(result.stdout).toContain('No project.yml or dbt_project.yml found');
  });

  it('hides secret settings of the target', async () => {
    const dir = copyFixture('basic');
    const secret = 'p4ss-word-never-shown';
    writeFileSync(
      join(dir, 'profiles.yml'),
      'basic:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/basic.duckdb\n' +
        `      schema: main\n      settings: { s3_secret_access_key: ${secret} }\n`,
    );
    const result = await strata(['debug'], { cwd: dir });
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).toContain('***');
  });
});
