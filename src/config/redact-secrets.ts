/**
 * Keeping profile secrets out of logs, errors and artifacts.
 */

/** Keys whose values are secrets: passwords, tokens, private keys and their passphrases. */
export const SECRET_KEY = /pass|secret|token|private_key|key_passphrase/i;

/** A copy of `settings` with the value of every secret-looking key (at any depth) replaced by `***`. */
export function redactSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) out[key] = SECRET_KEY.test(key) ? '***' : redactValue(value);
  return out;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === 'object' && value !== null) return redactSecrets(value as Record<string, unknown>);
  return value;
}
