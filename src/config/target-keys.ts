/**
 * Every key of a profiles.yml target is one its adapter declares, or a warning: a typo
 * (`pth:` for `path:`) would otherwise be ignored and the run would quietly use a default
 * (an in-memory database). One check for every adapter, driven by their declared settings.
 */
import { knownAdapterTypes, targetSettingsOf } from '../adapters/registry.js';
import type { SettingSpec } from '../adapters/contract.js';
import { checkSettingValue, expectedValue, isUnset, readSettingValue } from '../adapters/setting-value.js';
import { formatLocation } from '../errors/strata-error.js';
import { closestMatch } from './closest-match.js';
import type { YamlFile, YamlPath } from './yaml-file.js';
import { describeType } from './yaml-shape.js';
import type { YamlMap } from './yaml-shape.js';

/** Keys every target has, read by profiles.ts itself. */
export const COMMON_TARGET_KEYS = ['type', 'schema', 'database', 'threads'];

/**
 * Check the keys and values of the target `output` at `path` of `yaml`: an unknown type or
 * key, a value of the wrong type, out of its bounds or choices, or refused by its setting's
 * own check is a StrataError at its line; a dbt key Strata does not act on is returned as
 * a warning.
 */
export function checkTargetKeys(yaml: YamlFile, path: YamlPath, output: YamlMap, projectRoot: string): string[] {
  // a missing or malformed type is reported by the reader of the common keys
  if (typeof output.type !== 'string' || output.type.trim() === '') return [];
  const name = String(path[path.length - 1]);
  const type = output.type.trim().toLowerCase();
  const known = knownAdapterTypes();
  if (!known.includes(type)) {
    const match = closestMatch(type, known);
    const hint = `${match ? `Did you mean "${match}"? ` : ''}Known types: ${known.join(', ')}.`;
    throw yaml.error([...path, 'type'], `Target "${name}" has an unknown type "${type}"`, hint);
  }
  const declaration = targetSettingsOf(type);
  if (!declaration) return [];
  const what = `target "${name}" (${type})`;
  const specs = new Map(declaration.settings.map((spec) => [spec.name, spec]));
  const valid = [...COMMON_TARGET_KEYS, ...specs.keys(), ...Object.keys(declaration.aliases ?? {})];
  const warnings: string[] = [];
  // keys first, values after: a typo is the likelier mistake, and says more than a value
  const values: Array<{ key: string; spec: SettingSpec; value: unknown }> = [];
  for (const [key, value] of Object.entries(output)) {
    if (COMMON_TARGET_KEYS.includes(key)) continue;
    const alias = declaration.aliases?.[key];
    const spec = specs.get(alias ?? key);
    if (alias !== undefined && alias in output) {
      throw yaml.error(
        [...path, key],
        `${what} sets both "${key}" (dbt's name) and "${alias}"`,
        `Keep one of them: Strata reads "${key}" as "${alias}".`,
      );
    }
    if (spec) {
      values.push({ key, spec, value });
    } else if (alias !== undefined) {
      continue;
    } else if (key in declaration.dbtOnly) {
      const instead = declaration.dbtOnly[key];
      const note = instead ? ` Strata reads "${instead}" for this.` : '';
      warnings.push(
        `${formatLocation(yaml.at([...path, key]))}: "${key}" in ${what} is a dbt-${type} setting ` +
          `Strata does not act on yet; it has no effect.${note}`,
      );
    } else {
      const match = closestMatch(key, valid);
      const hint = `${match ? `Did you mean "${match}"? ` : ''}Valid keys: ${valid.join(', ')}.`;
      throw yaml.error([...path, key], `Unknown key "${key}" in ${what}`, hint);
    }
  }
  for (const { key, spec, value } of values) checkValue(yaml, [...path, key], spec, value, what, projectRoot);
  return warnings;
}

function checkValue(
  yaml: YamlFile,
  path: YamlPath,
  spec: SettingSpec,
  value: unknown,
  what: string,
  projectRoot: string,
): void {
  if (isUnset(value)) return;
  const read = readSettingValue(spec, value);
  const problem = 'problem' in read ? read.problem : checkSettingValue(spec, read.value, { projectRoot });
  if (problem === undefined) return;
  if (problem.kind === 'check') {
    throw yaml.error(path, `${what.charAt(0).toUpperCase()}${what.slice(1)}: ${problem.message}`, problem.hint);
  }
  // a value of the wrong type is named by its type, and a secret never shown
  const shown = problem.kind === 'type' || spec.secret ? describeType(value) : JSON.stringify(value);
  throw yaml.error(
    path,
    `"${spec.name}" in ${what} must be ${expectedValue(spec)}, got ${shown}`,
    `${spec.name}: ${spec.description}.`,
  );
}

/** `output` with dbt's spellings of a setting (`dbname`) renamed to the setting Strata reads (`database`). */
export function resolveTargetAliases(output: YamlMap): YamlMap {
  const type = typeof output.type === 'string' ? output.type.trim().toLowerCase() : '';
  const aliases = targetSettingsOf(type)?.aliases ?? {};
  return Object.fromEntries(Object.entries(output).map(([key, value]) => [aliases[key] ?? key, value]));
}
