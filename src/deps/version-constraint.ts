/**
 * Hub package versions as dbt reduces them: each requirement's specifiers (`>=1.0.0`,
 * `<2.0.0`, `1.1.1`) narrow one range with a lower and an upper bound; requirements of the
 * same package from several places intersect, and an empty intersection is a conflict. The
 * highest published version inside the range wins; pre-releases only when asked for.
 */
import { DBT_COMPATIBLE_VERSION } from '../artifacts/strata-version.js';
import { compareSemVer, parseSemVer, parseSpecifier, satisfies, type SemVer } from '../config/version-range.js';

/** One end of a range. */
interface Bound {
  version: SemVer;
  inclusive: boolean;
}

/** Versions between `lower` and `upper` (either open when absent). */
export interface VersionConstraint {
  lower?: Bound;
  upper?: Bound;
  /** a specifier names a pre-release, which lets pre-releases in, as in dbt */
  namesPrerelease: boolean;
}

/** The range nothing is outside. */
export const ANY_VERSION: VersionConstraint = { namesPrerelease: false };

/** dbt writes `1.0.0b1` as well as `1.0.0-b1`; both are the same pre-release. */
function normalize(text: string): string {
  return text.trim().replace(/^([<>=]*\s*\d+\.\d+\.\d+)(?=[A-Za-z])/, '$1-');
}

/** The constraint of specifier texts, or the first text that is not a specifier. */
export function parseConstraint(texts: readonly string[]): VersionConstraint | { invalid: string } {
  let constraint: VersionConstraint = ANY_VERSION;
  for (const text of texts) {
    const specifier = parseSpecifier(normalize(text));
    if (!specifier) return { invalid: text };
    const bound = (inclusive: boolean): Bound => ({ version: specifier.version, inclusive });
    const single: VersionConstraint = { namesPrerelease: specifier.version.prerelease.length > 0 };
    if (specifier.operator === '>=' || specifier.operator === '>') single.lower = bound(specifier.operator === '>=');
    if (specifier.operator === '<=' || specifier.operator === '<') single.upper = bound(specifier.operator === '<=');
    if (specifier.operator === '=') {
      single.lower = bound(true);
      single.upper = bound(true);
    }
    const next = intersect(constraint, single);
    if (next === undefined) return { invalid: text };
    constraint = next;
  }
  return constraint;
}

/** The versions in both `a` and `b`, or undefined when there are none. */
export function intersect(a: VersionConstraint, b: VersionConstraint): VersionConstraint | undefined {
  const lower = pick(a.lower, b.lower, 1);
  const upper = pick(a.upper, b.upper, -1);
  if (lower && upper) {
    const order = compareSemVer(lower.version, upper.version);
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) return undefined;
  }
  return { lower, upper, namesPrerelease: a.namesPrerelease || b.namesPrerelease };
}

/** The tighter of two bounds: the higher lower bound (`direction` 1) or the lower upper bound (-1). */
function pick(a: Bound | undefined, b: Bound | undefined, direction: 1 | -1): Bound | undefined {
  if (!a || !b) return a ?? b;
  const order = compareSemVer(a.version, b.version) * direction;
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

/** Whether `version` lies inside `constraint`. */
export function allows(constraint: VersionConstraint, version: SemVer): boolean {
  const { lower, upper } = constraint;
  if (lower) {
    const order = compareSemVer(version, lower.version);
    if (order < 0 || (order === 0 && !lower.inclusive)) return false;
  }
  if (upper) {
    const order = compareSemVer(version, upper.version);
    if (order > 0 || (order === 0 && !upper.inclusive)) return false;
  }
  return true;
}

/**
 * The highest of `available` (versions as published) inside `constraint`, or undefined.
 * Pre-releases count only with `installPrerelease` or when a specifier names one.
 */
export function highestAllowed(
  constraint: VersionConstraint,
  available: readonly string[],
  installPrerelease: boolean,
): string | undefined {
  let best: { text: string; version: SemVer } | undefined;
  for (const text of available) {
    const version = parseSpecifier(normalize(text))?.version;
    if (!version || !allows(constraint, version)) continue;
    if (version.prerelease.length > 0 && !installPrerelease && !constraint.namesPrerelease) continue;
    if (!best || compareSemVer(version, best.version) > 0) best = { text, version };
  }
  return best?.text;
}

/**
 * Whether a package version that declares `requireDbtVersion` runs on the dbt version Strata
 * is compatible with; a specifier that does not parse is not held against it.
 */
export function runsOnCompatibleDbt(
  requireDbtVersion: readonly string[],
  dbtVersion = DBT_COMPATIBLE_VERSION,
): boolean {
  const version = parseSemVer(dbtVersion);
  if (!version) return true;
  return requireDbtVersion.every((text) => {
    const specifier = parseSpecifier(normalize(text));
    return specifier === undefined || satisfies(version, specifier);
  });
}
