import type { TargetConfig } from '../../../../src/adapters/contract.js';
import type { DataApiHost } from './data-api-host.js';

/** Credentials a test signs with; the host checks the access key id, never a real secret. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'STRATATESTACCESSKEY',
  secretAccessKey: 'strata-test-secret-access-key-do-not-print',
};

/**
 * Point the AWS SDK's default credential chain at {@link TEST_CREDENTIALS} through the
 * environment, as a user's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY would. Returns a restore.
 */
export function useTestCredentials(): () => void {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return () => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
}

/** The settings of a `method: data-api` target on the host: a provisioned cluster with a db user. */
export function dataApiSettings(host: DataApiHost, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    method: 'data-api',
    region: 'us-east-1',
    endpoint: host.endpoint,
    cluster_identifier: 'strata-test-cluster',
    db_user: host.user,
    ...overrides,
  };
}

/** A whole Redshift target on the host. */
export function dataApiTarget(
  host: DataApiHost,
  schema: string,
  overrides: Record<string, unknown> = {},
): TargetConfig {
  return {
    name: 'data_api',
    type: 'redshift',
    schema,
    database: host.database,
    threads: 1,
    settings: dataApiSettings(host, overrides),
  };
}
