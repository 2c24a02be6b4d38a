import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../src/adapters/contract.js';
import { readAthenaOptions } from '../../../src/adapters/athena/athena-settings.js';
import { readDataApiOptions } from '../../../src/adapters/redshift/data-api-settings.js';
import { REDSHIFT_TARGET } from '../../../src/adapters/redshift/redshift-settings.js';
import { SNOWFLAKE_SETTINGS } from '../../../src/adapters/snowflake/snowflake-settings.js';
import { declareSettings, readSettings, secretSettingValues } from '../../../src/adapters/target-settings.js';
import { StrataError } from '../../../src/errors/strata-error.js';

const SETTINGS = declareSettings([
  { name: 'host', type: 'string', required: false, description: 'server' },
  { name: 'port', type: 'number', required: false, default: 5439, min: 1, max: 65535, description: 'port' },
  { name: 'tls', type: 'enum', choices: ['off', 'on'], required: false, default: 'on', description: 'TLS' },
  { name: 'keep_alive', type: 'boolean', required: false, default: false, description: 'heartbeats' },
  { name: 'token', type: 'string', required: false, secret: true, description: 'API token' },
  { name: 'zone', type: 'string', required: false, textOnly: true, description: 'a name, never digits' },
  {
    name: 'folder',
    type: 'string',
    required: false,
    description: 'a folder',
    check: (value, { name }) =>
      value === 'nowhere' ? { message: `${name} is nowhere`, hint: 'Pick one.' } : undefined,
  },
]);

const target = (settings: Record<string, unknown>): TargetConfig => ({
  name: 'prod',
  type: 'test',
  schema: 's',
  threads: 1,
  settings,
});

/** The message of the StrataError a read throws. */
function failure(settings: Record<string, unknown>): string {
  try {
    readSettings(target(settings), SETTINGS, { context: 'test' });
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return (error as StrataError).message;
  }
  throw new Error('expected a StrataError');
}

describe('reading a target against its declared settings', () => {
  it('fills in defaults, and leaves a setting an env_var() rendered empty unset', () => {
    expect(readSettings(target({ host: '', token: null }), SETTINGS)).toEqual({
      host: undefined,
      port: 5439,
      tls: 'on',
      keep_alive: false,
      token: undefined,
      zone: undefined,
      folder: undefined,
    });
  });

  it('reads text rendered by env_var() as numbers, booleans and choices, and numbers as text', () => {
    const read = readSettings(target({ host: 10, port: '15439', tls: ' OFF ', keep_alive: 'True' }), SETTINGS);
    expect(read).toMatchObject({ host: '10', port: 15439, tls: 'off', keep_alive: true });
  });

  it('refuses a wrong type, a number out of bounds and a word not among the choices, naming the setting', () => {
    expect(failure({ port: 'abc' })).toBe("Target 'prod' (test): port must be a number from 1 to 65535.");
    expect(failure({ port: 70000 })).toBe("Target 'prod' (test): port must be a number from 1 to 65535.");
    expect(failure({ tls: 'maybe' })).toBe(`Target 'prod' (test): tls must be one of off, on, got "maybe".`);
    expect(failure({ keep_alive: 'sometimes' })).toBe(
      `Target 'prod' (test): keep_alive must be true or false, got "sometimes".`,
    );
    expect(failure({ zone: 3 })).toBe("Target 'prod' (test): zone must be a string, got 3.");
  });

  it('never shows the value of a secret setting', () => {
    const message = failure({ token: { value: 'hunter2' } });
    expect(message).toBe("Target 'prod' (test): token must be a string, got another value.");
  });

  it("runs a setting's own check once every value has the right shape", () => {
    expect(failure({ folder: 'nowhere' })).toBe("Target 'prod' (test): folder is nowhere.");
    expect(failure({ folder: 'nowhere', port: 0 })).toMatch(/port must be a number/);
  });
});

describe('secret values', () => {
  it('are the values of the settings declared secret', () => {
    expect(secretSettingValues(target({ host: 'h', token: 'tok-123' }), SETTINGS)).toEqual(['tok-123']);
    expect(secretSettingValues(target({ token: '' }), SETTINGS)).toEqual([]);
  });

  it('are what the Data API and Athena keep out of messages, besides the AWS credentials', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:1:secret:x';
    const dataApi = readDataApiOptions({
      ...target({ cluster_identifier: 'c', secret_arn: arn }),
      type: 'redshift',
      database: 'dev',
    });
    expect(dataApi.secrets).toContain(arn);
    const saved = process.env.AWS_SESSION_TOKEN;
    process.env.AWS_SESSION_TOKEN = 'session-token-value';
    try {
      const athena = readAthenaOptions({
        ...target({ s3_staging_dir: 's3://results/q/', s3_data_dir: 's3://lake/t/' }),
        type: 'athena',
      });
      expect(athena.secrets).toContain('session-token-value');
    } finally {
      if (saved === undefined) delete process.env.AWS_SESSION_TOKEN;
      else process.env.AWS_SESSION_TOKEN = saved;
    }
  });

  it('are declared for every credential the adapters read', () => {
    const secret = (settings: readonly { name: string; secret?: boolean }[]) =>
      settings
        .filter((s) => s.secret)
        .map((s) => s.name)
        .sort();
    expect(secret(SNOWFLAKE_SETTINGS)).toEqual(['password', 'private_key', 'private_key_passphrase']);
    expect(secret(REDSHIFT_TARGET.settings)).toEqual(['password', 'secret_arn']);
  });
});

describe('polling settings shared by Athena and the Data API', () => {
  const athena = (settings: Record<string, unknown>) =>
    readAthenaOptions({
      ...target({ s3_staging_dir: 's3://results/q/', s3_data_dir: 's3://lake/t/', ...settings }),
      type: 'athena',
    });

  it('default per service, and raise a default longest delay to a longer first one', () => {
    expect(athena({}).polling).toEqual({ initialMs: 50, maxMs: 2000 });
    expect(athena({ poll_interval_ms: 5000 }).polling).toEqual({ initialMs: 5000, maxMs: 5000 });
    expect(athena({ query_timeout_seconds: '30' }).queryTimeoutMs).toBe(30_000);
  });

  it('refuse a written longest delay shorter than the first', () => {
    expect(() => athena({ poll_interval_ms: 500, poll_max_interval_ms: 100 })).toThrow(
      "Target 'prod' (athena): poll_max_interval_ms must be a number of at least 500.",
    );
  });
});
