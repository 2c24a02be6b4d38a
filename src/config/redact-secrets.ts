/**
 * Keeping credentials out of what Strata prints and writes, by key: a value stored under a
 * key that names a credential (a setting an adapter declares secret, or a credential-like
 * name: `owner_password`, `aws_secret_access_key`, `api_key`...) is replaced by a mask,
 * however deep it sits. Used for the free-form parts of manifest.json (`meta`, `config`,
 * test arguments) and for run_results.json's command arguments (`--vars` may carry keys).
 *
 * Values known to be secret whatever their key (secret environment variables) are
 * scrubbed from text by `scrubSecretValues` instead.
 */
import { declaredSecretSettings } from '../adapters/registry.js';
import { isCredentialName } from './secret-names.js';

/** What a redacted value becomes. */
export const REDACTED = '***';

/** Keys already judged: a manifest asks about the same few config and meta keys thousands of times. */
let judged = new Map<string, boolean>();
/** The declarations `judged` was worked out with (registering an adapter changes them). */
let judgedWith: ReadonlySet<string> | undefined;

/** Whether a key names a credential: a setting declared secret, or a credential-like name. */
export function isSecretKey(key: string): boolean {
  if (judgedWith !== declaredSecretSettings()) {
    judged = new Map();
    judgedWith = declaredSecretSettings();
  }
  let secret = judged.get(key);
  if (secret === undefined) {
    secret = judgedWith.has(key.toLowerCase()) || isCredentialName(key);
    judged.set(key, secret);
  }
  return secret;
}

/**
 * A JSON-ready deep copy of `value` in which the value of every secret-looking key is
 * `***`. Dates become ISO strings; other values are copied as they are.
 */
export function redactSecrets(value: Record<string, unknown>): Record<string, unknown>;
export function redactSecrets(value: unknown): unknown;
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const masked = isSecretKey(key) ? REDACTED : redactSecrets(inner);
      // a `__proto__` key is data here: assigning it would set the copy's prototype
      if (key === '__proto__') Object.defineProperty(copy, key, { value: masked, enumerable: true, writable: true });
      else copy[key] = masked;
    }
    return copy;
  }
  return value;
}
