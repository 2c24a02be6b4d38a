import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../../src/adapters/contract.js';
import { readSnowflakeOptions } from '../../../../src/adapters/snowflake/snowflake-settings.js';
import { StrataError } from '../../../../src/errors/strata-error.js';
import { tempDir } from '../../../support/temp-dir.js';

const target = (settings: Record<string, unknown>): TargetConfig => ({
  name: 'sf',
  type: 'snowflake',
  schema: 'analytics',
  database: 'shop',
  threads: 4,
  settings: { account: 'myorg-acct', user: 'strata', ...settings },
});

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const plainPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const encryptedPem = privateKey
  .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'open sesame' })
  .toString();

/** The StrataError a call throws, formatted as the CLI prints it. */
function failure(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return (error as StrataError).format();
  }
  throw new Error('expected a StrataError');
}

describe('Snowflake target settings', () => {
  it('logs in with a password, with the target’s database, schema, role, warehouse and query tag', () => {
    const options = readSnowflakeOptions(
      target({ password: 's3cret!', role: 'transformer', warehouse: 'wh', query_tag: 'strata' }),
      '/p',
    );
    expect(options.login).toMatchObject({
      account: 'myorg-acct',
      username: 'strata',
      database: 'shop',
      schema: 'analytics',
      role: 'transformer',
      warehouse: 'wh',
      authenticator: 'SNOWFLAKE',
      password: 's3cret!',
      queryTag: 'strata',
    });
    expect(options.login.accessUrl).toBeUndefined();
    expect(options.poolSize).toBe(4);
    expect(options.secrets).toContain('s3cret!');
  });

  it('builds the access URL from host, port and protocol', () => {
    const options = readSnowflakeOptions(
      target({ password: 'x', host: '127.0.0.1', port: '8085', protocol: 'http' }),
      '/p',
    );
    expect(options.login.accessUrl).toBe('http://127.0.0.1:8085');
  });

  it('decrypts an encrypted private key from the environment with its passphrase', () => {
    const options = readSnowflakeOptions(
      target({ private_key: encryptedPem, private_key_passphrase: 'open sesame' }),
      '/p',
    );
    expect(options.login.authenticator).toBe('SNOWFLAKE_JWT');
    expect(options.login.password).toBeUndefined();
    const key = createPrivateKey(options.login.privateKey!);
    expect(key.export({ format: 'jwk' })).toEqual(privateKey.export({ format: 'jwk' }));
    expect(options.secrets).toEqual(expect.arrayContaining([encryptedPem, 'open sesame', options.login.privateKey]));
  });

  it('reads a key file relative to the project, and a key whose newlines were escaped', () => {
    const dir = tempDir('strata-key-');
    writeFileSync(join(dir, 'rsa_key.p8'), plainPem);
    expect(readSnowflakeOptions(target({ private_key_path: 'rsa_key.p8' }), dir).login.privateKey).toBe(plainPem);
    const escaped = plainPem.replace(/\n/g, '\\n');
    expect(readSnowflakeOptions(target({ private_key: escaped }), dir).login.privateKey).toBe(plainPem);
  });

  it('explains a wrong or missing passphrase without showing the key or the passphrase', () => {
    const wrong = failure(() =>
      readSnowflakeOptions(target({ private_key: encryptedPem, private_key_passphrase: 'guess' }), '/p'),
    );
    expect(wrong).toContain("Target 'sf' (snowflake): cannot decrypt the private key (wrong private_key_passphrase?)");
    expect(wrong).not.toContain('guess');
    expect(wrong).not.toContain('PRIVATE KEY-----\nMII');
    const missing = failure(() => readSnowflakeOptions(target({ private_key: encryptedPem }), '/p'));
    expect(missing).toContain('the private key is encrypted and private_key_passphrase is not set');
  });

  it('refuses a target without credentials, or with two kinds of them', () => {
    expect(failure(() => readSnowflakeOptions(target({}), '/p'))).toContain(
      'no credentials: set password, or private_key / private_key_path',
    );
    expect(failure(() => readSnowflakeOptions(target({ password: 'x', private_key: plainPem }), '/p'))).toContain(
      'set either password or a private key, not both',
    );
    expect(failure(() => readSnowflakeOptions(target({ private_key: 'not a key' }), '/p'))).toContain(
      'the private key is not a PEM private key',
    );
    expect(failure(() => readSnowflakeOptions(target({ private_key_path: 'missing.p8' }), '/p'))).toContain(
      'cannot read private_key_path /p/missing.p8',
    );
  });
});
