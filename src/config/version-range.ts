/**
 * dbt's version specifiers (`>=1.8.0`, `<2.0.0`, `1.10.2`): a comparator and a semantic
 * version, ANDed together. A range may be one string, a comma-separated string or a list.
 */

/** A semantic version: numbers, and pre-release identifiers (`1.8.0-b1` -> `['b1']`). */
export interface SemVer {
  numbers: [number, number, number];
  prerelease: string[];
}

/** One specifier of a range: `>=` and a version. A bare version means `=`. */
export interface VersionSpecifier {
  operator: '>=' | '>' | '<=' | '<' | '=';
  version: SemVer;
  /** as written, for messages */
  text: string;
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const SPECIFIER = /^(>=|<=|>|<|=)?\s*(\S+)$/;

/** Parse `1.10.2` (build metadata ignored, as semver orders it); undefined when not a version. */
export function parseSemVer(text: string): SemVer | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  const [, major, minor, patch, prerelease] = match;
  return { numbers: [Number(major), Number(minor), Number(patch)], prerelease: prerelease?.split('.') ?? [] };
}

/** Parse one specifier such as `>=1.8.0`; undefined when it is not one. */
export function parseSpecifier(text: string): VersionSpecifier | undefined {
  const match = SPECIFIER.exec(text.trim());
  const version = match?.[2] === undefined ? undefined : parseSemVer(match[2]);
  if (!match || !version) return undefined;
  return { operator: (match[1] ?? '=') as VersionSpecifier['operator'], version, text: text.trim() };
}

/** Semver precedence: negative when `a` comes before `b`, 0 when equal. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = a.numbers[index]! - b.numbers[index]!;
    if (difference !== 0) return difference;
  }
  // a pre-release comes before its release: 1.8.0-b1 < 1.8.0
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let index = 0; index < Math.max(a.prerelease.length, b.prerelease.length); index += 1) {
    const left = a.prerelease[index];
    const right = b.prerelease[index];
    if (left === undefined || right === undefined) return left === undefined ? -1 : 1;
    const difference = comparePrereleaseId(left, right);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Numeric identifiers compare as numbers and before alphanumeric ones, which compare as text. */
function comparePrereleaseId(left: string, right: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(left) && numeric.test(right)) return Number(left) - Number(right);
  if (numeric.test(left) !== numeric.test(right)) return numeric.test(left) ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when `version` meets the one specifier. */
export function satisfies(version: SemVer, specifier: VersionSpecifier): boolean {
  const order = compareSemVer(version, specifier.version);
  switch (specifier.operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
  }
}
