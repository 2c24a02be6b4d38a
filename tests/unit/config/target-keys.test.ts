import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { targetSettingsOf } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

/** A profiles.yml with one target `dev` made of `lines` (indented under it), in a fresh project. */
function profile(lines: string[], files: Record<string, string> = {}) {
  const text = ['shop:', '  target: dev', '  outputs:', '    dev:', ...lines.map((line) => `      ${line}`)].join('\n');
  const projectRoot = tempProject({ 'profiles.yml': `${text}\n`, ...files });
  return { projectRoot, homeDir: tempProject(), env: {}, profileName: 'shop' };
}

// A typo of one real setting per adapter, and the setting meant: the check is the same code for all.
const TYPOS = [
  { type: 'duckdb', written: 'pth', meant: 'path', lines: [] },
  { type: 'athena', written: 's3_stagin_dir', meant: 's3_staging_dir', lines: ['s3_data_dir: s3://b/d/'] },
  { type: 'redshift', written: 'clusterr_identifier', meant: 'cluster_identifier', lines: ['database: dev'] },
  { type: 'snowflake', written: 'acount', meant: 'account', lines: ['database: DB'] },
];

describe('target keys', () => {
  it.each(TYPOS)(
    'refuses an unknown $type key at its line, naming the closest valid key',
    ({ type, written, meant, lines }) => {
      const options = profile([`type: ${type}`, 'schema: main', ...lines, `${written}: x`]);
      expectStrataError(() => loadTarget(options), {
        file: 'profiles.yml',
        line: 7 + lines.length,
        message: `Unknown key "${written}" in target "dev" (${type})`,
        hint: new RegExp(`^Did you mean "${meant}"\\?`),
      });
    },
  );

  it('reports a typo of a common key as a typo, not as the key missing', () => {
    expectStrataError(() => loadTarget(profile(['type: snowflake', 'database: DB', 'schem: analytics'])), {
      line: 7,
      message: 'Unknown key "schem" in target "dev" (snowflake)',
      hint: /^Did you mean "schema"\?/,
    });
  });

  it('refuses an unknown adapter type at its line', () => {
    expectStrataError(() => loadTarget(profile(['type: snowflak', 'schema: s'])), {
      line: 5,
      message: 'Target "dev" has an unknown type "snowflak"',
      hint: /Did you mean "snowflake"\?/,
    });
  });

  it('warns once per dbt key that has no effect, at its line, naming the setting Strata reads', () => {
    const { warnings, target } = loadTarget(
      profile(['type: duckdb', 'extensions: [httpfs]', 'config_options: { threads: 1 }']),
    );
    expect(warnings).toEqual([
      'profiles.yml:6: "extensions" in target "dev" (duckdb) is a dbt-duckdb setting Strata does not act on yet; ' +
        'it has no effect.',
      'profiles.yml:7: "config_options" in target "dev" (duckdb) is a dbt-duckdb setting Strata does not act on yet; ' +
        'it has no effect. Strata reads "config" for this.',
    ]);
    expect(target.type).toBe('duckdb');
  });

  it("reads dbt's spelling of a setting as the setting, so a migrated profile connects where it did", () => {
    const redshift = loadTarget(
      profile([
        'type: redshift',
        'schema: s',
        'method: pg',
        'host: h',
        'user: u',
        'dbname: analytics',
        'cluster_id: c1',
      ]),
    );
    expect(redshift.warnings).toEqual([]);
    expect(redshift.target.database).toBe('analytics');
    expect(redshift.target.settings).toMatchObject({ cluster_identifier: 'c1' });
    expect(redshift.target.settings).not.toHaveProperty('dbname');
    const duckdb = loadTarget(profile(['type: duckdb', 'settings: { memory_limit: 1GB }']));
    expect(duckdb.target.settings).toEqual({ config: { memory_limit: '1GB' } });
  });

  it("warns once that dbt's user settings block (config:) has no effect, at its line", () => {
    const options = profile(['type: duckdb']);
    const file = path.join(options.projectRoot, 'profiles.yml');
    fs.writeFileSync(file, `config:\n  send_anonymous_usage_stats: false\n${fs.readFileSync(file, 'utf8')}`);
    expect(loadTarget(options).warnings).toEqual([
      'profiles.yml:1: "config" in profiles.yml holds dbt\'s user settings, ' +
        'which Strata does not act on; it has no effect.',
    ]);
  });

  it("refuses dbt's spelling and Strata's of one setting together, at dbt's", () => {
    expectStrataError(() => loadTarget(profile(['type: redshift', 'schema: s', 'database: a', 'dbname: b'])), {
      line: 8,
      message: 'target "dev" (redshift) sets both "dbname" (dbt\'s name) and "database"',
    });
  });

  it('accepts every declared setting and the dbt keys of each adapter without error', () => {
    for (const type of ['duckdb', 'athena', 'redshift', 'snowflake']) {
      const declaration = targetSettingsOf(type)!;
      const dbtKeys = Object.keys(declaration.dbtOnly);
      const { warnings } = loadTarget(profile([`type: ${type}`, 'schema: s', ...dbtKeys.map((key) => `${key}: x`)]));
      expect(warnings, type).toHaveLength(dbtKeys.length);
      // no dbt-only key is also a setting Strata reads: it would be both acted on and "without effect"
      const declared = new Set(declaration.settings.map((s) => s.name));
      expect(
        dbtKeys.filter((key) => declared.has(key)),
        type,
      ).toEqual([]);
      for (const instead of Object.values(declaration.dbtOnly)) {
        if (instead) expect([...declared, 'database'], `${type}: ${instead}`).toContain(instead);
      }
    }
  });

  it('refuses a value of the wrong type at its line, naming the type, never the value', () => {
    const error = expectStrataError(
      () => loadTarget(profile(['type: redshift', 'schema: s', 'method: pg', 'port: hunter2'])),
      {
        line: 8,
        message: '"port" in target "dev" (redshift) must be a number, got a string',
      },
    );
    expect(error.format()).not.toContain('hunter2');
    expectStrataError(() => loadTarget(profile(['type: duckdb', 'config: 3'])), {
      line: 6,
      message: '"config" in target "dev" (duckdb) must be a map (key: value lines), got a number',
    });
    expectStrataError(
      () => loadTarget(profile(['type: snowflake', 'schema: s', 'client_session_keep_alive: sometimes'])),
      {
        message: /must be true or false/,
      },
    );
  });

  it('refuses a number out of bounds, a word not among the choices and a bad URI at its line', () => {
    const athena = ['type: athena', 'schema: s', 's3_staging_dir: s3://results/q/'];
    expectStrataError(() => loadTarget(profile([...athena, 's3_data_dir: s3://lake/t/', 'poll_interval_ms: 0'])), {
      file: 'profiles.yml',
      line: 9,
      message: '"poll_interval_ms" in target "dev" (athena) must be a number of at least 1, got 0',
    });
    expectStrataError(() => loadTarget(profile([...athena, 's3_data_dir: /tmp/lake'])), {
      line: 8,
      message: 'Target "dev" (athena): s3_data_dir must be an s3://bucket/prefix/ URI, got "/tmp/lake"',
    });
    expectStrataError(() => loadTarget(profile(['type: redshift', 'schema: s', 'sslmode: prefer'])), {
      line: 7,
      message:
        '"sslmode" in target "dev" (redshift) must be one of disable, require, verify-ca, verify-full, got "prefer"',
    });
    expectStrataError(() => loadTarget(profile(['type: redshift', 'schema: s', 'session_keep_alive_seconds: 90000'])), {
      line: 7,
      message: /must be a number from 1 to 86400, got 90000/,
    });
  });

  it('names the type of a bad secret value, never the value', () => {
    const error = expectStrataError(
      () => loadTarget(profile(['type: snowflake', 'schema: s', 'password: [hunter2]'])),
      { line: 7, message: '"password" in target "dev" (snowflake) must be a string, got a list' },
    );
    expect(error.format()).not.toContain('hunter2');
  });

  it('reads numbers and booleans rendered as text by env_var', () => {
    const options = profile([
      'type: snowflake',
      'schema: s',
      'port: "{{ env_var(\'PORT\') }}"',
      'client_session_keep_alive: "{{ env_var(\'KEEP\') }}"',
    ]);
    expect(loadTarget({ ...options, env: { PORT: '8080', KEEP: 'True' } }).warnings).toEqual([]);
  });
});

