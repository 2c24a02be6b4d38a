/**
 * The `schema_registry:` block of the ingest config and a topic's `reader_schema:`:
 *
 *   schema_registry:
 *     url: ${SCHEMA_REGISTRY_URL}
 *     basic_auth: { username_env: REGISTRY_USER, password_env: REGISTRY_PASSWORD }   # or
 *     bearer_auth: { token_env: REGISTRY_TOKEN }
 *     on_unavailable: wait            # or reject
 *
 * Credentials are named by environment variable, read once here, and never printed.
 */
import type { Environment } from '../../src/config/env-var.js';
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import { checkKeys, expectMap, optionalString, requireString, type YamlMap } from '../../src/config/yaml-shape.js';
import type { ReaderSchemaRef, RegistryAuth, SchemaRegistryConfig } from './ingest-config.js';

const REGISTRY_KEYS = ['url', 'basic_auth', 'bearer_auth', 'on_unavailable'];
const BASIC_KEYS = ['username_env', 'password_env'];
const BEARER_KEYS = ['token_env'];
const READER_KEYS = ['subject', 'version'];

/** Reads `schema_registry:`; undefined when the block is absent. */
export function readSchemaRegistry(yaml: YamlFile, root: YamlMap, env: Environment): SchemaRegistryConfig | undefined {
  if (root.schema_registry === undefined || root.schema_registry === null) return undefined;
  const path: YamlPath = ['schema_registry'];
  const map = expectMap(yaml, path, root.schema_registry);
  checkKeys(yaml, path, map, REGISTRY_KEYS, '"schema_registry"');
  const url = requireString(yaml, [...path, 'url'], map.url).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw yaml.error([...path, 'url'], `"url" must be an http(s) URL, got "${url}"`, 'e.g. http://registry:8081');
  }
  const onUnavailable = optionalString(yaml, [...path, 'on_unavailable'], map.on_unavailable) ?? 'wait';
  if (onUnavailable !== 'wait' && onUnavailable !== 'reject') {
    throw yaml.error([...path, 'on_unavailable'], `"on_unavailable" must be wait or reject, got "${onUnavailable}"`);
  }
  return { url, auth: readAuth(yaml, path, map, env), onUnavailable };
}

function readAuth(yaml: YamlFile, path: YamlPath, map: YamlMap, env: Environment): RegistryAuth | undefined {
  if (map.basic_auth !== undefined && map.bearer_auth !== undefined) {
    throw yaml.error([...path, 'bearer_auth'], 'Use either "basic_auth" or "bearer_auth", not both');
  }
  if (map.basic_auth !== undefined) {
    const basic = expectMap(yaml, [...path, 'basic_auth'], map.basic_auth);
    checkKeys(yaml, [...path, 'basic_auth'], basic, BASIC_KEYS, '"basic_auth"');
    return {
      kind: 'basic',
      username: secret(yaml, [...path, 'basic_auth', 'username_env'], basic.username_env, env),
      password: secret(yaml, [...path, 'basic_auth', 'password_env'], basic.password_env, env),
    };
  }
  if (map.bearer_auth !== undefined) {
    const bearer = expectMap(yaml, [...path, 'bearer_auth'], map.bearer_auth);
    checkKeys(yaml, [...path, 'bearer_auth'], bearer, BEARER_KEYS, '"bearer_auth"');
    return { kind: 'bearer', token: secret(yaml, [...path, 'bearer_auth', 'token_env'], bearer.token_env, env) };
  }
  return undefined;
}

/** The value of the environment variable named at `path`; the message names the variable, never a value. */
function secret(yaml: YamlFile, path: YamlPath, value: unknown, env: Environment): string {
  const name = requireString(yaml, path, value);
  const found = env[name];
  if (found === undefined || found === '') {
    throw yaml.error(path, `The environment variable ${name} is not set`, `Set ${name} before starting the ingester.`);
  }
  return found;
}

/** Reads a topic's `reader_schema:` (default: subject `<topic>-value`, latest version). */
export function readReaderSchema(yaml: YamlFile, path: YamlPath, value: unknown, topic: string): ReaderSchemaRef {
  if (value === undefined || value === null) return { subject: `${topic}-value`, version: 'latest' };
  const map = expectMap(yaml, path, value);
  checkKeys(yaml, path, map, READER_KEYS, '"reader_schema"');
  const subject = optionalString(yaml, [...path, 'subject'], map.subject) ?? `${topic}-value`;
  const version = map.version ?? 'latest';
  if (version === 'latest') return { subject, version };
  const number = typeof version === 'number' ? version : Number(version);
  if (!Number.isInteger(number) || number < 1) {
    throw yaml.error([...path, 'version'], `"version" must be latest or a version number, got "${String(version)}"`);
  }
  return { subject, version: number };
}
