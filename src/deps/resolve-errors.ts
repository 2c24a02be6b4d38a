/**
 * The errors of resolving packages, each naming every requirement involved (who asked
 * for what, at which file and line) and the source that was tried.
 */
import { StrataError } from '../errors/strata-error.js';
import type { HubSpec, PackageSpec } from './package-spec.js';

const CONFLICT_HINT = 'Change one of the version ranges so that they overlap.';

/** `spec` asks for versions of `name` that none of the `earlier` requirements allows. */
export function versionConflict(name: string, earlier: HubSpec[], spec: HubSpec): StrataError {
  const first = earlier.map((each) => `${each.requiredBy} requires ${formatVersions(each)}`).join(', ');
  return new StrataError(
    `Version conflict for package "${name}": ${first}, but ${spec.requiredBy} requires ${formatVersions(spec)}; ` +
      'no version satisfies both',
    // located at the project's own requirement, the one its author can change
    { location: [spec, ...earlier].find((each) => each.fromProject)?.versionAt, hint: CONFLICT_HINT },
  );
}

/** No published version of `name` (listed at `url`) meets every requirement in `specs`. */
export function noMatchingVersion(name: string, specs: HubSpec[], available: string[], url: string): StrataError {
  const asked = specs.map((spec) => `${formatVersions(spec)} (${spec.requiredBy})`).join(' and ');
  const shown = available.length === 0 ? 'none' : available.join(', ');
  return new StrataError(`No version of package "${name}" satisfies ${asked} on the package hub`, {
    location: specs[specs.length - 1]!.versionAt,
    hint:
      `Versions published at ${url}: ${shown}. Widen the range` +
      (specs.some((spec) => spec.installPrerelease) ? '.' : ', or set "install-prerelease: true" for pre-releases.'),
  });
}

/** Two sources would install as the same folder `name`, and overwrite each other. */
export function nameClash(name: string, first: PackageSpec, second: PackageSpec): StrataError {
  return new StrataError(
    `Two packages install as "${name}": ${describeSpec(first)} (required by ${first.requiredBy}) ` +
      `and ${describeSpec(second)} (required by ${second.requiredBy})`,
    { location: second.at, hint: `Keep one source for package "${name}".` },
  );
}

function formatVersions(spec: HubSpec): string {
  return `[${spec.versions.map((text) => `"${text}"`).join(', ')}]`;
}

function describeSpec(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return `hub package ${spec.name}`;
    case 'git':
      return `git repository ${spec.url}`;
    case 'local':
      return `local folder ${spec.path}`;
    case 'tarball':
      return `tarball ${spec.url}`;
  }
}
