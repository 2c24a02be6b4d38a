/**
 * Artifacts are shared (CI uploads, docs sites), so anything keyed like a credential is
 * dropped before it is written, however deep it sits. Profile redaction's key pattern is
 * the base; artifacts also drop API/access keys and credentials, which command arguments
 * (`--vars`) may carry.
 */
import { SECRET_KEY } from '../config/redact-secrets.js';

const ARTIFACT_SECRET_KEY = /credential|api[_-]?key|access[_-]?key|private[_-]?key|authorization/i;

/** Whether a key names a credential (`password`, `aws_secret_access_key`, `api_key`...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || ARTIFACT_SECRET_KEY.test(key);
}

/** A deep copy of plain data without secret-looking keys. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !isSecretKey(key))
        .map(([key, inner]) => [key, withoutSecrets(inner)]),
    );
  }
  return value;
}
