/** `fromyaml`, `toyaml` and `local_md5`, as dbt's context has them. */
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { StrataError } from '../../errors/strata-error.js';

/** `fromyaml(text, default=None)`: the value, or `default` when the text is not YAML. */
export function fromYaml(text: unknown, fallback: unknown = null): unknown {
  try {
    return parse(String(text)) ?? null;
  } catch (error) {
    if (fallback !== null && fallback !== undefined) return fallback;
    throw new StrataError(`fromyaml(): the text is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** `toyaml(value, default=None, sort_keys=False)`. */
export function toYaml(value: unknown): string {
  // as PyYAML writes it: list items not indented under their key
  return stringify(value, { indentSeq: false });
}

/** `local_md5(text)`: the hex md5 of the text, computed here, not in the warehouse. */
export function localMd5(text: unknown): string {
  return createHash('md5').update(String(text)).digest('hex');
}
