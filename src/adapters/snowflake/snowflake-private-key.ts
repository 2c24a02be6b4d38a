import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StrataError } from '../../errors/strata-error.js';

/** Where a target's private key comes from: PEM text (usually env_var) or a file. */
export interface PrivateKeySource {
  text?: string;
  path?: string;
  passphrase?: string;
  projectRoot: string;
}

/**
 * The target's private key as unencrypted PKCS#8 PEM, which snowflake-sdk signs the login
 * JWT with. Decrypting here gives one path for keys from files and from the environment,
 * and a clear message for a wrong passphrase before any connection is tried. Nothing of
 * the key or its passphrase appears in a message.
 */
export function readPrivateKey(targetName: string, source: PrivateKeySource): string {
  const where = `Target '${targetName}' (snowflake)`;
  const pem =
    source.text !== undefined
      ? normalizePem(source.text)
      : readKeyFile(where, resolve(source.projectRoot, source.path!));
  const encrypted = /-----BEGIN (ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(pem);
  if (encrypted && source.passphrase === undefined) {
    throw new StrataError(`${where}: the private key is encrypted and private_key_passphrase is not set.`, {
      hint: 'Add private_key_passphrase: "{{ env_var(\'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE\') }}" to the target.',
    });
  }
  try {
    const key = createPrivateKey({ key: pem, format: 'pem', ...(encrypted ? { passphrase: source.passphrase } : {}) });
    if (key.asymmetricKeyType !== 'rsa') {
      throw new StrataError(
        `${where}: the private key is ${key.asymmetricKeyType ?? 'not RSA'}; ` +
          'Snowflake key-pair authentication takes RSA keys.',
        {
          hint:
            'Generate one with: openssl genrsa 2048 | ' +
            'openssl pkcs8 -topk8 -v2 aes-256-cbc -inform PEM -out rsa_key.p8',
        },
      );
    }
    return key.export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch (error) {
    if (error instanceof StrataError) throw error;
    const reason = encrypted
      ? 'cannot decrypt the private key (wrong private_key_passphrase?)'
      : 'the private key is not a PEM private key';
    throw new StrataError(`${where}: ${reason}.`, {
      hint: 'private_key takes the PEM text (-----BEGIN PRIVATE KEY----- ...), private_key_path a PEM file.',
    });
  }
}

function readKeyFile(where: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new StrataError(`${where}: cannot read private_key_path ${path}.`, {
      hint: 'Point private_key_path at the PEM file of the key, relative to the project.',
    });
  }
}

// A key pasted into one environment variable often has its newlines escaped as \n.
function normalizePem(text: string): string {
  return text.includes('\\n') && !text.includes('\n') ? text.replace(/\\n/g, '\n') : text;
}
