/**
 * dbt's `contract` config: `{enforced: true, alias_types: false}`, set in a schema file's
 * `config:`, a `+contract:` folder block or a `config(contract=...)` call.
 */
import type { ModelContract } from '../manifest/types.js';
import { describeType, isYamlMap } from './yaml-shape.js';

const HINT = 'Write contract: {enforced: true} (and optionally alias_types: false).';

/** The contract a written value declares; `fail` throws at the config's location. */
export function readContract(value: unknown, fail: (message: string, hint?: string) => never): ModelContract {
  if (!isYamlMap(value)) return fail(`Invalid contract: expected a map, got ${describeType(value)}`, HINT);
  const unknown = Object.keys(value).find((key) => key !== 'enforced' && key !== 'alias_types');
  if (unknown !== undefined) return fail(`Invalid contract: unknown key "${unknown}"`, HINT);
  return {
    enforced: flag('contract.enforced', value.enforced, false, fail),
    aliasTypes: flag('contract.alias_types', value.alias_types, true, fail),
  };
}

function flag(key: string, value: unknown, absent: boolean, fail: (message: string, hint?: string) => never): boolean {
  if (value === undefined || value === null) return absent;
  if (typeof value === 'boolean') return value;
  // After env_var rendering a boolean arrives as text.
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return fail(`Invalid ${key}: expected true or false, got ${describeType(value)}`, HINT);
}
