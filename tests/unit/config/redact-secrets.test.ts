import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/contract.js';
import { registerAdapterFactory } from '../../../src/adapters/registry.js';
import { isSecretKey, redactSecrets } from '../../../src/config/redact-secrets.js';

describe('secret keys', () => {
  it('include every setting an adapter declares secret, whatever its name', () => {
    expect(isSecretKey('sigil')).toBe(false);
    registerAdapterFactory(
      'vault-db',
      async () => ({ type: 'vault-db', settings: [], create: async () => ({}) as Adapter }),
      {
        settings: [{ name: 'sigil', type: 'string', required: false, secret: true, description: 'login sigil' }],
        dbtOnly: {},
      },
    );
    expect(isSecretKey('sigil')).toBe(true);
    expect(redactSecrets({ meta: { sigil: 's-1', owner: 'data' } })).toEqual({ meta: { sigil: '***', owner: 'data' } });
  });

  it('include the secret settings of the built-in adapters', () => {
    for (const key of ['password', 'private_key', 'private_key_passphrase', 'secret_arn']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    expect(isSecretKey('host')).toBe(false);
  });
});
