/**
 * `require-dbt-version` of the project file: the dbt versions a project says it runs on,
 * checked against the dbt version Strata reproduces, as dbt checks it against its own.
 */
import { DBT_COMPATIBLE_VERSION } from '../artifacts/strata-version.js';
import { describeType } from './yaml-shape.js';
import type { YamlFile, YamlPath } from './yaml-file.js';
import { parseSemVer, parseSpecifier, satisfies } from './version-range.js';
import type { VersionSpecifier } from './version-range.js';

const KEY = 'require-dbt-version';
const EXAMPLE = 'e.g. ">=1.8.0" or [">=1.8.0", "<2.0.0"]';

/**
 * Throw a StrataError at the line of the first specifier that `compatible` does not meet,
 * or that is not a version specifier. `value` is the key's value: a string (specifiers
 * separated by commas, as dbt reads it) or a list of strings; absent means any version.
 */
export function checkRequiredDbtVersion(
  yaml: YamlFile,
  value: unknown,
  compatible: string = DBT_COMPATIBLE_VERSION,
): void {
  if (value === undefined || value === null) return;
  const written: Array<{ text: string; path: YamlPath }> = Array.isArray(value)
    ? value.map((item, index) => ({ text: specifierText(yaml, [KEY, index], item), path: [KEY, index] }))
    : specifierText(yaml, [KEY], value)
        .split(',')
        .map((text) => ({ text, path: [KEY] }));
  const specifiers = written.map(({ text, path }) => {
    const specifier = parseSpecifier(text);
    if (!specifier) {
      throw yaml.error(
        path,
        `"${text.trim()}" in "${KEY}" is not a version specifier`,
        `Write one as dbt does, ${EXAMPLE}.`,
      );
    }
    return { specifier, path };
  });
  const version = parseSemVer(compatible);
  if (!version) throw new Error(`The declared dbt version "${compatible}" is not a semantic version`);
  const unmet = specifiers.find(({ specifier }) => !satisfies(version, specifier));
  if (!unmet) return;
  throw yaml.error(
    unmet.path,
    `This project requires dbt ${rangeText(specifiers.map((entry) => entry.specifier))} ("${KEY}" in ${yaml.file}), ` +
      `but Strata is compatible with dbt ${compatible}`,
    `Widen "${KEY}" to include ${compatible} (${EXAMPLE}), or remove it, if the project runs on dbt ${compatible}.`,
  );
}

function specifierText(yaml: YamlFile, path: YamlPath, item: unknown): string {
  if (typeof item === 'string' || typeof item === 'number') return String(item);
  throw yaml.error(path, `"${KEY}" must be a version specifier or a list of them, got ${describeType(item)}`, EXAMPLE);
}

function rangeText(specifiers: readonly VersionSpecifier[]): string {
  return specifiers.map((specifier) => `"${specifier.text}"`).join(', ');
}
