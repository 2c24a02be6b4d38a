import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../../src/adapters/contract.js';
import { redshiftAdapterFactory } from '../../../../src/adapters/redshift/redshift-adapter.js';
import { pgClientConfig } from '../../../../src/adapters/redshift/pg-settings.js';

const target = (settings: Record<string, unknown>, database?: string): TargetConfig => ({
  name: 'prod',
  type: 'redshift',
  schema: 'analytics',
  ...(database === undefined ? {} : { database }),
  threads: 4,
  settings: { method: 'pg', host: 'cluster.example.com', user: 'strata', ...settings },
});

describe('Redshift target settings', () => {
  it('are listed as data, the password and secret ARN marked secret', () => {
    const settings = redshiftAdapterFactory.settings;
    expect(settings.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'method',
        'host',
        'port',
        'user',
        'password',
        'sslmode',
        'cluster_identifier',
        'workgroup',
      ]),
    );
    expect(
      settings
        .filter((s) => s.secret)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['password', 'secret_arn']);
    // each method checks its own required settings once chosen
    expect(settings.filter((s) => s.required)).toEqual([]);
  });

  it('default to Redshift port 5439, database dev and verified TLS', () => {
    const config = pgClientConfig(target({ password: 'pw' }), '/p');
    expect(config).toMatchObject({
      host: 'cluster.example.com',
      port: 5439,
      user: 'strata',
      password: 'pw',
      database: 'dev',
      keepAlive: true,
    });
    expect(config.ssl).toEqual({ rejectUnauthorized: true });
    expect(config.connectionTimeoutMillis).toBe(10_000);
  });

  it('take a port rendered by env_var() as text, and the target database', () => {
    expect(pgClientConfig(target({ port: '15439' }), '/p')).toMatchObject({ port: 15439 });
    expect(pgClientConfig(target({}, 'analytics_db'), '/p').database).toBe('analytics_db');
  });

  it('map sslmode to TLS options', () => {
    const ssl = (sslmode: string) => pgClientConfig(target({ sslmode }), '/p').ssl;
    expect(ssl('disable')).toBe(false);
    expect(ssl('require')).toEqual({ rejectUnauthorized: false });
    expect(ssl('verify-full')).toEqual({ rejectUnauthorized: true });
    const verifyCa = ssl('VERIFY-CA') as { rejectUnauthorized: boolean; checkServerIdentity: () => undefined };
    expect(verifyCa.rejectUnauthorized).toBe(true);
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });

  it('refuse bad values with the setting named, never echoing a password', () => {
    expect(() => pgClientConfig(target({ sslmode: 'prefer' }), '/p')).toThrow(
      `Target 'prod': sslmode must be one of disable, require, verify-ca, verify-full, got "prefer".`,
    );
    expect(() => pgClientConfig(target({ port: 'abc' }), '/p')).toThrow(
      `Target 'prod': port must be a number, got "abc".`,
    );
    expect(() => pgClientConfig(target({ password: { nested: 'hunter2' } }), '/p')).toThrow(
      `Target 'prod': password must be a string, got another value.`,
    );
    expect(() => pgClientConfig(target({ sslrootcert: 'certs/missing.pem' }), '/p')).toThrow(
      `Target 'prod': cannot read sslrootcert /p/certs/missing.pem.`,
    );
  });
});