describe('DuckDB path', () => {
  const attempt =
    (value: string, files: Record<string, string> = {}) =>
    () =>
      loadTarget(profile(['type: duckdb', `path: ${value}`], files));

  it('refuses a folder', () => {
    expectStrataError(attempt('models', { 'models/a.sql': 'select 1' }), {
      line: 6,
      message: 'Target "dev" (duckdb): path models is a folder, not a DuckDB database file',
    });
  });

  it('refuses an existing file that is not a DuckDB database: a CSV, a text file, an empty file', () => {
    expectStrataError(attempt('seeds/orders.csv', { 'seeds/orders.csv': 'id\n1\n' }), {
      message: 'Target "dev" (duckdb): path seeds/orders.csv is a file but not a DuckDB database',
    });
    expectStrataError(attempt('notes', { notes: 'some words that are long enough\n' }), {
      message: /path notes is a file but not a DuckDB database/,
    });
    expectStrataError(attempt('dev.duckdb', { 'dev.duckdb': '' }), { message: /path dev.duckdb is an empty file/ });
  });

  it('refuses a data file name even before the file exists, and a path below a file', () => {
    expectStrataError(attempt('target/orders.parquet'), { message: /names a \.parquet file, not a DuckDB database/ });
    expectStrataError(attempt('notes/dev.duckdb', { notes: 'x' }), { message: /is below notes, which is a file/ });
    expectStrataError(attempt('notes/deeper/dev.duckdb', { notes: 'x' }), {
      message: /is below notes, which is a file/,
    });
  });

  it('accepts a new database file, an existing DuckDB database and :memory:', async () => {
    expect(() => attempt('target/dev.duckdb')()).not.toThrow();
    expect(() => attempt("':memory:'")()).not.toThrow();
    const { projectRoot } = profile([]);
    const file = path.join(projectRoot, 'existing.duckdb');
    const instance = await DuckDBInstance.create(file);
    instance.closeSync();
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const options = profile(['type: duckdb', `path: ${file}`]);
    expect(() => loadTarget(options)).not.toThrow();
  });
});
