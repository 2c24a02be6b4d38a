/**
 * A dict literal whose keys are expressions, as Jinja reads it: `{key: value}` takes the
 * key from the variable `key` and `{col.name.lower(): col}` from the call. nunjucks only
 * takes names and strings as keys, and reads a name as the string itself; jinja-syntax.ts
 * rewrites such a literal into a call of `DICT_FUNCTION` with the keys and values in turn.
 */

/** The global a dict literal with expression keys is rewritten to call. */
export const DICT_FUNCTION = '__strata_dict';

/** `{k1: v1, k2: v2}` from `k1, v1, k2, v2`; a later key replaces an earlier one, as in Python. */
export function pythonDict(...keysAndValues: unknown[]): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (let index = 0; index + 1 < keysAndValues.length; index += 2) {
    dict[String(keysAndValues[index])] = keysAndValues[index + 1];
  }
  return dict;
}
