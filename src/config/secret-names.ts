/**
 * Which names hold secrets, in one place. A target's settings need no name rule: each
 * adapter declares its secret ones (`secret: true`), and their values are what warehouse
 * messages are scrubbed of. Names are all there is to go by for the rest: environment
 * variables, and maps whose keys are the user's own (`meta`, test arguments, `--vars`).
 */

/** Name prefixes that mark an environment variable as secret (dbt's convention, and Strata's spelling). */
export const SECRET_ENV_PREFIXES = ['STRATA_ENV_SECRET_', 'DBT_ENV_SECRET_'] as const;

/** Whether `name` is a secret environment variable. */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * Environment variables the AWS SDK reads credentials from: no adapter declares them, yet
 * an AWS service may echo them, so the adapters calling AWS keep their values out of messages.
 */
const AWS_CREDENTIAL_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

/** The values of the AWS credential variables set in `env`. */
export function awsCredentialValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return AWS_CREDENTIAL_ENV.map((name) => env[name]).filter((value): value is string => !!value);
}

/**
 * The fallback for keys no adapter declares: the keys of `meta`, test arguments and
 * `--vars` are the user's, so a credential there is recognised by its name alone
 * (`owner_password`, `vault_token`, `api-key`, `AWS_ACCESS_KEY_ID`...).
 */
const CREDENTIAL_NAME =
  /pass|secret|token|private[_-]?key|key_passphrase|credential|api[_-]?key|access[_-]?key|authorization/i;

/** Whether a key of a user's map names a credential. */
export function isCredentialName(key: string): boolean {
  return CREDENTIAL_NAME.test(key);
}
